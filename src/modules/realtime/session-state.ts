import type { EntityManager } from '@mikro-orm/postgresql';
import { TenantStatus } from '../tenant/tenant.enums.js';
import { CloseCodes, type CloseReason } from './close-codes.js';
import { sql } from '../../platform/db/tenant-transaction.js';

export interface SessionStateRow {
  id: string;
  tenant_id: string | null;
  revoked_at: Date | null;
  revoked_reason: string | null;
  expires_at: Date;
  user_status: string;
  tenant_status: TenantStatus | null;
}

/** Revocations that mean "you may no longer be here" rather than "sign in again". */
const FORBIDDING_REVOCATIONS = new Set(['MEMBERSHIP_REMOVED', 'TENANT_SUSPENDED']);

/**
 * The state of many sessions in one statement. Sessions, users and tenants are
 * not tenant-owned (no row-level security), so one query covers every socket
 * of the process, whatever its tenant.
 */
export async function sessionStates(em: EntityManager, sessionIds: readonly string[]): Promise<Map<string, SessionStateRow>> {
  if (!sessionIds.length) return new Map();
  const rows = await sql<SessionStateRow>(
    em,
    `select s.id, s.tenant_id, s.revoked_at, s.revoked_reason, s.expires_at, u.status as user_status, t.status as tenant_status
       from session s join app_user u on u.id = s.user_id left join tenant t on t.id = s.tenant_id
      where s.id = any(?::uuid[])`,
    [`{${[...new Set(sessionIds)].join(',')}}`],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Why a socket of this session in this tenant must close now, or null while it may stay. */
export function closeReasonFor(row: SessionStateRow | undefined, tenantId: string, now = new Date()): CloseReason | null {
  if (!row) return { code: CloseCodes.UNAUTHORIZED, reason: 'Session is no longer valid' };
  if (row.revoked_at) {
    const reason = row.revoked_reason ?? 'REVOKED';
    return FORBIDDING_REVOCATIONS.has(reason)
      ? { code: CloseCodes.FORBIDDEN, reason: reason === 'TENANT_SUSPENDED' ? 'Tenant is suspended' : 'Membership was removed' }
      : { code: CloseCodes.UNAUTHORIZED, reason: `Session ended (${reason})` };
  }
  if (row.tenant_status === TenantStatus.SUSPENDED) return { code: CloseCodes.FORBIDDEN, reason: 'Tenant is suspended' };
  if (row.user_status !== 'ACTIVE') return { code: CloseCodes.UNAUTHORIZED, reason: 'Account is no longer active' };
  if (new Date(row.expires_at) <= now) return { code: CloseCodes.UNAUTHORIZED, reason: 'Session expired' };
  // switchTenant moves the session: tokens of the old tenant stop working.
  if (row.tenant_id !== tenantId) return { code: CloseCodes.UNAUTHORIZED, reason: 'Session now acts in another tenant' };
  return null;
}
