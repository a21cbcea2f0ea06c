import { Arg, Ctx as GqlCtx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { unitSubtree } from '../../platform/unit-subtree.js';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { toLocalIso } from '../../platform/zoned-time.js';
import { UnitNode } from '../unit/unit.types.js';
import { unitService } from '../unit/unit.service.js';
import { StaffRef } from '../plan/plan.types.js';
import { staffRefOf, staffRefs } from '../plan/staff.loaders.js';
import { DutyShift } from './roster.entity.js';
import { rosterService, visibleUnitsWhere } from './roster.service.js';
import { DutyShiftConnection, DutyShiftNode, DutyShiftPayload, OnDutyNode, RecordHandoverInput, SaveRosterInput, SaveRosterPayload } from './roster.types.js';

const tz = (ctx: Ctx) => ctx.actor?.tenant?.timezone ?? 'Asia/Shanghai';

nodeFetchers.set('DutyShift', async (ctx, id) => {
  if (!ctx.actor?.permissions.has(Permission.PLAN_READ) || !ctx.actor.unitPath) return null;
  const shift = await ctx.em.findOne(DutyShift, { $and: [{ id }, visibleUnitsWhere(ctx.actor.unitPath)] });
  return shift ? DutyShiftNode.from(shift, tz(ctx)) : null;
});

/** A unit named by a roster: shown when it lies in the caller's subtree or above it (its duty room). */
async function visibleUnit(ctx: Ctx, unitId: string | null): Promise<UnitNode | null> {
  if (!unitId || !ctx.actor?.unitPath) return null;
  const unit = await unitService.loader(ctx).load(unitId);
  if (!unit) return null;
  return unitSubtree.related(unit.path, ctx.actor.unitPath) ? UnitNode.from(unit) : null;
}

@Resolver(() => DutyShiftNode)
export class RosterResolver {
  @Query(() => DutyShiftConnection, { description: 'Duty shifts of the caller\'s units and the units above them, in time order. 值班表。' })
  @Allow.member(Permission.PLAN_READ)
  dutyShifts(
    @GqlCtx() ctx: Ctx,
    @Arg('unitId', () => ID, { nullable: true }) unitId: string | null,
    @Arg('from', () => Date, { nullable: true, description: 'Shifts ending after this moment.' }) from: Date | null,
    @Arg('to', () => Date, { nullable: true, description: 'Shifts starting before this moment.' }) to: Date | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    return rosterService.list(ctx, { unitId, from, to }, { first, after });
  }

  @Query(() => OnDutyNode, {
    description: 'Who is on duty at a moment (default now) for a unit (default the caller\'s): its own roster, else the nearest unit above it with a shift then. 当前值班人员。',
  })
  @Allow.member(Permission.PLAN_READ)
  async onDuty(
    @GqlCtx() ctx: Ctx,
    @Arg('at', () => Date, { nullable: true }) at: Date | null,
    @Arg('unitId', () => ID, { nullable: true }) unitId: string | null,
  ): Promise<OnDutyNode> {
    const moment = at ?? new Date();
    const { answer, shifts } = await rosterService.onDutyFor(ctx, moment, unitId);
    return Object.assign(new OnDutyNode(), {
      at: moment,
      localTime: toLocalIso(moment, tz(ctx)),
      shifts: shifts.map((s) => DutyShiftNode.from(s, tz(ctx))),
      unitId: answer.unitId,
      memberIds: answer.memberIds,
      leaderMemberIds: answer.leaderMemberIds,
    });
  }

  @FieldResolver(() => UnitNode, { nullable: true })
  unit(@Root() shift: DutyShiftNode, @GqlCtx() ctx: Ctx): Promise<UnitNode | null> {
    return visibleUnit(ctx, shift.unitId);
  }

  @FieldResolver(() => StaffRef, { nullable: true, description: 'The member on duty (值班人员).' })
  onDutyMember(@Root() shift: DutyShiftNode, @GqlCtx() ctx: Ctx): Promise<StaffRef | null> {
    return staffRefOf(ctx, shift.onDutyMemberId);
  }

  @FieldResolver(() => StaffRef, { nullable: true, description: 'The leader on call (带班领导).' })
  leaderOnCall(@Root() shift: DutyShiftNode, @GqlCtx() ctx: Ctx): Promise<StaffRef | null> {
    return staffRefOf(ctx, shift.leaderOnCallId);
  }

  @FieldResolver(() => StaffRef, { nullable: true })
  handedOverBy(@Root() shift: DutyShiftNode, @GqlCtx() ctx: Ctx): Promise<StaffRef | null> {
    return staffRefOf(ctx, shift.handedOverById);
  }

  @Mutation(() => SaveRosterPayload, { description: 'Saves a unit\'s roster for a window of local days; gaps and overlaps come back as warnings. 保存值班表。' })
  @Allow.member(Permission.ROSTER_MANAGE)
  async saveRoster(@GqlCtx() ctx: Ctx, @Arg('input', () => SaveRosterInput) input: SaveRosterInput): Promise<SaveRosterPayload> {
    const outcome = await rosterService.save(ctx, input);
    const payload = toPayload(SaveRosterPayload, outcome, (r) => ({ unit: UnitNode.from(r.unit), shifts: r.shifts.map((s) => DutyShiftNode.from(s, tz(ctx))), warnings: r.warnings }));
    payload.warnings ??= [];
    return payload;
  }

  @Mutation(() => DutyShiftPayload, { description: 'Records the handover notes of a shift. 交接班记录。' })
  @Allow.member()
  async recordHandover(@GqlCtx() ctx: Ctx, @Arg('input', () => RecordHandoverInput) input: RecordHandoverInput): Promise<DutyShiftPayload> {
    return toPayload(DutyShiftPayload, await rosterService.recordHandover(ctx, input), (s) => ({ shift: DutyShiftNode.from(s, tz(ctx)) }));
  }
}

@Resolver(() => OnDutyNode)
export class OnDutyFieldResolver {
  @FieldResolver(() => UnitNode, { nullable: true, description: 'The unit whose roster answered; null when nobody is on duty. 值班单位。' })
  unit(@Root() o: OnDutyNode, @GqlCtx() ctx: Ctx): Promise<UnitNode | null> {
    return visibleUnit(ctx, o.unitId);
  }

  @FieldResolver(() => [StaffRef], { description: 'Members on duty. 值班人员。' })
  onDuty(@Root() o: OnDutyNode, @GqlCtx() ctx: Ctx): Promise<StaffRef[]> {
    return staffRefs(ctx, o.memberIds);
  }

  @FieldResolver(() => [StaffRef], { description: 'Leaders on call. 带班领导。' })
  leadersOnCall(@Root() o: OnDutyNode, @GqlCtx() ctx: Ctx): Promise<StaffRef[]> {
    return staffRefs(ctx, o.leaderMemberIds);
  }
}
