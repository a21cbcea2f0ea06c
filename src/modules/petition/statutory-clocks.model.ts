// The statutory clocks of 信访工作条例 (2022) as pure rules: what each clock
// counts, how it starts, is met, extended or cancelled. Services apply them to
// StatutoryClock rows under the incident's lock.
import { DomainError, invalid } from '../../platform/errors.js';
import { DayBasis, deadline, extendedDeadline, type Deadline } from '../calendar/clock-math.model.js';
import type { TenantClock } from '../calendar/calendar.service.js';
import { ClockKind, ClockParty, ClockState, ExtensionRequestState } from './petition.enums.js';
import { PetitionErrorCode } from './petition.errors.js';

export interface ClockDefinition {
  kind: ClockKind;
  party: ClockParty;
  basis: DayBasis;
  days: number;
  article: string;
  title: string;
}

const def = (kind: ClockKind, party: ClockParty, basis: DayBasis, days: number, article: string, title: string): ClockDefinition => ({
  kind, party, basis, days, article, title,
});

export const CLOCK_DEFINITIONS: Readonly<Record<ClockKind, ClockDefinition>> = {
  [ClockKind.ACCEPTANCE]: def(ClockKind.ACCEPTANCE, ClockParty.INSTITUTION, DayBasis.CALENDAR_DAYS, 15, '信访工作条例 第二十三条第二款', '告知是否受理'),
  [ClockKind.TRANSFER_OBJECTION]: def(ClockKind.TRANSFER_OBJECTION, ClockParty.INSTITUTION, DayBasis.WORKING_DAYS, 5, '信访工作条例 第二十三条第三款', '转送事项不属本单位的提出异议'),
  [ClockKind.REPLY]: def(ClockKind.REPLY, ClockParty.INSTITUTION, DayBasis.CALENDAR_DAYS, 60, '信访工作条例 第三十四条', '办结并书面答复'),
  [ClockKind.REVIEW_REQUEST]: def(ClockKind.REVIEW_REQUEST, ClockParty.PETITIONER, DayBasis.CALENDAR_DAYS, 30, '信访工作条例 第三十五条', '请求复查'),
  [ClockKind.REVIEW_ANSWER]: def(ClockKind.REVIEW_ANSWER, ClockParty.INSTITUTION, DayBasis.CALENDAR_DAYS, 30, '信访工作条例 第三十五条', '提出复查意见'),
  [ClockKind.REREVIEW_REQUEST]: def(ClockKind.REREVIEW_REQUEST, ClockParty.PETITIONER, DayBasis.CALENDAR_DAYS, 30, '信访工作条例 第三十六条', '请求复核'),
  [ClockKind.REREVIEW_ANSWER]: def(ClockKind.REREVIEW_ANSWER, ClockParty.INSTITUTION, DayBasis.CALENDAR_DAYS, 30, '信访工作条例 第三十六条', '提出复核意见'),
  [ClockKind.SIGN_IN]: def(ClockKind.SIGN_IN, ClockParty.INSTITUTION, DayBasis.WORKING_DAYS, 1, '信访工作条例 第三十一条', '签收交办事项'),
  // Due at the time the assigning organ set (openClockDueAt replaces the one-day placeholder).
  [ClockKind.CLOSING_REPORT]: def(ClockKind.CLOSING_REPORT, ClockParty.INSTITUTION, DayBasis.CALENDAR_DAYS, 1, '信访工作条例 第三十一条', '报送办结报告'),
};

/** Art. 34: an extension of at most 30 days, once. */
export const MAX_EXTENSION_DAYS = 30;

export interface ClockHistoryEntry {
  at: string;
  state: ClockState;
  dueAt: string;
  memberId: string | null;
  note: string;
}

/** The pending or decided extension request of a clock (art. 34, four eyes). */
export interface ExtensionRequestRecord {
  extensionRequestState?: ExtensionRequestState | null;
  extensionRequestDays?: number | null;
  extensionRequestReason?: string | null;
  extensionRequestedAt?: Date | null;
  extensionDecidedAt?: Date | null;
  extensionRejectionReason?: string | null;
}

