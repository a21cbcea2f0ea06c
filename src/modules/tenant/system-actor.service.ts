import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/context.js';
import { ALL_PERMISSIONS, type Permission } from '../../platform/permissions.js';
import { setTenantScope } from '../../platform/db/tenant-scope.js';
import { withSystemContext, type SystemDeps } from '../../platform/system-context.js';
import { Tenant } from './tenant.entity.js';
import { Unit } from '../unit/unit.entity.js';

/** An actor acting in a tenant as one of its members, with the given permissions (all by default). */
export async function tenantActor(
  deps: SystemDeps,
  tenantId: string,
  member: { userId: string; email: string; memberId: string; roleLabels: string[]; leader?: boolean },
  permissions: readonly Permission[] = ALL_PERMISSIONS,
): Promise<Actor> {
  return withSystemContext(deps, null, async (ctx) => {
    await setTenantScope(ctx.em, tenantId, member.userId);
    const tenant = await ctx.em.findOneOrFail(Tenant, { id: tenantId });
    const root = await ctx.em.findOneOrFail(Unit, { tenant: tenantId, depth: 0 }, { filters: false });
    return {
      userId: member.userId,
      sessionId: randomUUID(),
      email: member.email,
      platformAdmin: false,
    platformRole: null,
      tenant: {
        id: tenant.id, slug: tenant.slug, name: tenant.name, timezone: tenant.timezone, status: tenant.status,
        tier: tenant.tier, requestsPerMinute: tenant.quotas().requestsPerMinute,
      },
      memberId: member.memberId,
      unitId: root.id,
      unitPath: root.path,
      roleIds: [],
      roleLabels: member.roleLabels,
      leader: member.leader ?? true,
      permissions: new Set(permissions),
    };
  });
}
