// Who may see a referral: exactly the two tenants of it (the sender owns the
// row, the receiver reads it under a second row-level policy). Written once,
// used by every reader and every step.
import { LockMode } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { requireMember } from '../../platform/authz.js';
import { notFound } from '../../platform/errors.js';
import { idOf } from '../../platform/ids.js';
import { Referral, TenantLink } from './referral.entity.js';
import { TenantLinkKind } from './referral.enums.js';

export const referralAccess = {
  /** The referral if the caller's tenant is its sender or receiver; null otherwise (NOT_FOUND to the caller). */
  async find(ctx: Ctx, id: string, lock = false): Promise<Referral | null> {
    const me = requireMember(ctx).tenant.id;
    return ctx.em.findOne(
      Referral,
      { id, $or: [{ tenant: me }, { receiverTenantId: me }] },
      // The tenant filter names the owner only; the receiver's side is this condition and the row policy.
      { filters: false, ...(lock ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } : {}) },
    );
  },

  async get(ctx: Ctx, globalId: string, field: string[], lock = false): Promise<Referral> {
    const referral = await this.find(ctx, idOf('Referral', globalId, field), lock);
    if (!referral) throw notFound('Referral', field);
    return referral;
  },

  /** Whether `from` may refer to `to`: an upper organ down to its lower one (交办, 转送) or either way between peers (转送). */
  async linkBetween(ctx: Ctx, from: string, to: string): Promise<TenantLink | null> {
    const links = await ctx.em.find(TenantLink, { $or: [{ upper: from, lower: to }, { upper: to, lower: from }] });
    return links.find((l) => (l.upper.id === from && l.lower.id === to) || l.kind === TenantLinkKind.PEER) ?? null;
  },
};
