// The sending organ's settings for its 交办 (sign-in days, 提级督办 return limit).
import { ref } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { requireMember } from '../../platform/authz.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { ReferralSettings } from './referral-settings.entity.js';

export const REFERRAL_DEFAULTS = { signInWorkingDays: 1, returnsEscalateAt: 3 } as const;

export interface ReferralTerms { signInWorkingDays: number; returnsEscalateAt: number }

export const referralSettingsService = {
  /** A tenant's terms; `tenantId` is the caller's scope or, for the system sweeper, the tenant it set. */
  async of(ctx: Ctx, tenantId: string): Promise<ReferralTerms> {
    const row = await ctx.em.findOne(ReferralSettings, { tenant: tenantId }, { filters: false });
    return { signInWorkingDays: row?.signInWorkingDays ?? REFERRAL_DEFAULTS.signInWorkingDays, returnsEscalateAt: row?.returnsEscalateAt ?? REFERRAL_DEFAULTS.returnsEscalateAt };
  },

  mine(ctx: Ctx): Promise<ReferralTerms> {
    return this.of(ctx, requireMember(ctx).tenant.id);
  },

  async update(ctx: Ctx, input: { signInWorkingDays?: number | null; returnsEscalateAt?: number | null }): Promise<Outcome<ReferralTerms>> {
    return audited(ctx, 'referral.update_settings', async (tx) => {
      await validateInput(input);
      const tenantId = requireMember(tx).tenant.id;
      let row = await tx.em.findOne(ReferralSettings, { tenant: tenantId });
      if (!row) {
        row = tx.em.create(ReferralSettings, { tenant: ref(Tenant, tenantId) });
        tx.em.persist(row);
      }
      if (input.signInWorkingDays != null) row.signInWorkingDays = input.signInWorkingDays;
      if (input.returnsEscalateAt != null) row.returnsEscalateAt = input.returnsEscalateAt;
      return { result: { signInWorkingDays: row.signInWorkingDays, returnsEscalateAt: row.returnsEscalateAt }, target: { type: 'ReferralSettings', id: row.id } };
    });
  },
};
