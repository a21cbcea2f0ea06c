import { describe, expect, it } from 'vitest';
import { calendarOf, DayCountRule } from '../../src/modules/calendar/clock-math.model.js';
import { OFFICIAL_HOLIDAYS_CN } from '../../src/modules/calendar/holidays-cn.js';
import type { TenantClock } from '../../src/modules/calendar/calendar.service.js';
import { ClockKind, ClockParty, ClockState } from '../../src/modules/petition/petition.enums.js';
import { DomainError } from '../../src/platform/errors.js';
import {
  CLOCK_DEFINITIONS,
  MAX_EXTENSION_DAYS,
  cancelClock,
  effectiveState,
  extendClock,
  isOverdue,
  meetClock,
  startClock,
  windowOpenAt,
} from '../../src/modules/petition/statutory-clocks.model.js';

const clock: TenantClock = {
  calendar: calendarOf(OFFICIAL_HOLIDAYS_CN),
  settings: { timezone: 'Asia/Shanghai', rule: DayCountRule.NEXT_DAY, lastDayOffRollsOver: false },
};
const sh = (wall: string) => new Date(`${wall}+08:00`);

function code(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'OK';
}

describe('statutory clock definitions (信访工作条例 2022)', () => {
  it('count the days the regulation sets', () => {
    const table = Object.values(CLOCK_DEFINITIONS).map((d) => [d.kind, d.days, d.basis, d.party]);
    expect(table).toEqual([
      ['ACCEPTANCE', 15, 'CALENDAR_DAYS', 'INSTITUTION'],
      ['TRANSFER_OBJECTION', 5, 'WORKING_DAYS', 'INSTITUTION'],
      ['REPLY', 60, 'CALENDAR_DAYS', 'INSTITUTION'],
      ['REVIEW_REQUEST', 30, 'CALENDAR_DAYS', 'PETITIONER'],
      ['REVIEW_ANSWER', 30, 'CALENDAR_DAYS', 'INSTITUTION'],
      ['REREVIEW_REQUEST', 30, 'CALENDAR_DAYS', 'PETITIONER'],
      ['REREVIEW_ANSWER', 30, 'CALENDAR_DAYS', 'INSTITUTION'],
      // 交办: signed for within one working day; the closing report's due time is the sender's dueAt (restarted on each return).
      ['SIGN_IN', 1, 'WORKING_DAYS', 'INSTITUTION'],
      ['CLOSING_REPORT', 1, 'CALENDAR_DAYS', 'INSTITUTION'],
    ]);
    expect(MAX_EXTENSION_DAYS).toBe(30);
  });

  it('start an acceptance clock 15 days from receipt across a month end, and an objection clock of 5 working days across 调休', () => {
    const acceptance = startClock(ClockKind.ACCEPTANCE, sh('2026-01-20T10:00:00'), clock, null);
    expect(acceptance.dueAt.toISOString()).toBe('2026-02-04T15:59:59.999Z');
    expect(acceptance.originalDueAt).toEqual(acceptance.dueAt);
    expect(acceptance.state).toBe(ClockState.OPEN);
    expect(acceptance.explanation).toContain('第二十三条');
    expect(acceptance.history.map((h) => h.note)).toEqual(['started']);
    // Received on Friday 2025-09-26: 调休 Sunday 28, 29, 30, then 9 and 10 October after the holiday.
    const objection = startClock(ClockKind.TRANSFER_OBJECTION, sh('2025-09-26T16:00:00'), clock, null);
    expect(objection.dueAt.toISOString()).toBe('2025-10-10T15:59:59.999Z');
    expect(objection.fallbackYears).toEqual([]);
  });

  it('say when a working-day clock ran into a year without holiday data', () => {
    const objection = startClock(ClockKind.TRANSFER_OBJECTION, sh('2026-12-30T09:00:00'), clock, null);
    expect(objection.fallbackYears).toEqual([2027]);
    expect(objection.explanation).toContain('No holiday calendar for 2027');
  });
});

