import type { Ctx } from '../../shared/context.js';
import { tenantIdOf } from '../../shared/context.js';
import { AlertPeriod } from './alert-period.entity.js';

export const alertPeriodService = {
  /** Periods on at `at` (not cancelled), with their units loaded. */
  async onAt(ctx: Ctx, at: Date): Promise<AlertPeriod[]> {
    return ctx.em.find(
      AlertPeriod,
      { tenant: tenantIdOf(ctx), startsAt: { $lte: at }, endsAt: { $gt: at }, cancelledAt: null },
      { populate: ['unit'], orderBy: { startsAt: 'asc', id: 'asc' } },
    );
  },

  /**
   * Whether an alert period covers `unitPath` at `at`: a period declared for a
   * unit covers that unit's subtree. Without a unit path, only periods
   * declared for the whole tenant (its root unit) count.
   */
  async activeAt(ctx: Ctx, at: Date, unitPath?: string): Promise<boolean> {
    const periods = await this.onAt(ctx, at);
    return periods.some((p) => {
      const unit = p.unit.getEntity();
      return unitPath ? unitPath.startsWith(unit.path) : unit.depth === 0;
    });
  },
};
