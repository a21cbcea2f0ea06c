import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import type { Actor, Ctx } from './context.js';
import type { Services } from './context.js';
import { Loaders } from './loaders.js';
import { setTenantScope } from './db/tenant-scope.js';
import { PlatformRole } from './platform-roles.js';

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

export function platformActor(userId: string, email: string, role: PlatformRole = PlatformRole.SYSTEM_ADMIN): Actor {
  return {
    userId,
    sessionId: randomUUID(),
    email,
    platformAdmin: true,
    platformRole: role,
    tenant: null,
    memberId: null,
    unitId: null,
    unitPath: null,
    roleIds: [],
    roleLabels: [role],
    leader: false,
    permissions: new Set(),
  };
}
