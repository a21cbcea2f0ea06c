// Clock suspension (中止计时) with four eyes, as deadline extensions: the
// handler asks (suspendClock), another leader-rank member covering the case
// approves or rejects, resumeClock ends it and moves the due time by the
// working days it covered. Each step locks the incident row first.
import type { Ctx } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { requireMember } from '../../platform/authz.js';
import { idOf } from '../../platform/ids.js';
import { notFound } from '../../platform/errors.js';
import { tenantRef } from '../../platform/db/tenant-refs.js';
import { calendarService } from '../calendar/calendar.service.js';
import type { Incident } from '../incident/incident.entity.js';
import { incidentAccess } from '../incident/incident.access.js';
import { IncidentErrorCode } from '../incident/incident.errors.js';
import { leaderCovering } from '../incident/duty-assignment.service.js';
import { IncidentEventKind } from '../incident/incident.model.js';
import { actorRef } from '../member/member.service.js';
import { StatutoryClock } from './clock.entity.js';
import { ClockSuspension } from './clock-suspension.entity.js';
import { SuspensionState } from './petition.enums.js';
import { PetitionErrorCode } from './petition.errors.js';
import { meetClock, push } from './statutory-clocks.model.js';
import { assertSuspendable, resumeClockAfter, resumeTime, SUSPENSION_REASON_TEXT } from './clock-suspension.model.js';
import type { ApproveClockSuspensionInput, RejectClockSuspensionInput, ResumeClockInput, SuspendClockInput } from './clock-suspension.inputs.js';

export interface SuspensionResult {
  suspension: ClockSuspension;
  clock: StatutoryClock;
  incident: Incident;
}

const FIELD = ['input', 'clockId'];

/** The clock of the input, on an incident the caller may see, with that incident locked; its open (pending or active) suspension. */
async function lockClock(tx: Ctx, clockId: string): Promise<{ incident: Incident; clock: StatutoryClock; open: ClockSuspension | null }> {
  const id = idOf('StatutoryClock', clockId, FIELD);
  const found = await tx.em.findOne(StatutoryClock, { id });
  if (!found) throw notFound('StatutoryClock', FIELD);
  const incident = await incidentAccess.lock(tx, found.incident.id, FIELD);
  const clock = await tx.em.findOneOrFail(StatutoryClock, { id }, { refresh: true });
  const open = await tx.em.findOne(ClockSuspension, { clock: { id }, state: { $in: [SuspensionState.PENDING, SuspensionState.ACTIVE] } }, { refresh: true });
  return { incident, clock, open };
}

/** A pending suspension and a caller who may decide it: leader rank over the case, and not the one who asked. */
async function lockPending(tx: Ctx, clockId: string) {
  const found = await lockClock(tx, clockId);
  const { open, incident } = found;
  if (!open || open.state !== SuspensionState.PENDING) {
    throw new DomainError(PetitionErrorCode.NO_PENDING_SUSPENSION, 'No suspension of this clock waits for a decision', FIELD);
  }
  const me = requireMember(tx).memberId;
  if (open.requestedBy.id === me) {
    throw new DomainError(PetitionErrorCode.SELF_APPROVAL, 'Another leader decides a suspension: the one who asked for it cannot (four eyes)', FIELD);
  }
  if (!(await leaderCovering(tx, me, await incidentAccess.unitPathOf(tx, incident)))) {
    throw new DomainError(IncidentErrorCode.NOT_LEADER_RANK, 'A suspension is decided by a member of leader rank in a unit covering the incident (本机关、单位负责人)', FIELD);
  }
  return { ...found, pending: open };
}

/** Ends a suspension in effect at `until`: the clock's due time moves by the working days it covered. */
async function endSuspension(tx: Ctx, open: ClockSuspension, clock: StatutoryClock, until: Date, now: Date) {
  const moved = resumeClockAfter(clock, open.suspendedFrom, until, SUSPENSION_REASON_TEXT[open.reason], requireMember(tx).memberId, await calendarService.clock(tx), now);
  open.state = SuspensionState.RESUMED;
  open.resumedAt = until;
  open.resumedBy = actorRef(tx);
  open.workingDays = moved.workingDays;
  open.dueBefore = moved.dueBefore;
  open.dueAfter = moved.dueAfter;
  return moved;
}

function step(r: SuspensionResult, event: IncidentEventKind, reason: string | null) {
  r.incident.touch();
  return { result: r, target: { type: 'ClockSuspension', id: r.suspension.id }, incidentId: r.incident.id, event, reason };
}

