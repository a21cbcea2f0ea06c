// An endpoint acts as a service principal of its tenant: the permissions of
// its role (and the roles below it) over the whole unit tree, no membership.
// Being no member it cannot be excluded from a confidential case, so the
// outbox never hands it one (incidentVisibility.confidentialSql).
import { randomUUID } from 'node:crypto';
import type { Actor, Ctx } from '../../platform/context.js';
import { RoleGraph } from '../role/role.service.js';
import { Role } from '../role/role.entity.js';

export const PRINCIPAL_LABEL = 'WEBHOOK_ENDPOINT';

/** The principal of endpoint `endpointId` holding `roleId`; null when the role or the root unit is gone. */
export async function endpointPrincipal(ctx: Ctx, tenantId: string, endpointId: string, roleId: string): Promise<Actor | null> {
  const conn = ctx.em;
  const [tenant] = await conn.execute<{ id: string; slug: string; name: string; timezone: string; status: string; tier: string; root_path: string | null }[]>(
    `select t.id, t.slug, t.name, t.timezone, t.status, t.tier,
       (select u.path from unit u where u.tenant_id = t.id and u.parent_id is null order by u.created_at limit 1) as root_path
     from tenant t where t.id = ?`,
    [tenantId],
  );
  if (!tenant?.root_path) return null;
  const roles = await ctx.em.find(Role, { tenant: tenantId });
  const graph = new RoleGraph(new Map(roles.map((r) => [r.id, r])));
  if (!graph.roles.has(roleId)) return null;
  return {
    userId: endpointId,
    sessionId: randomUUID(),
    email: `webhook-endpoint:${endpointId}`,
    platformAdmin: false,
    platformRole: null,
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, timezone: tenant.timezone, status: tenant.status, tier: tenant.tier, requestsPerMinute: 0 },
    memberId: endpointId,
    unitId: null,
    unitPath: tenant.root_path,
    roleIds: [roleId],
    roleLabels: [PRINCIPAL_LABEL],
    leader: graph.isLeader(roleId),
    permissions: new Set(graph.effectivePermissions(roleId)),
  };
}