describe('the reply clock and its extension (art. 34)', () => {
  const accepted = sh('2026-03-05T10:00:00');

  it('runs 60 days from acceptance', () => {
    expect(startClock(ClockKind.REPLY, accepted, clock, null).dueAt.toISOString()).toBe('2026-05-04T15:59:59.999Z');
  });

  it('extends once, by at most 30 days, with a reason, before it runs out', () => {
    const before = sh('2026-04-20T09:00:00');
    expect(code(() => extendClock(startClock(ClockKind.REPLY, accepted, clock, null), 31, '复杂', 'm', clock, before))).toBe('EXTENSION_TOO_LONG');
    expect(code(() => extendClock(startClock(ClockKind.REPLY, accepted, clock, null), 0, '复杂', 'm', clock, before))).toBe('INVALID_INPUT');
    expect(code(() => extendClock(startClock(ClockKind.REPLY, accepted, clock, null), 10, '  ', 'm', clock, before))).toBe('INVALID_INPUT');
    expect(code(() => extendClock(startClock(ClockKind.REPLY, accepted, clock, null), 10, '复杂', 'm', clock, sh('2026-05-05T00:00:00')))).toBe('CLOCK_PAST_DUE');
    expect(code(() => extendClock(startClock(ClockKind.ACCEPTANCE, accepted, clock, null), 10, '复杂', 'm', clock, before))).toBe('INVALID_INPUT');

    const reply = startClock(ClockKind.REPLY, accepted, clock, null);
    extendClock(reply, 30, '需调取多年档案', 'leader', clock, before);
    expect(reply.state).toBe(ClockState.EXTENDED);
    expect(reply.originalDueAt.toISOString()).toBe('2026-05-04T15:59:59.999Z');
    expect(reply.dueAt.toISOString()).toBe('2026-06-03T15:59:59.999Z');
    expect(reply.extensionDays).toBe(30);
    expect(reply.history.map((h) => [h.state, h.memberId])).toEqual([[ClockState.OPEN, null], [ClockState.EXTENDED, 'leader']]);
    // Once only, even for a single day more.
    expect(code(() => extendClock(reply, 1, '再延', 'leader', clock, before))).toBe('EXTENSION_ALREADY_USED');
  });

  it('is met on time or late, and a met clock is no longer running', () => {
    const reply = startClock(ClockKind.REPLY, accepted, clock, null);
    meetClock(reply, sh('2026-05-06T10:00:00'), 'm', 'written reply');
    expect(reply.state).toBe(ClockState.MET);
    expect(reply.history.at(-1)!.note).toBe('written reply (late)');
    expect(code(() => meetClock(reply, new Date(), 'm'))).toBe('CLOCK_NOT_RUNNING');
    expect(code(() => extendClock(reply, 5, 'x', 'm', clock, sh('2026-04-01T00:00:00')))).toBe('CLOCK_NOT_RUNNING');
  });

  it('is overdue for the institution past its due time while running', () => {
    const reply = startClock(ClockKind.REPLY, accepted, clock, null);
    expect(isOverdue(reply, sh('2026-05-04T23:59:59'))).toBe(false);
    expect(isOverdue(reply, sh('2026-05-05T00:00:00'))).toBe(true);
    cancelClock(reply, sh('2026-04-01T00:00:00'), null, 'withdrawn');
    expect(reply.state).toBe(ClockState.CANCELLED);
    expect(isOverdue(reply, sh('2026-06-01T00:00:00'))).toBe(false);
  });
});