export const clockSuspensionService = {
  /** The handler asks; nothing changes in the clock until another leader approves. */
  async suspend(ctx: Ctx, input: SuspendClockInput): Promise<Outcome<SuspensionResult>> {
    return audited(ctx, 'incident.suspend_clock', async (tx) => {
      await validateInput(input);
      const { incident, clock, open } = await lockClock(tx, input.clockId);
      if (open) throw new DomainError(PetitionErrorCode.SUSPENSION_OPEN, `This clock has a suspension ${open.state === SuspensionState.PENDING ? 'waiting for a decision' : 'in effect'} already`, FIELD);
      const now = new Date();
      const from = input.from ?? now;
      assertSuspendable(clock, from, input.basis, now);
      const suspension = tx.em.create(ClockSuspension, {
        tenant: tenantRef(tx),
        clock,
        incident,
        reason: input.reason,
        basis: input.basis.trim(),
        suspendedFrom: from,
        requestedAt: now,
        requestedBy: actorRef(tx),
      });
      tx.em.persist(suspension);
      push(clock, now, requireMember(tx).memberId, `suspension requested (${SUSPENSION_REASON_TEXT[input.reason]}) from ${from.toISOString()}: ${suspension.basis}`);
      return step({ suspension, clock, incident }, IncidentEventKind.SUSPENSION_REQUESTED, `${input.reason}: ${suspension.basis}`);
    });
  },

  /** A leader-rank member covering the case, not the requester, approves: the clock counts as stopped from `suspendedFrom`. */
  async approve(ctx: Ctx, input: ApproveClockSuspensionInput): Promise<Outcome<SuspensionResult>> {
    return audited(ctx, 'incident.approve_clock_suspension', async (tx) => {
      await validateInput(input);
      const { incident, clock, pending } = await lockPending(tx, input.clockId);
      const now = new Date();
      // Checked again: the clock may have been met or cancelled since the request.
      assertSuspendable(clock, pending.suspendedFrom, pending.basis, now);
      pending.state = SuspensionState.ACTIVE;
      pending.decidedAt = now;
      pending.decidedBy = actorRef(tx);
      push(clock, now, requireMember(tx).memberId, `suspended from ${pending.suspendedFrom.toISOString()} (${SUSPENSION_REASON_TEXT[pending.reason]}): ${pending.basis}`);
      return step({ suspension: pending, clock, incident }, IncidentEventKind.CLOCK_SUSPENDED, input.note?.trim() || null);
    });
  },

  async reject(ctx: Ctx, input: RejectClockSuspensionInput): Promise<Outcome<SuspensionResult>> {
    return audited(ctx, 'incident.reject_clock_suspension', async (tx) => {
      await validateInput(input);
      const { incident, clock, pending } = await lockPending(tx, input.clockId);
      const now = new Date();
      pending.state = SuspensionState.REJECTED;
      pending.decidedAt = now;
      pending.decidedBy = actorRef(tx);
      pending.rejectionReason = input.reason.trim();
      push(clock, now, requireMember(tx).memberId, `suspension rejected: ${pending.rejectionReason}`);
      return step({ suspension: pending, clock, incident }, IncidentEventKind.SUSPENSION_REJECTED, pending.rejectionReason);
    });
  },

  /** Ends the suspension in effect; the due time moves by the working days it covered. */
  async resume(ctx: Ctx, input: ResumeClockInput): Promise<Outcome<SuspensionResult>> {
    return audited(ctx, 'incident.resume_clock', async (tx) => {
      await validateInput(input);
      const { incident, clock, open } = await lockClock(tx, input.clockId);
      if (!open || open.state !== SuspensionState.ACTIVE) throw new DomainError(PetitionErrorCode.NOT_SUSPENDED, 'This clock is not suspended', FIELD);
      const now = new Date();
      const until = resumeTime(open.suspendedFrom, input.resumedAt, now);
      const moved = await endSuspension(tx, open, clock, until, now);
      return step({ suspension: open, clock, incident }, IncidentEventKind.CLOCK_RESUMED, `${moved.workingDays} working day(s) added; due ${moved.dueAfter.toISOString()}`);
    });
  },

  /**
   * Meets a clock (a reply, an answer, a signature): a suspension still open on it ends there, so
   * none stays open on a met clock to become a finding. One in effect is resumed at `at` (the due
   * time moves by the working days it covered, before the meeting is judged late or not); one
   * still waiting for a decision, or beginning after `at`, lapses.
   */
  async meet(tx: Ctx, clock: StatutoryClock, at: Date, note: string): Promise<void> {
    const open = await tx.em.findOne(ClockSuspension, { clock: { id: clock.id }, state: { $in: [SuspensionState.PENDING, SuspensionState.ACTIVE] } }, { refresh: true });
    const memberId = requireMember(tx).memberId;
    if (open && open.state === SuspensionState.ACTIVE && at > open.suspendedFrom) {
      await endSuspension(tx, open, clock, at, at);
    } else if (open) {
      open.state = SuspensionState.LAPSED;
      push(clock, at, memberId, `suspension ${open.decidedAt ? 'not begun' : 'not decided'} when the clock was met: lapsed`);
    }
    meetClock(clock, at, memberId, note);
  },

  /** The suspensions of clocks, oldest first (for the clock's field and the petitioner's page). */
  async ofClocks(ctx: Ctx, clockIds: readonly string[]): Promise<Map<string, ClockSuspension[]>> {
    const rows = clockIds.length ? await ctx.em.find(ClockSuspension, { clock: { id: { $in: [...clockIds] } } }, { orderBy: { requestedAt: 'asc', id: 'asc' } }) : [];
    const out = new Map<string, ClockSuspension[]>(clockIds.map((id) => [id, []]));
    for (const r of rows) out.get(r.clock.id)?.push(r);
    return out;
  },
};
