import type { PlatformRole } from '../../platform/platform-roles.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../platform/context.js';
import { forbidden, unauthenticated } from '../../platform/errors.js';
import { isPermission, type Permission } from '../../platform/permissions.js';
import { TIER_QUOTAS, type SubscriptionTier, TenantStatus } from '../tenant/tenant.enums.js';
import type { AccessClaims } from './tokens.service.js';

interface ActorRow {
  session_id: string;
  revoked_at: Date | null;
  expires_at: Date;
  session_tenant_id: string | null;
  user_id: string;
  email: string;
  user_status: string;
  platform_admin: boolean;
  platform_role: PlatformRole | null;
  tenant_id: string | null;
  slug: string | null;
  tenant_name: string | null;
  timezone: string | null;
  tenant_status: TenantStatus | null;
  tier: SubscriptionTier | null;
  quota_overrides: { requestsPerMinute?: number } | null;
  member_id: string | null;
  member_status: string | null;
  unit_id: string | null;
  unit_path: string | null;
  role_ids: string[] | null;
  role_labels: string[] | null;
  permissions: string[] | null;
  leader: boolean | null;
}

/**
 * One statement: the session, the user, the tenant, the membership with its
 * unit, and the permissions of the member's roles and every role below them.
 * Runs inside the operation's transaction after the tenant was set for RLS.
 */
const ACTOR_SQL = `
select s.id as session_id, s.revoked_at, s.expires_at, s.tenant_id as session_tenant_id,
       u.id as user_id, u.email, u.status as user_status, u.platform_admin, u.platform_role,
       t.id as tenant_id, t.slug, t.name as tenant_name, t.timezone, t.status as tenant_status, t.tier, t.quota_overrides,
       m.id as member_id, m.status as member_status, m.unit_id, un.path as unit_path,
       r.role_ids, r.role_labels, r.permissions, r.leader
from session s
join app_user u on u.id = s.user_id
left join tenant t on t.id = s.tenant_id
left join member m on m.tenant_id = s.tenant_id and m.user_id = s.user_id and m.status = 'ACTIVE'
left join unit un on un.tenant_id = m.tenant_id and un.id = m.unit_id
left join lateral (
  with recursive below(id) as (
    select mr.role_id from member_role mr where mr.tenant_id = m.tenant_id and mr.member_id = m.id
    union
    select c.id from role c join below b on c.parent_id = b.id where c.tenant_id = m.tenant_id
  )
  select
    (select array_agg(mr.role_id) from member_role mr where mr.tenant_id = m.tenant_id and mr.member_id = m.id) as role_ids,
    (select array_agg(coalesce(ro.key, ro.name)) from member_role mr join role ro on ro.tenant_id = mr.tenant_id and ro.id = mr.role_id
       where mr.tenant_id = m.tenant_id and mr.member_id = m.id) as role_labels,
    (select array_agg(distinct p) from role ro, unnest(ro.permissions) p where ro.tenant_id = m.tenant_id and ro.id in (select id from below)) as permissions,
    (select bool_or(ro.leader) from role ro where ro.tenant_id = m.tenant_id and ro.id in (select id from below)) as leader
) r on m.id is not null
where s.id = ? and s.user_id = ?`;

export async function loadActor(em: EntityManager, claims: AccessClaims): Promise<Actor> {
  const [row] = await em.getConnection().execute<ActorRow[]>(ACTOR_SQL, [claims.sid, claims.sub], 'all', em.getTransactionContext());
  if (!row || row.revoked_at || new Date(row.expires_at) < new Date() || row.user_status !== 'ACTIVE') {
    throw unauthenticated('Session is no longer valid');
  }
  if ((row.session_tenant_id ?? undefined) !== claims.tid) throw unauthenticated('Session is no longer valid');
  if (claims.tid) {
    if (!row.tenant_id) throw unauthenticated('Session is no longer valid');
    if (row.tenant_status === TenantStatus.SUSPENDED) {
      const err = forbidden('Tenant is suspended');
      (err.extensions as Record<string, unknown>).reason = 'TENANT_SUSPENDED';
      throw err;
    }
    if (!row.member_id) throw unauthenticated('Membership is no longer active');
  }
  const tier = row.tier ?? null;
  return {
    userId: row.user_id,
    sessionId: row.session_id,
    email: row.email,
    platformAdmin: row.platform_admin,
    platformRole: row.platform_role,
    tenant: row.tenant_id
      ? {
          id: row.tenant_id,
          slug: row.slug!,
          name: row.tenant_name!,
          timezone: row.timezone!,
          status: row.tenant_status!,
          tier: tier!,
          requestsPerMinute: row.quota_overrides?.requestsPerMinute ?? TIER_QUOTAS[tier!].requestsPerMinute,
        }
      : null,
    memberId: row.member_id,
    unitId: row.unit_id,
    unitPath: row.unit_path,
    roleIds: row.role_ids ?? [],
    roleLabels: row.role_labels ?? [],
    leader: !!row.leader,
    permissions: new Set((row.permissions ?? []).filter(isPermission) as Permission[]),
  };
}
