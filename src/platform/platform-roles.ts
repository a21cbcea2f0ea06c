/**
 * The three platform administrators (三员分立, GB/T 22239-2019 level 3): each
 * holds exactly one role, and none can do another's work.
 */
export enum PlatformRole {
  /** 系统管理员: provisions and configures tenants. */
  SYSTEM_ADMIN = 'SYSTEM_ADMIN',
  /** 安全管理员: grants and revokes the platform roles. */
  SECURITY_ADMIN = 'SECURITY_ADMIN',
  /** 安全审计员: reads the platform log, the role grants and, where a tenant grants it, that tenant's log. */
  AUDIT_ADMIN = 'AUDIT_ADMIN',
}
