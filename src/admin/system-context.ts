import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { Actor, Ctx } from '../shared/context.js';
import type { Services } from '../shared/services.js';
import { Loaders } from '../shared/loaders.js';
import { ALL_PERMISSIONS, type Permission } from '../shared/permissions.js';
import { setTenantScope } from '../db/tenant-scope.js';
import { Tenant } from '../modules/tenant/tenant.entity.js';
import { Unit } from '../modules/unit/unit.entity.js';

export interface SystemDeps {
  orm: MikroORM;
  config: Config;
  logger: Logger;
  services: Services;
}

/**
 * Runs work in one transaction outside any HTTP request (CLI, seed, sweeper),
 * as a given actor. The work still goes through the services, so every change
 * is logged like one made through the API.
 */
export async function withSystemContext<T>(deps: SystemDeps, actor: Actor | null, work: (ctx: Ctx) => Promise<T>): Promise<T> {
  const em = deps.orm.em.fork({ clear: true, useContext: false });
  const ctx: Ctx = {
    orm: deps.orm,
    config: deps.config,
    log: deps.logger,
    request: { requestId: `system-${randomUUID()}`, clientAddress: null, userAgent: 'xinfang-admin' },
    actor,
    em,
    loaders: new Loaders(),
    services: deps.services,
  };
  await em.begin();
  try {
    await setTenantScope(em, actor?.tenant?.id ?? null, actor?.userId ?? null);
    const result = await work(ctx);
    await em.commit();
    return result;
  } catch (error) {
    await em.rollback();
    throw error;
  }
}

export function platformActor(userId: string, email: string): Actor {
  return {
    userId,
    sessionId: randomUUID(),
    email,
    platformAdmin: true,
    tenant: null,
    memberId: null,
    unitId: null,
    unitPath: null,
    roleIds: [],
    roleLabels: ['PLATFORM_ADMIN'],
    leader: false,
    permissions: new Set(),
  };
}

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
