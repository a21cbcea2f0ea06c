import { ref } from '@mikro-orm/core';
import { unitSubtree } from '../../platform/unit-subtree.js';
import type { Ctx } from '../../platform/context.js';
import { tenantIdOf } from '../../platform/context.js';
import { DomainError, DomainErrors, invalid, notFound } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { idOf, parseGlobalId } from '../../platform/ids.js';
import { requireMember, unitInScope } from '../../platform/authz.js';
import { Permission } from '../../platform/permissions.js';
import { pageRequest, toConnection, type PageArgs } from '../../platform/graphql/relay.js';
import { addDays, isLocalDate, isLocalTime, localToInstant, toLocalIso } from '../../platform/zoned-time.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { UnitErrorCode } from '../unit/unit.errors.js';
import { unitService } from '../unit/unit.service.js';
import { Member, MemberRole, MemberStatus } from '../member/member.entity.js';
import { roleService } from '../role/role.service.js';
import { memberService } from '../member/member.service.js';
import { DutyShift } from './roster.entity.js';
import { RosterErrorCode } from './roster.errors.js';
import { gapsIn, overlapsIn, type Interval } from './roster.gaps.js';
import { DutyShiftConnection, DutyShiftNode, RosterWarning, RosterWarningCode, type RecordHandoverInput, type SaveRosterInput } from './roster.types.js';

/** A shift running at the moment asked, as onDutyFrom reads it. */
export interface RunningShift {
  id: string;
  unitId: string;
  onDutyMemberId: string;
  leaderOnCallId: string;
}

/**
 * The answer from the shifts running at `at` on the unit's chain (ordered by
 * start, then id): the nearest unit with a shift answers.
 */
export function onDutyFrom(at: Date, unitPath: string, shifts: RunningShift[]): OnDutyAnswer {
  const chain = unitPath.split('/').filter(Boolean);
  for (const id of [...chain].reverse()) {
    const here = shifts.filter((s) => s.unitId === id);
    if (here.length === 0) continue;
    return {
      at,
      unitId: id,
      memberIds: [...new Set(here.map((s) => s.onDutyMemberId))],
      leaderMemberIds: [...new Set(here.map((s) => s.leaderOnCallId))],
      shiftIds: here.map((s) => s.id),
    };
  }
  return { at, unitId: null, memberIds: [], leaderMemberIds: [], shiftIds: [] };
}

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

export interface SaveRosterResult {
  unit: Unit;
  shifts: DutyShift[];
  warnings: RosterWarning[];
}