/** The fields of a clock the rules read and write (the entity has them all). */
export interface ClockRecord {
  kind: ClockKind;
  party: ClockParty;
  basis: DayBasis;
  days: number;
  article: string;
  state: ClockState;
  startedAt: Date;
  dueAt: Date;
  originalDueAt: Date;
  metAt?: Date | null;
  extensionDays?: number | null;
  extensionReason?: string | null;
  extendedAt?: Date | null;
  explanation: string;
  fallbackYears: number[];
  history: ClockHistoryEntry[];
}

const RUNNING: readonly ClockState[] = [ClockState.OPEN, ClockState.EXTENDED, ClockState.MISSED];

export function isRunning(clock: Pick<ClockRecord, 'state'>): boolean {
  return RUNNING.includes(clock.state);
}

/** Appends a line to the clock's history with its state and due time now. */
export function push(clock: ClockRecord, at: Date, memberId: string | null, note: string): void {
  clock.history = [...clock.history, { at: at.toISOString(), state: clock.state, dueAt: clock.dueAt.toISOString(), memberId, note }];
}

/** A new clock of a kind, counted from `start` with the tenant's calendar. */
export function startClock(kind: ClockKind, start: Date, tenantClock: TenantClock, memberId: string | null, now = new Date(), days?: number): ClockRecord & { deadline: Deadline } {
  const d = days === undefined ? CLOCK_DEFINITIONS[kind] : { ...CLOCK_DEFINITIONS[kind], days };
  const due = deadline(d.basis, start, d.days, tenantClock.calendar, tenantClock.settings);
  const clock: ClockRecord & { deadline: Deadline } = {
    kind,
    party: d.party,
    basis: d.basis,
    days: d.days,
    article: d.article,
    state: ClockState.OPEN,
    startedAt: start,
    dueAt: due.dueAt,
    originalDueAt: due.dueAt,
    explanation: `${d.title} (${d.article}): ${due.explanation}`,
    fallbackYears: due.fallbackYears,
    history: [],
    deadline: due,
  };
  push(clock, now, memberId, 'started');
  return clock;
}

/** The act the clock waits for happened at `at` (late acts are recorded with their time). */
export function meetClock(clock: ClockRecord, at: Date, memberId: string | null, note = 'met'): void {
  if (!isRunning(clock)) throw new DomainError(PetitionErrorCode.CLOCK_NOT_RUNNING, `The ${clock.kind} clock is ${clock.state}`, ['input', 'incidentId']);
  clock.state = ClockState.MET;
  clock.metAt = at;
  push(clock, at, memberId, at > clock.dueAt ? `${note} (late)` : note);
}

/** The clock runs again to a new due time (交办's closing report returned for rework). */
export function restartClock(clock: ClockRecord, at: Date, dueAt: Date, memberId: string | null, note: string): void {
  clock.state = ClockState.OPEN;
  clock.metAt = null;
  clock.dueAt = dueAt;
  push(clock, at, memberId, note);
}

export function cancelClock(clock: ClockRecord, at: Date, memberId: string | null, note: string): void {
  if (!isRunning(clock)) return;
  clock.state = ClockState.CANCELLED;
  push(clock, at, memberId, note);
}

/**
 * Art. 34: whether the reply clock can still be extended by `days` for
 * `reason`: once, 1–30 days, while it runs and before it runs out. Checked
 * when the handler asks and again when a leader approves.
 */
export function assertExtensible(clock: ClockRecord, days: number, reason: string, now = new Date()): void {
  if (clock.kind !== ClockKind.REPLY) throw invalid('Only the reply clock (art. 34) can be extended', ['input']);
  if (clock.extensionDays) {
    throw new DomainError(PetitionErrorCode.EXTENSION_ALREADY_USED, 'The reply deadline was extended once already; art. 34 allows one extension', ['input']);
  }
  if (!Number.isInteger(days) || days < 1) throw invalid('days must be a whole number of at least 1', ['input', 'days']);
  if (days > MAX_EXTENSION_DAYS) {
    throw new DomainError(PetitionErrorCode.EXTENSION_TOO_LONG, `An extension is at most ${MAX_EXTENSION_DAYS} days (art. 34)`, ['input', 'days']);
  }
  if (!isRunning(clock) || clock.state === ClockState.MISSED) {
    throw new DomainError(PetitionErrorCode.CLOCK_NOT_RUNNING, `The reply clock is ${clock.state}`, ['input']);
  }
  if (now > clock.dueAt) {
    throw new DomainError(PetitionErrorCode.CLOCK_PAST_DUE, 'The reply deadline has passed: an extension is decided before it runs out', ['input']);
  }
  if (!reason.trim()) throw invalid('An extension needs a reason to tell the petitioner', ['input', 'reason']);
}

