import type { Ctx } from '../../shared/context.js';
import { tenantIdOf } from '../../shared/context.js';
import { notFound } from '../../shared/errors.js';
import { Unit } from '../unit/unit.entity.js';
import { DutyShift } from './roster.entity.js';

/** Who is on duty at a moment for a unit. */
export interface OnDutyAnswer {
  at: Date;
  /** The unit whose roster answered: the unit asked about or its nearest ancestor with a shift then; null when nobody is on duty. */
  unitId: string | null;
  /** Members on duty (值班人员). */
  memberIds: string[];
  /** Leaders on call (带班领导). */
  leaderMemberIds: string[];
  shiftIds: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const rosterService = {
  /**
   * Who is on duty at `at` for a unit (default: the tenant's root unit). The
   * unit's own roster answers first, then its parent's, up to the root: a
   * village without a roster is covered by the township duty room.
   */
  async onDuty(ctx: Ctx, at: Date, unitId?: string): Promise<OnDutyAnswer> {
    const tenant = tenantIdOf(ctx);
    const unit = unitId
      ? UUID.test(unitId) ? await ctx.em.findOne(Unit, { tenant, id: unitId }) : null
      : await ctx.em.findOne(Unit, { tenant, depth: 0 });
    if (!unit) throw notFound('Unit');
    const chain = unit.path.split('/').filter(Boolean);
    const shifts = await ctx.em.find(
      DutyShift,
      { tenant, unit: { id: { $in: chain } }, startsAt: { $lte: at }, endsAt: { $gt: at } },
      { orderBy: { startsAt: 'asc', id: 'asc' } },
    );
    for (const id of [...chain].reverse()) {
      const here = shifts.filter((s) => s.unit.id === id);
      if (here.length === 0) continue;
      return {
        at,
        unitId: id,
        memberIds: [...new Set(here.map((s) => s.onDutyMember.id))],
        leaderMemberIds: [...new Set(here.map((s) => s.leaderOnCall.id))],
        shiftIds: here.map((s) => s.id),
      };
    }
    return { at, unitId: null, memberIds: [], leaderMemberIds: [], shiftIds: [] };
  },
};
