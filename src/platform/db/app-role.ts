/** The NOLOGIN role every application statement runs as: not the table owner, no BYPASSRLS. */
export const APP_ROLE = 'xinfang_app';
