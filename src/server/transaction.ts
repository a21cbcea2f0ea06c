import type { OperationCtx } from './context.js';
import { loadActor } from '../modules/session/actor.service.js';
import { rateLimited } from '../platform/errors.js';
import { setTenantScope } from '../platform/db/tenant-scope.js';

/**
 * Opens the operation's transaction: the application role is already set on
 * the connection; here the tenant and user are set for row-level security,
 * then the caller is resolved.
 */
export async function beginOperation(ctx: OperationCtx): Promise<void> {
  await ctx.em.begin();
  ctx.txOpen = true;
  await setTenantScope(ctx.em, ctx.claims?.tid ?? null, ctx.claims?.sub ?? null);
  if (ctx.claims) {
    ctx.actor = await loadActor(ctx.em, ctx.claims);
    const tenant = ctx.actor.tenant;
    if (tenant) {
      const key = `tenant:${tenant.id}`;
      const wait = ctx.services.localLimiter.take(key, tenant.requestsPerMinute);
      ctx.rateLimit = { limit: tenant.requestsPerMinute, ...ctx.services.localLimiter.remaining(key, tenant.requestsPerMinute) };
      if (wait > 0) throw rateLimited(wait);
    }
  }
}

export async function endOperation(ctx: OperationCtx, commit: boolean): Promise<void> {
  if (!ctx.txOpen) return;
  ctx.txOpen = false;
  if (commit) await ctx.em.commit();
  else await ctx.em.rollback();
}