describe('review windows (arts. 35–36)', () => {
  const replied = sh('2026-05-20T16:00:00');

  it('give the petitioner 30 days from the reply; an unused window expires, it is never "missed"', () => {
    const window = startClock(ClockKind.REVIEW_REQUEST, replied, clock, null);
    expect(window.party).toBe(ClockParty.PETITIONER);
    expect(window.dueAt.toISOString()).toBe('2026-06-19T15:59:59.999Z');
    expect(windowOpenAt(window, sh('2026-06-19T23:00:00'))).toBe(true);
    expect(windowOpenAt(window, sh('2026-06-20T00:00:00'))).toBe(false);
    expect(effectiveState(window, sh('2026-06-20T00:00:01'))).toBe(ClockState.EXPIRED);
    expect(isOverdue(window, sh('2026-07-01T00:00:00'))).toBe(false);
  });

  it('give the reviewing body 30 days to answer from the request, and the same again for re-review', () => {
    const requested = sh('2026-06-10T11:00:00');
    const answer = startClock(ClockKind.REVIEW_ANSWER, requested, clock, null);
    expect(answer.dueAt.toISOString()).toBe('2026-07-10T15:59:59.999Z');
    expect(answer.party).toBe(ClockParty.INSTITUTION);
    const rereview = startClock(ClockKind.REREVIEW_REQUEST, sh('2026-07-08T09:00:00'), clock, null);
    expect(rereview.dueAt.toISOString()).toBe('2026-08-07T15:59:59.999Z');
    const rereviewAnswer = startClock(ClockKind.REREVIEW_ANSWER, sh('2026-08-01T09:00:00'), clock, null);
    expect(rereviewAnswer.dueAt.toISOString()).toBe('2026-08-31T15:59:59.999Z');
  });
});

describe('clock suspension (中止计时)', () => {
  it('moves the due time by the working days suspended, across a weekend and a 调休 day', async () => {
    const { resumeClockAfter } = await import('../../src/modules/petition/clock-suspension.model.js');
    const { workingDaysWithin } = await import('../../src/modules/calendar/clock-math.model.js');
    // Friday 2026-10-09 → Monday 10-12: Saturday 10-10 is a make-up working day, Sunday 10-11 is not.
    expect(workingDaysWithin(sh('2026-10-09T10:00:00'), sh('2026-10-12T16:00:00'), clock.calendar, clock.settings)).toMatchObject({ days: 2, counted: ['2026-10-10', '2026-10-12'] });
    // Inside the National Day holiday nothing counts; resumed the same day, nothing either.
    expect(workingDaysWithin(sh('2026-09-30T10:00:00'), sh('2026-10-07T10:00:00'), clock.calendar, clock.settings).days).toBe(0);
    expect(workingDaysWithin(sh('2026-10-09T10:00:00'), sh('2026-10-09T17:00:00'), clock.calendar, clock.settings).days).toBe(0);
    const reply = startClock(ClockKind.REPLY, sh('2026-10-06T10:00:00'), clock, null);
    expect(reply.dueAt).toEqual(sh('2026-12-05T23:59:59.999'));
    const moved = resumeClockAfter(reply, sh('2026-10-09T10:00:00'), sh('2026-10-12T16:00:00'), '补充材料', 'm1', clock, sh('2026-10-12T16:00:00'));
    // Due Saturday 12-05: two working days after it are Monday 12-07 and Tuesday 12-08.
    expect(moved).toEqual({ workingDays: 2, dueBefore: sh('2026-12-05T23:59:59.999'), dueAfter: sh('2026-12-08T23:59:59.999') });
    expect(reply.dueAt).toEqual(sh('2026-12-08T23:59:59.999'));
    expect(reply.history.at(-1)?.note).toContain('2 working day(s) added');
  });
});

describe('a sign-in clock with the sender\'s working days', () => {
  it('two working days from a Friday end on Tuesday, not Monday', () => {
    const one = startClock(ClockKind.SIGN_IN, sh('2026-11-27T10:00:00'), clock, null);
    const two = startClock(ClockKind.SIGN_IN, sh('2026-11-27T10:00:00'), clock, null, new Date(), 2);
    expect(one.dueAt.toISOString()).toBe(sh('2026-11-30T23:59:59.999').toISOString());
    expect(two.days).toBe(2);
    expect(two.dueAt.toISOString()).toBe(sh('2026-12-01T23:59:59.999').toISOString());
  });
});
