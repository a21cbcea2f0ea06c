export enum PlatformAdminErrorCode {
  /** No one grants or changes their own platform role (三员分立). */
  OWN_PLATFORM_ROLE = 'OWN_PLATFORM_ROLE',
}