/** The handler asks for the extension; nothing changes in the deadline until another leader approves. */
export function requestExtension(clock: ClockRecord & ExtensionRequestRecord, days: number, reason: string, requesterMemberId: string, now = new Date()): void {
  if (clock.extensionRequestState === ExtensionRequestState.PENDING) {
    throw new DomainError(PetitionErrorCode.EXTENSION_PENDING, 'An extension request waits for a leader\'s decision already', ['input', 'incidentId']);
  }
  assertExtensible(clock, days, reason, now);
  clock.extensionRequestState = ExtensionRequestState.PENDING;
  clock.extensionRequestDays = days;
  clock.extensionRequestReason = reason.trim();
  clock.extensionRequestedAt = now;
  clock.extensionDecidedAt = null;
  clock.extensionRejectionReason = null;
  push(clock, now, requesterMemberId, `extension by ${days} days requested: ${reason.trim()}`);
}

/** The leader turns the pending request down; the handler may ask again while the clock runs. */
export function rejectExtension(clock: ClockRecord & ExtensionRequestRecord, reason: string, deciderMemberId: string, now = new Date()): void {
  if (!reason.trim()) throw invalid('Say why the extension is rejected', ['input', 'reason']);
  clock.extensionRequestState = ExtensionRequestState.REJECTED;
  clock.extensionDecidedAt = now;
  clock.extensionRejectionReason = reason.trim();
  push(clock, now, deciderMemberId, `extension request rejected: ${reason.trim()}`);
}

/**
 * Art. 34: one extension of 1–30 days of the reply clock, approved before it
 * runs out, counted from the end of the current period.
 */
export function extendClock(
  clock: ClockRecord,
  days: number,
  reason: string,
  approverMemberId: string,
  tenantClock: TenantClock,
  now = new Date(),
): void {
  assertExtensible(clock, days, reason, now);
  const extended = extendedDeadline(clock.dueAt, days, DayBasis.CALENDAR_DAYS, tenantClock.calendar, tenantClock.settings);
  clock.dueAt = extended.dueAt;
  clock.extensionDays = days;
  clock.extensionReason = reason.trim();
  clock.extendedAt = now;
  clock.state = ClockState.EXTENDED;
  clock.explanation = `${clock.explanation} ${extended.explanation}`;
  clock.fallbackYears = [...new Set([...clock.fallbackYears, ...extended.fallbackYears])].sort();
  push(clock, now, approverMemberId, `extended by ${days} days: ${clock.extensionReason}`);
}

/** The state as shown: a petitioner's window that ran out unused has EXPIRED. */
export function effectiveState(clock: Pick<ClockRecord, 'state' | 'party' | 'dueAt'>, now = new Date()): ClockState {
  if (clock.party === ClockParty.PETITIONER && clock.state === ClockState.OPEN && now > clock.dueAt) return ClockState.EXPIRED;
  return clock.state;
}

/** An institution's clock still running past its due time. */
export function isOverdue(clock: Pick<ClockRecord, 'state' | 'party' | 'dueAt'>, now = new Date()): boolean {
  return clock.party === ClockParty.INSTITUTION && isRunning(clock) && now > clock.dueAt;
}

/** Whether a petitioner's request at `at` falls inside its window. */
export function windowOpenAt(clock: Pick<ClockRecord, 'state' | 'dueAt'>, at: Date): boolean {
  return clock.state === ClockState.OPEN && at <= clock.dueAt;
}
