import { describe, expect, it } from 'vitest';
import {
  addDays,
  afterDuration,
  calendarDaysDeadline,
  calendarOf,
  dayInfo,
  DayCountRule,
  DayKind,
  endOfLocalDay,
  extendedDeadline,
  DayBasis,
  isLocalDate,
  isoWeekday,
  localDateOf,
  startOfLocalDay,
  workingDaysDeadline,
  type CountSettings,
} from '../../src/modules/calendar/clock-math.model.js';
import { OFFICIAL_HOLIDAYS_CN } from '../../src/modules/calendar/holidays-cn.js';

const SH = 'Asia/Shanghai';
const official = calendarOf(OFFICIAL_HOLIDAYS_CN);
const weekendsOnly = calendarOf({});
const nextDay: CountSettings = { timezone: SH, rule: DayCountRule.NEXT_DAY, lastDayOffRollsOver: false };
const sameDay: CountSettings = { ...nextDay, rule: DayCountRule.SAME_DAY };

/** An instant given as Shanghai wall-clock time. */
const sh = (wall: string) => new Date(`${wall}+08:00`);

describe('local dates', () => {
  it('validates and shifts dates across month, year and leap-day ends', () => {
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2027-02-29')).toBe(false);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('2026-1-01')).toBe(false);
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isoWeekday('2025-09-28')).toBe(7);
    expect(isoWeekday('2025-09-29')).toBe(1);
  });

  it('takes the local date in the tenant zone, not the UTC date', () => {
    // 00:30 in Shanghai is still the previous day in UTC.
    expect(localDateOf(sh('2026-01-31T00:30:00'), SH)).toBe('2026-01-31');
    expect(localDateOf(sh('2026-01-31T00:30:00'), 'UTC')).toBe('2026-01-30');
    expect(localDateOf(new Date('2026-01-31T16:00:00Z'), SH)).toBe('2026-02-01');
  });

  it('puts the end of a day at its last millisecond in the zone', () => {
    expect(startOfLocalDay('2026-02-05', SH).toISOString()).toBe('2026-02-04T16:00:00.000Z');
    expect(endOfLocalDay('2026-02-05', SH).toISOString()).toBe('2026-02-05T15:59:59.999Z');
    // A 23-hour day (daylight saving starts) in a zone that has one.
    expect(startOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(endOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-09T03:59:59.999Z');
  });
});

describe('the working calendar', () => {
  it('knows weekends, public holidays and make-up working days (调休)', () => {
    expect(dayInfo(official, '2025-09-28')).toEqual({ working: true, kind: DayKind.MAKE_UP_WORKDAY, yearKnown: true });
    expect(dayInfo(official, '2025-10-01')).toEqual({ working: false, kind: DayKind.PUBLIC_HOLIDAY, yearKnown: true });
    // A weekend inside the holiday belongs to the holiday.
    expect(dayInfo(official, '2025-10-04')).toEqual({ working: false, kind: DayKind.PUBLIC_HOLIDAY, yearKnown: true });
    expect(dayInfo(official, '2025-10-09')).toEqual({ working: true, kind: DayKind.WORKDAY, yearKnown: true });
    expect(dayInfo(official, '2025-10-12')).toEqual({ working: false, kind: DayKind.WEEKEND, yearKnown: true });
    // 2027 is not in the data: New Year's Day is a plain Friday, and the answer says the year is unknown.
    expect(dayInfo(official, '2027-01-01')).toEqual({ working: true, kind: DayKind.WORKDAY, yearKnown: false });
  });
});

describe('calendar-day deadlines (accept within 15 days, reply within 60)', () => {
  it('counts 15 days from the day after receipt, across a month end, due at the end of the day in Shanghai', () => {
    const d = calendarDaysDeadline(sh('2026-01-17T09:00:00'), 15, official, nextDay);
    expect(d.startDay).toBe('2026-01-17');
    expect(d.lastDay).toBe('2026-02-01');
    expect(d.dueAt.toISOString()).toBe('2026-02-01T15:59:59.999Z');
    expect(d.fallbackYears).toEqual([]);
    expect(d.explanation).toContain('counting starts the day after');
  });

  it('uses the Shanghai date of a receipt just after local midnight (the UTC date is a day earlier)', () => {
    const d = calendarDaysDeadline(sh('2026-01-31T00:30:00'), 15, official, nextDay);
    expect(d.startDay).toBe('2026-01-31');
    expect(d.lastDay).toBe('2026-02-15');
    expect(d.dueAt.toISOString()).toBe('2026-02-15T15:59:59.999Z');
  });

  it('counts 15 days across a year end and runs through holidays (calendar days are not working days)', () => {
    const d = calendarDaysDeadline(sh('2025-12-25T16:00:00'), 15, official, nextDay);
    expect(d.lastDay).toBe('2026-01-09');
  });

  it('counts 60 days across month ends, February included, in leap and common years', () => {
    expect(calendarDaysDeadline(sh('2026-03-05T10:00:00'), 60, official, nextDay).lastDay).toBe('2026-05-04');
    expect(calendarDaysDeadline(sh('2027-01-01T10:00:00'), 60, official, nextDay).lastDay).toBe('2027-03-02');
    expect(calendarDaysDeadline(sh('2028-01-01T10:00:00'), 60, official, nextDay).lastDay).toBe('2028-03-01');
    const d = calendarDaysDeadline(sh('2026-11-30T23:59:00'), 60, official, nextDay);
    expect(d.lastDay).toBe('2027-01-29');
    expect(d.dueAt.toISOString()).toBe('2027-01-29T15:59:59.999Z');
  });

  it('counts the start day itself under the SAME_DAY rule', () => {
    const d = calendarDaysDeadline(sh('2026-01-17T09:00:00'), 15, official, sameDay);
    expect(d.lastDay).toBe('2026-01-31');
    expect(d.explanation).toContain('SAME_DAY');
  });

  it('rolls a last day that falls on a holiday over to the next working day when the tenant asks for it', () => {
    // 15 days from 2025-09-22 end on 2025-10-07, inside the National Day holiday: the next working day is 10-09.
    const plain = calendarDaysDeadline(sh('2025-09-22T10:00:00'), 15, official, nextDay);
    expect(plain.lastDay).toBe('2025-10-07');
    const rolled = calendarDaysDeadline(sh('2025-09-22T10:00:00'), 15, official, { ...nextDay, lastDayOffRollsOver: true });
    expect(rolled.lastDay).toBe('2025-10-09');
    expect(rolled.explanation).toContain('not a working day');
  });

  it('refuses nonsense day counts', () => {
    expect(() => calendarDaysDeadline(new Date(), 0, official, nextDay)).toThrow(RangeError);
    expect(() => calendarDaysDeadline(new Date(), 1.5, official, nextDay)).toThrow(RangeError);
  });
});

describe('working-day deadlines (object to a transfer within 5 working days)', () => {
  it('counts a 调休 Sunday as a working day and skips the National Day holiday', () => {
    // Friday 2025-09-26: Sat 27 off, Sun 28 worked (调休), 29, 30, Oct 1–8 holiday, 9, 10.
    const d = workingDaysDeadline(sh('2025-09-26T15:00:00'), 5, official, nextDay);
    expect(d.lastDay).toBe('2025-10-10');
    expect(d.dueAt.toISOString()).toBe('2025-10-10T15:59:59.999Z');
    expect(d.explanation).toContain('2025-09-28 (调休 make-up working day)');
    expect(d.explanation).toContain('skipped 1 weekend day(s) and 8 public holiday(s)');
    expect(d.fallbackYears).toEqual([]);
  });

  it('counts a 调休 Saturday after the holiday and skips the ordinary Sunday', () => {
    // Thursday 2025-10-09: Fri 10, Sat 11 worked (调休), Sun 12 off, Mon 13, Tue 14, Wed 15.
    expect(workingDaysDeadline(sh('2025-10-09T09:00:00'), 5, official, nextDay).lastDay).toBe('2025-10-15');
  });

  it('crosses the Spring Festival with make-up Saturdays on both sides', () => {
    // Thursday 2026-02-12: Fri 13, Sat 14 worked, Feb 15–23 off, Tue 24, Wed 25, Thu 26.
    expect(workingDaysDeadline(sh('2026-02-12T09:00:00'), 5, official, nextDay).lastDay).toBe('2026-02-26');
    // Same start, weekends only: Fri 13, Mon 16 … Thu 19.
    expect(workingDaysDeadline(sh('2026-02-12T09:00:00'), 5, weekendsOnly, nextDay).lastDay).toBe('2026-02-19');
  });

  it('falls back to weekends only for a year with no holiday data and says so', () => {
    const d = workingDaysDeadline(sh('2026-12-28T09:00:00'), 5, official, nextDay);
    // 29, 30, 31, then 2027-01-01 (a Friday, unknown year: counted as a working day) and Monday 01-04.
    expect(d.lastDay).toBe('2027-01-04');
    expect(d.fallbackYears).toEqual([2027]);
    expect(d.explanation).toContain('No holiday calendar for 2027');
  });

  it('counts the start day when it is a working day under SAME_DAY', () => {
    expect(workingDaysDeadline(sh('2025-09-26T15:00:00'), 5, official, sameDay).lastDay).toBe('2025-10-09');
    // A start on a holiday is not a working day even under SAME_DAY.
    expect(workingDaysDeadline(sh('2025-10-03T15:00:00'), 1, official, sameDay).lastDay).toBe('2025-10-09');
  });

  it('honours a tenant with a different weekend', () => {
    const sundayOnly = calendarOf({}, [7]);
    // Friday start: Sat counts, Sun skipped, Mon … Wed.
    expect(workingDaysDeadline(sh('2026-11-20T09:00:00'), 4, sundayOnly, nextDay).lastDay).toBe('2026-11-25');
  });
});

describe('extensions and durations', () => {
  it('extends a due date by 30 calendar days counted from the end of the current period', () => {
    const reply = calendarDaysDeadline(sh('2026-03-05T10:00:00'), 60, official, nextDay);
    const extended = extendedDeadline(reply.dueAt, 30, DayBasis.CALENDAR_DAYS, official, sameDay);
    expect(extended.lastDay).toBe('2026-06-03');
    expect(extended.dueAt.toISOString()).toBe('2026-06-03T15:59:59.999Z');
    expect(extended.explanation.startsWith('Extended by 30 calendar days')).toBe(true);
  });

  it('adds minutes and hours exactly, and days as calendar days ending at the end of a local day', () => {
    const start = sh('2026-01-31T22:00:00');
    expect(afterDuration(start, 30, 'MINUTES', official, nextDay).toISOString()).toBe('2026-01-31T14:30:00.000Z');
    expect(afterDuration(start, 4, 'HOURS', official, nextDay).toISOString()).toBe('2026-01-31T18:00:00.000Z');
    expect(afterDuration(start, 1, 'DAYS', official, nextDay).toISOString()).toBe('2026-02-01T15:59:59.999Z');
  });
});
