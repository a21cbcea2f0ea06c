import type { Ctx } from '../../shared/context.js';
import { tenantIdOf } from '../../shared/context.js';
import { notFound } from '../../shared/errors.js';
import type { PlanSnapshot } from './plan.model.js';
import { Plan, PlanStatus } from './plan.entity.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function snapshotOf(plan: Plan): PlanSnapshot {
  return { planId: plan.id, version: plan.version, title: plan.title, levels: plan.levels };
}

export const planService = {
  /** The tenant's PUBLISHED version as incidents pin it, or null when none was published yet. */
  async activeSnapshot(ctx: Ctx): Promise<PlanSnapshot | null> {
    const plan = await ctx.em.findOne(Plan, { tenant: tenantIdOf(ctx), status: PlanStatus.PUBLISHED });
    return plan ? snapshotOf(plan) : null;
  },

  /** Any version of the tenant's plan by uuid (an incident keeps the version it opened under); NOT_FOUND otherwise. */
  async snapshot(ctx: Ctx, planId: string): Promise<PlanSnapshot> {
    const plan = UUID.test(planId) ? await ctx.em.findOne(Plan, { tenant: tenantIdOf(ctx), id: planId }) : null;
    if (!plan) throw notFound('Plan');
    return snapshotOf(plan);
  },
};
