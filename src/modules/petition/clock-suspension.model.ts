// Clock suspension (中止计时) as pure rules: which clocks may be suspended and
// from when, and how resuming moves the due time by the working days the wait
// covered in the tenant's calendar. The service applies them under the lock.
import { DomainError, invalid } from '../../platform/errors.js';
import { DayBasis, extendedDeadline, workingDaysWithin } from '../calendar/clock-math.model.js';
import type { TenantClock } from '../calendar/calendar.service.js';
import { ClockParty, ClockState, SuspensionReason } from './petition.enums.js';
import { PetitionErrorCode } from './petition.errors.js';
import { isRunning, push, type ClockRecord } from './statutory-clocks.model.js';

const CLOCK_SKEW_MS = 5 * 60_000;

export const SUSPENSION_REASON_TEXT: Readonly<Record<SuspensionReason, string>> = {
  [SuspensionReason.SUPPLEMENTARY_MATERIAL]: '补充材料',
  [SuspensionReason.HEARING]: '听证',
  [SuspensionReason.APPRAISAL]: '鉴定',
  [SuspensionReason.OTHER_LAWFUL]: '其他法定事由',
};

/** Whether `clock` may be suspended from `from`: an institution's running clock, from a time inside its period. */
export function assertSuspendable(clock: ClockRecord, from: Date, basis: string, now = new Date()): void {
  if (clock.party !== ClockParty.INSTITUTION) throw invalid('Only an institution\'s clock is suspended; a petitioner\'s window is not', ['input', 'clockId']);
  if (!isRunning(clock)) throw new DomainError(PetitionErrorCode.CLOCK_NOT_RUNNING, `The ${clock.kind} clock is ${clock.state}`, ['input', 'clockId']);
  if (from.getTime() > now.getTime() + CLOCK_SKEW_MS) throw invalid('cannot be in the future', ['input', 'from']);
  if (from < clock.startedAt) throw invalid(`cannot be before the clock started (${clock.startedAt.toISOString()})`, ['input', 'from']);
  if (from > clock.dueAt) throw new DomainError(PetitionErrorCode.CLOCK_PAST_DUE, 'The deadline had passed at that time: a clock is suspended while it runs', ['input', 'from']);
  if (!basis.trim()) throw invalid('Name the lawful basis the petitioner will be told', ['input', 'basis']);
}

/** The moment a suspension ends: not before it began, not in the future. */
export function resumeTime(from: Date, resumedAt: Date | null | undefined, now = new Date()): Date {
  const at = resumedAt ?? now;
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw invalid('cannot be in the future', ['input', 'resumedAt']);
  if (at < from) throw invalid(`cannot be before the suspension began (${from.toISOString()})`, ['input', 'resumedAt']);
  return at;
}

/**
 * Resumes the clock: the due time moves by the working days from the day
 * after the suspension began through the day it ended (weekends and holidays
 * not counted, 调休 days counted). A clock the sweeper had marked MISSED runs
 * again when its new due time is still ahead.
 */
export function resumeClockAfter(
  clock: ClockRecord,
  from: Date,
  until: Date,
  note: string,
  memberId: string,
  tenantClock: TenantClock,
  now = new Date(),
): { workingDays: number; dueBefore: Date; dueAfter: Date } {
  const span = workingDaysWithin(from, until, tenantClock.calendar, tenantClock.settings);
  const dueBefore = clock.dueAt;
  if (span.days > 0) {
    const moved = extendedDeadline(clock.dueAt, span.days, DayBasis.WORKING_DAYS, tenantClock.calendar, tenantClock.settings);
    clock.dueAt = moved.dueAt;
    clock.explanation = `${clock.explanation} Suspended ${from.toISOString()} – ${until.toISOString()} (${note}): ${span.days} working day(s) (${span.counted.join(', ')}) added; due at the end of ${moved.lastDay}.`;
  }
  clock.fallbackYears = [...new Set([...clock.fallbackYears, ...span.fallbackYears])].sort();
  if (clock.state === ClockState.MISSED && clock.dueAt > now) clock.state = clock.extensionDays ? ClockState.EXTENDED : ClockState.OPEN;
  push(clock, now, memberId, `resumed after suspension (${note}): ${span.days} working day(s) added`);
  return { workingDays: span.days, dueBefore, dueAfter: clock.dueAt };
}
