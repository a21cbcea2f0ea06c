import type { EntityManager } from '@mikro-orm/postgresql';
import type { LogChange } from './log.entity.js';
import { appendPlatformLog } from './log-writer.js';
import type { Ctx } from '../context.js';
import { DomainError, DomainErrors } from '../errors.js';
import type { Outcome } from './mutation.js';

export interface PlatformAudited<T> {
  result: T;
  target?: { type: string; id: string } | null;
  tenantId?: string | null;
  changes: LogChange[];
  reason?: string | null;
}

/**
 * audited() for platform-level work that touches no tenant (the platform
 * roles): the change and its platform log entry commit together in a
 * savepoint, or neither does; a rule failure becomes userErrors.
 */
export async function platformAudited<T>(ctx: Ctx, action: string, work: (tx: Ctx) => Promise<PlatformAudited<T>>): Promise<Outcome<T>> {
  try {
    const value = await ctx.em.transactional(async (em) => {
      const tx: Ctx = { ...ctx, em: em as EntityManager };
      const out = await work(tx);
      await em.flush();
      await appendPlatformLog(em as EntityManager, {
        actorUserId: ctx.actor?.userId ?? null,
        action,
        targetType: out.target?.type ?? null,
        targetId: out.target?.id ?? null,
        tenantId: out.tenantId ?? null,
        changes: out.changes,
        reason: out.reason ?? null,
        requestId: ctx.request.requestId,
        clientAddress: ctx.request.clientAddress,
      });
      return out.result;
    });
    ctx.loaders.clearAll();
    return { ok: true, value };
  } catch (error) {
    ctx.loaders.clearAll();
    if (error instanceof DomainError) return { ok: false, errors: [error] };
    if (error instanceof DomainErrors) return { ok: false, errors: error.errors };
    throw error;
  }
}
