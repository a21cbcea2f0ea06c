// Who may see a concern, written once: a member whose subtree or jurisdiction
// covers the concern's unit (as for incidents of that unit).
import { LockMode } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { DomainError, CommonErrorCode, notFound } from '../../platform/errors.js';
import { requireMember } from '../../platform/authz.js';
import { unitSubtree } from '../../platform/unit-subtree.js';
import { Concern } from './concern.entity.js';

/** The ORM condition: the concern's unit lies in the caller's subtree or jurisdiction. */
export function visibleConcernWhere(ctx: Ctx): Record<string, unknown> {
  const actor = requireMember(ctx);
  const paths = [...new Set([actor.unitPath!, ...(actor.jurisdiction ?? [])].filter(Boolean))];
  return { $or: paths.map((p) => ({ unit: { path: unitSubtree.where(p) } })) };
}

export const concernAccess = {
  async find(ctx: Ctx, id: string): Promise<Concern | null> {
    return ctx.em.findOne(Concern, { $and: [{ id }, visibleConcernWhere(ctx)] });
  },

  async get(ctx: Ctx, id: string, field: string[]): Promise<Concern> {
    const concern = await this.find(ctx, id);
    if (!concern) throw notFound('Concern', field);
    return concern;
  },

  /** The opening of every concern mutation: visible, locked, at the version the caller expects. */
  async lock(ctx: Ctx, id: string, expectedVersion?: number | null): Promise<Concern> {
    await this.get(ctx, id, ['input', 'concernId']);
    const locked = await ctx.em.findOneOrFail(Concern, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (expectedVersion !== undefined && expectedVersion !== null && locked.version !== expectedVersion) {
      throw new DomainError(CommonErrorCode.STALE_OBJECT, `The concern changed (version ${locked.version}, expected ${expectedVersion}); reload it`, ['input', 'expectedVersion']);
    }
    return locked;
  },
};