/** HH:mm from HH:mm[:ss[.SSS]]; null when not a time to the minute. */
function toMinute(time: string): string | null {
  const hm = time.slice(0, 5);
  return isLocalTime(hm) && /^(:00(\.0+)?)?$/.test(time.slice(5)) ? hm : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_WINDOW_DAYS = 62;

function timezoneOf(ctx: Ctx): string {
  return ctx.actor?.tenant?.timezone ?? 'Asia/Shanghai';
}

/** Units whose rosters a member sees: its subtree and the units above it (whose duty room covers it). */
export function visibleUnitsWhere(unitPath: string) {
  const chain = unitPath.split('/').filter(Boolean);
  return { $or: [{ unit: { path: unitSubtree.where(unitPath) } }, { unit: { id: { $in: chain } } }] };
}

function warning(code: RosterWarningCode, i: Interval, tz: string, message: string): RosterWarning {
  return Object.assign(new RosterWarning(), {
    code,
    from: i.start,
    to: i.end,
    localFrom: toLocalIso(i.start, tz),
    localTo: toLocalIso(i.end, tz),
    minutes: Math.round((i.end.getTime() - i.start.getTime()) / 60_000),
    message,
  });
}

export const rosterService = {
  /**
   * Who is on duty at `at` for a unit (default: the tenant's root unit). The
   * unit's own roster answers first, then its parent's, up to the root: a
   * village without a roster is covered by the township duty room.
   */
  async onDuty(ctx: Ctx, at: Date, unitId?: string): Promise<OnDutyAnswer> {
    const tenant = tenantIdOf(ctx);
    const unit = unitId
      ? UUID.test(unitId) ? await ctx.em.findOne(Unit, { tenant, id: unitId.toLowerCase() }) : null
      : await ctx.em.findOne(Unit, { tenant, depth: 0 });
    if (!unit) throw notFound('Unit');
    const chain = unit.path.split('/').filter(Boolean);
    const shifts = await ctx.em.find(
      DutyShift,
      { tenant, unit: { id: { $in: chain } }, startsAt: { $lte: at }, endsAt: { $gt: at } },
      { orderBy: { startsAt: 'asc', id: 'asc' } },
    );
    return onDutyFrom(at, unit.path, shifts.map((s) => ({ id: s.id, unitId: s.unit.id, onDutyMemberId: s.onDutyMember.id, leaderOnCallId: s.leaderOnCall.id })));
  },

  /** onDuty for the API: the unit must lie in the caller's subtree (default: the caller's unit). */
  async onDutyFor(ctx: Ctx, at: Date, unitGlobalId: string | null): Promise<{ answer: OnDutyAnswer; shifts: DutyShift[] }> {
    const actor = requireMember(ctx);
    const unitId = unitGlobalId ? (await unitService.getInScope(ctx, unitGlobalId, ['unitId'])).id : actor.unitId!;
    const answer = await this.onDuty(ctx, at, unitId);
    const shifts = answer.shiftIds.length ? await ctx.em.find(DutyShift, { id: { $in: answer.shiftIds } }, { orderBy: { startsAt: 'asc', id: 'asc' } }) : [];
    return { answer, shifts };
  },

  async getVisible(ctx: Ctx, globalId: string, field: string[] | null = null): Promise<DutyShift> {
    const actor = requireMember(ctx);
    const shift = await ctx.em.findOne(DutyShift, { $and: [{ id: idOf('DutyShift', globalId, field) }, visibleUnitsWhere(actor.unitPath)] });
    if (!shift) throw notFound('DutyShift', field);
    return shift;
  },

  /** Shifts of the visible units (or of one unit) overlapping [from, to), in time order. */
  async list(ctx: Ctx, filter: { unitId?: string | null; from?: Date | null; to?: Date | null }, page: PageArgs) {
    const actor = requireMember(ctx);
    const { limit, after } = pageRequest(page, ctx.config.limits.maxPageSize);
    const parts: Record<string, unknown>[] = [visibleUnitsWhere(actor.unitPath)];
    if (filter.unitId) {
      // A unit outside the caller's view is NOT_FOUND, not an empty list.
      const unit = await ctx.em.findOne(Unit, { id: idOf('Unit', filter.unitId, ['unitId']) });
      if (!unit || !unitSubtree.related(unit.path, actor.unitPath)) throw notFound('Unit', ['unitId']);
      parts.push({ unit: { id: unit.id } });
    }
    if (filter.from) parts.push({ endsAt: { $gt: filter.from } });
    if (filter.to) parts.push({ startsAt: { $lt: filter.to } });
    const where = { $and: parts };
    let pageWhere: Record<string, unknown> = where;
    if (after) {
      const [t, id] = after;
      if (typeof t !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(t))) throw invalid('after is not a cursor of this list', ['after']);
      pageWhere = { $and: [...parts, { $or: [{ startsAt: { $gt: new Date(t) } }, { startsAt: new Date(t), id: { $gt: id } }] }] };
    }
    const rows = await ctx.em.find(DutyShift, pageWhere, { orderBy: { startsAt: 'asc', id: 'asc' }, limit: limit + 1 });
    const tz = timezoneOf(ctx);
    return toConnection(DutyShiftConnection, rows, limit, !!after, (s) => [s.startsAt.toISOString(), s.id], (s) => DutyShiftNode.from(s, tz), () => ctx.em.count(DutyShift, where));
  },

  /**
   * Replaces the unit's shifts that start inside the window (local days,
   * inclusive) with the ones given, then reports the stretches of the window
   * nobody covers (and overlaps) as warnings.
   */
  async save(ctx: Ctx, input: SaveRosterInput): Promise<Outcome<SaveRosterResult>> {
    return audited(ctx, 'roster.save', async (tx) => {
      await validateInput(input);
      const actor = requireMember(tx);
      const tz = timezoneOf(tx);
      const unit = await unitService.getInScope(tx, input.unitId, ['input', 'unitId']);
      if (unit.archivedAt) throw new DomainError(UnitErrorCode.UNIT_ARCHIVED, 'The unit is archived', ['input', 'unitId']);
      const errors: DomainError[] = [];
      if (!isLocalDate(input.from)) errors.push(invalid('must be a date YYYY-MM-DD', ['input', 'from']));
      if (!isLocalDate(input.to)) errors.push(invalid('must be a date YYYY-MM-DD', ['input', 'to']));
      if (errors.length) throw new DomainErrors(errors);
      const days = Math.round((Date.parse(`${input.to}T00:00:00Z`) - Date.parse(`${input.from}T00:00:00Z`)) / 86_400_000) + 1;
      if (days < 1 || days > MAX_WINDOW_DAYS) {
        throw new DomainError(RosterErrorCode.INVALID_WINDOW, `The window runs from a day to a later or the same day, at most ${MAX_WINDOW_DAYS} days`, ['input', 'to']);
      }
      const window: Interval = { start: localToInstant(input.from, '00:00', tz), end: localToInstant(addDays(input.to, 1), '00:00', tz) };

      // Members: one query for all of them, one for their roles.
      const memberIds = new Map<string, string>();
      input.shifts.forEach((s, i) => {
        for (const f of ['onDutyMemberId', 'leaderOnCallMemberId'] as const) {
          const parsed = parseGlobalId(s[f]);
          if (!parsed || parsed.type !== 'Member') errors.push(notFound('Member', ['input', 'shifts', String(i), f]));
          else memberIds.set(s[f], parsed.id);
        }
      });
      const ids = [...new Set(memberIds.values())];
      const [members, links, graph] = await Promise.all([
        ids.length ? tx.em.find(Member, { id: { $in: ids } }, { populate: ['unit'] }) : Promise.resolve([]),
        ids.length ? tx.em.find(MemberRole, { member: { id: { $in: ids } } }) : Promise.resolve([]),
        roleService.graph(tx),
      ]);
      const byId = new Map(members.map((m) => [m.id, m]));
      const leaders = new Set(links.filter((l) => graph.isLeader(l.role.id)).map((l) => l.member.id));

      // The units whose cases each member handles: its jurisdiction, else its seat's subtree.
      const coverage = await memberService.coverageOf(tx, members);
      const covers = (m: Member) => unitSubtree.containsAny(coverage.get(m.id)!, unit.path);

      const planned: { start: Date; end: Date; onDuty: Member; leader: Member; note: string | null }[] = [];
      input.shifts.forEach((s, i) => {
        const path = ['input', 'shifts', String(i)];
        let ok = true;
        if (!isLocalDate(s.date)) (errors.push(invalid('must be a date YYYY-MM-DD', [...path, 'date'])), (ok = false));
        const startTime = toMinute(s.startTime);
        const endTime = toMinute(s.endTime);
        if (!startTime) (errors.push(invalid('must be a time to the minute (HH:mm)', [...path, 'startTime'])), (ok = false));
        if (!endTime) (errors.push(invalid('must be a time to the minute (HH:mm)', [...path, 'endTime'])), (ok = false));
        const onDuty = byId.get(memberIds.get(s.onDutyMemberId) ?? '');
        const leader = byId.get(memberIds.get(s.leaderOnCallMemberId) ?? '');
        if (memberIds.has(s.onDutyMemberId) && !onDuty) errors.push(notFound('Member', [...path, 'onDutyMemberId']));
        if (memberIds.has(s.leaderOnCallMemberId) && !leader) errors.push(notFound('Member', [...path, 'leaderOnCallMemberId']));
        if (onDuty && onDuty.status !== MemberStatus.ACTIVE) errors.push(new DomainError(RosterErrorCode.MEMBER_NOT_ACTIVE, 'The member was removed', [...path, 'onDutyMemberId']));
        if (leader && leader.status !== MemberStatus.ACTIVE) errors.push(new DomainError(RosterErrorCode.MEMBER_NOT_ACTIVE, 'The member was removed', [...path, 'leaderOnCallMemberId']));
        else if (leader && !leaders.has(leader.id)) {
          errors.push(new DomainError(RosterErrorCode.LEADER_REQUIRED, 'The leader on call (带班领导) must hold a leader-rank role', [...path, 'leaderOnCallMemberId']));
        }
        if (!ok || !onDuty || !leader) return;
        const start = localToInstant(s.date, startTime!, tz);
        const end = localToInstant(endTime! <= startTime! ? addDays(s.date, 1) : s.date, endTime!, tz);
        if (start < window.start || start >= window.end) {
          errors.push(new DomainError(RosterErrorCode.SHIFT_OUTSIDE_WINDOW, 'The shift starts outside the window being saved', [...path, 'date']));
          return;
        }
        planned.push({ start, end, onDuty, leader, note: s.handoverNote?.trim() || null });
      });
      if (errors.length) throw new DomainErrors(errors);

      const replaced = await tx.em.find(DutyShift, { unit: { id: unit.id }, startsAt: { $gte: window.start, $lt: window.end } });
      for (const s of replaced) tx.em.remove(s);
      const tenant = ref(Tenant, actor.tenant.id);
      const me = tx.em.getReference(Member, [actor.tenant.id, actor.memberId], { wrapped: true });
      for (const p of planned) {
        tx.em.create(DutyShift, {
          tenant,
          unit: tx.em.getReference(Unit, [actor.tenant.id, unit.id], { wrapped: true }),
          startsAt: p.start,
          endsAt: p.end,
          onDutyMember: ref(p.onDuty),
          leaderOnCall: ref(p.leader),
          handoverNote: p.note,
          createdBy: me,
        });
      }
      await tx.em.flush();
      const shifts = await tx.em.find(
        DutyShift,
        { unit: { id: unit.id }, startsAt: { $lt: window.end }, endsAt: { $gt: window.start } },
        { orderBy: { startsAt: 'asc', id: 'asc' } },
      );
      const intervals = shifts.map((s) => ({ start: s.startsAt, end: s.endsAt }));
      // Someone on duty who cannot see the unit's cases is told of an incident it cannot open: saved, but said.
      const notCovering = planned.flatMap((p) =>
        ([[p.onDuty, 'member on duty (值班人员)'], [p.leader, 'leader on call (带班领导)']] as const)
          .filter(([member]) => !covers(member))
          .map(([, who]) => warning(RosterWarningCode.NOT_COVERING, { start: p.start, end: p.end }, tz,
            `The ${who} of the shift from ${toLocalIso(p.start, tz)} does not handle this unit's cases: add the unit to their jurisdiction, or they will not see the incidents they are told of first`)),
      );
      const warnings = [
        ...gapsIn(window, intervals).map((g) => warning(RosterWarningCode.GAP, g, tz, `Nobody is on duty from ${toLocalIso(g.start, tz)} to ${toLocalIso(g.end, tz)} (值班空档)`)),
        ...overlapsIn(window, intervals).map((o) => warning(RosterWarningCode.OVERLAP, o, tz, `Shifts overlap from ${toLocalIso(o.start, tz)} to ${toLocalIso(o.end, tz)}`)),
        ...notCovering,
      ].sort((a, b) => a.from.getTime() - b.from.getTime());
      return { result: { unit, shifts, warnings }, target: { type: 'Unit', id: unit.id } };
    });
  },

  /** Handover notes: by the member on duty on that shift, or anyone who manages rosters. */
  async recordHandover(ctx: Ctx, input: RecordHandoverInput): Promise<Outcome<DutyShift>> {
    return audited(ctx, 'roster.handover', async (tx) => {
      await validateInput(input);
      const actor = requireMember(tx);
      const shift = await this.getVisible(tx, input.dutyShiftId, ['input', 'dutyShiftId']);
      if (shift.onDutyMember.id !== actor.memberId) {
        const unit = await tx.em.findOneOrFail(Unit, { id: shift.unit.id });
        if (!actor.permissions.has(Permission.ROSTER_MANAGE) || !unitInScope(actor, unit.path)) {
          throw new DomainError(RosterErrorCode.NOT_ON_THIS_SHIFT, 'Only the member on duty or a manager of this unit\'s roster records the handover', ['input', 'dutyShiftId']);
        }
      }
      shift.handoverNote = input.note.trim();
      shift.handedOverAt = new Date();
      shift.handedOverBy = tx.em.getReference(Member, [actor.tenant.id, actor.memberId], { wrapped: true });
      return { result: shift, target: { type: 'DutyShift', id: shift.id } };
    });
  },
};
