// Pure deadline arithmetic: local dates in a tenant's time zone, calendar and
// working days, end-of-day due times. No I/O; the calendar comes in as data.
import { localDateOf as zonedLocalDateOf, offsetMinutes } from '../../platform/zoned-time.js';

/** A calendar date 'YYYY-MM-DD' (no time, no zone). */
export type LocalDate = string;

const DAY_MS = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** How a period of days is counted from its start (a per-tenant setting). */
export enum DayCountRule {
  /** Common practice (and 民法典 art. 201): the day of the start is not counted; day 1 is the next day. */
  NEXT_DAY = 'NEXT_DAY',
  /** The day of the start counts as day 1. */
  SAME_DAY = 'SAME_DAY',
}

export enum DayBasis {
  CALENDAR_DAYS = 'CALENDAR_DAYS',
  WORKING_DAYS = 'WORKING_DAYS',
}

export enum DayKind {
  WORKDAY = 'WORKDAY',
  WEEKEND = 'WEEKEND',
  PUBLIC_HOLIDAY = 'PUBLIC_HOLIDAY',
  /** A weekend day worked in exchange for a holiday (调休). */
  MAKE_UP_WORKDAY = 'MAKE_UP_WORKDAY',
}

export interface CalendarYearData {
  daysOff: ReadonlySet<LocalDate>;
  makeUpWorkdays: ReadonlySet<LocalDate>;
}

/** A tenant's working calendar: weekend days plus the years whose holidays are known. */
export interface WorkingCalendar {
  /** ISO weekdays (1 = Monday … 7 = Sunday) that are not worked. */
  weekendDays: ReadonlySet<number>;
  years: ReadonlyMap<number, CalendarYearData>;
}

export interface CountSettings {
  timezone: string;
  rule: DayCountRule;
  /** When the last day of a calendar-day period is not a working day, the period ends on the next working day (民法典 art. 203). */
  lastDayOffRollsOver: boolean;
}

export interface Deadline {
  basis: DayBasis;
  days: number;
  /** Local date of the start, in the tenant's zone. */
  startDay: LocalDate;
  /** Local date of the last day of the period. */
  lastDay: LocalDate;
  /** The last millisecond of the last day in the tenant's zone. */
  dueAt: Date;
  /** Years the computation needed whose holidays are not in the calendar: counted with weekends only. */
  fallbackYears: number[];
  explanation: string;
}

// ---------- local dates ----------

export function isLocalDate(value: string): boolean {
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function parts(date: LocalDate): [number, number, number] {
  const m = LOCAL_DATE.exec(date);
  if (!m || !isLocalDate(date)) throw new Error(`not a local date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function format(t: number): LocalDate {
  return new Date(t).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, n: number): LocalDate {
  const [y, m, d] = parts(date);
  return format(Date.UTC(y, m - 1, d) + n * DAY_MS);
}

export function yearOf(date: LocalDate): number {
  return parts(date)[0];
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const [y, m, d] = parts(date);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

// ---------- time zones ----------

/** The zone's offset from UTC at an instant, in milliseconds (positive east of Greenwich). */
export function zoneOffsetMs(instant: number, timezone: string): number {
  return offsetMinutes(new Date(instant), timezone) * 60_000;
}

/** The local date of an instant in a zone. */
export function localDateOf(instant: Date, timezone: string): LocalDate {
  return zonedLocalDateOf(instant, timezone);
}

/** The first instant of a local date in a zone. */
export function startOfLocalDay(date: LocalDate, timezone: string): Date {
  const [y, m, d] = parts(date);
  const wall = Date.UTC(y, m - 1, d);
  let t = wall - zoneOffsetMs(wall, timezone);
  // Offsets can differ between the guess and the result around a transition: settle on the result's.
  const second = wall - zoneOffsetMs(t, timezone);
  if (second !== t) t = Math.min(t, second);
  // A day that starts inside a gap begins at the first instant that is on that date.
  while (localDateOf(new Date(t), timezone) < date) t += 60_000;
  return new Date(t);
}

/** The last millisecond of a local date in a zone: "due at the end of the day". */
export function endOfLocalDay(date: LocalDate, timezone: string): Date {
  return new Date(startOfLocalDay(addDays(date, 1), timezone).getTime() - 1);
}

// ---------- the working calendar ----------

export interface DayInfo {
  working: boolean;
  kind: DayKind;
  /** False when the year has no holiday data: only weekends were considered. */
  yearKnown: boolean;
}

export function dayInfo(calendar: WorkingCalendar, date: LocalDate): DayInfo {
  const year = calendar.years.get(yearOf(date));
  const weekend = calendar.weekendDays.has(isoWeekday(date));
  if (year) {
    if (year.makeUpWorkdays.has(date)) return { working: true, kind: DayKind.MAKE_UP_WORKDAY, yearKnown: true };
    if (year.daysOff.has(date)) return { working: false, kind: DayKind.PUBLIC_HOLIDAY, yearKnown: true };
  }
  return { working: !weekend, kind: weekend ? DayKind.WEEKEND : DayKind.WORKDAY, yearKnown: !!year };
}

/** Builds a calendar from plain lists (data file, database rows, tests). */
export function calendarOf(
  years: Record<number, { daysOff: readonly LocalDate[]; makeUpWorkdays: readonly LocalDate[] }>,
  weekendDays: readonly number[] = [6, 7],
): WorkingCalendar {
  const map = new Map<number, CalendarYearData>();
  for (const [year, data] of Object.entries(years)) {
    map.set(Number(year), { daysOff: new Set(data.daysOff), makeUpWorkdays: new Set(data.makeUpWorkdays) });
  }
  return { weekendDays: new Set(weekendDays), years: map };
}

// ---------- deadlines ----------

const MAX_DAYS = 3660;

function assertDays(days: number): void {
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw new RangeError(`days must be an integer between 1 and ${MAX_DAYS}`);
}

function firstCountedDay(startDay: LocalDate, rule: DayCountRule): LocalDate {
  return rule === DayCountRule.SAME_DAY ? startDay : addDays(startDay, 1);
}

function ruleText(rule: DayCountRule): string {
  return rule === DayCountRule.SAME_DAY
    ? 'the start day counts as day 1 (tenant rule SAME_DAY)'
    : 'counting starts the day after (tenant rule NEXT_DAY, 期间开始之日不计入)';
}

function fallbackText(years: number[]): string {
  if (!years.length) return '';
  const list = years.join(', ');
  return ` No holiday calendar for ${list}: weekends only were counted (${list}年节假日安排未录入，仅按周末计算).`;
}

/** Moves a last day that is not worked to the next working day, when the tenant asks for it. */
function rollOver(calendar: WorkingCalendar, day: LocalDate, fallback: Set<number>): { day: LocalDate; skipped: number } {
  let current = day;
  let skipped = 0;
  for (let i = 0; i < MAX_DAYS; i++) {
    const info = dayInfo(calendar, current);
    if (!info.yearKnown) fallback.add(yearOf(current));
    if (info.working) return { day: current, skipped };
    current = addDays(current, 1);
    skipped++;
  }
  throw new Error('no working day found within ten years');
}

/** N calendar days from an instant, counted in the tenant's zone; due at the end of the last day. */
export function calendarDaysDeadline(start: Date, days: number, calendar: WorkingCalendar, settings: CountSettings): Deadline {
  assertDays(days);
  const startDay = localDateOf(start, settings.timezone);
  const first = firstCountedDay(startDay, settings.rule);
  let lastDay = addDays(first, days - 1);
  const fallback = new Set<number>();
  let rolled = '';
  if (settings.lastDayOffRollsOver) {
    const r = rollOver(calendar, lastDay, fallback);
    if (r.skipped) rolled = ` Day ${days} (${lastDay}) is not a working day: the period ends on the next working day, ${r.day} (民法典 art. 203).`;
    lastDay = r.day;
  }
  const dueAt = endOfLocalDay(lastDay, settings.timezone);
  const fallbackYears = [...fallback].sort();
  return {
    basis: DayBasis.CALENDAR_DAYS,
    days,
    startDay,
    lastDay,
    dueAt,
    fallbackYears,
    explanation:
      `${days} calendar days from ${startDay} (${settings.timezone}); ${ruleText(settings.rule)}: day 1 is ${first}, day ${days} is ${addDays(first, days - 1)}.` +
      `${rolled} Due at the end of ${lastDay} (${dueAt.toISOString()}).${fallbackText(fallbackYears)}`,
  };
}

/** N working days from an instant, skipping weekends and public holidays and counting make-up working days (调休). */
export function workingDaysDeadline(start: Date, days: number, calendar: WorkingCalendar, settings: CountSettings): Deadline {
  assertDays(days);
  const startDay = localDateOf(start, settings.timezone);
  let current = firstCountedDay(startDay, settings.rule);
  const fallback = new Set<number>();
  const counted: string[] = [];
  const skipped = { weekend: 0, holiday: 0 };
  for (let guard = 0; counted.length < days; guard++) {
    if (guard > MAX_DAYS * 2) throw new Error('working-day count did not finish');
    const info = dayInfo(calendar, current);
    if (!info.yearKnown) fallback.add(yearOf(current));
    if (info.working) counted.push(info.kind === DayKind.MAKE_UP_WORKDAY ? `${current} (调休 make-up working day)` : current);
    else if (info.kind === DayKind.PUBLIC_HOLIDAY) skipped.holiday++;
    else skipped.weekend++;
    if (counted.length < days) current = addDays(current, 1);
  }
  const lastDay = current;
  const dueAt = endOfLocalDay(lastDay, settings.timezone);
  const fallbackYears = [...fallback].sort();
  const shown = counted.length <= 10 ? counted.join(', ') : `${counted.slice(0, 3).join(', ')} … ${counted.slice(-2).join(', ')}`;
  return {
    basis: DayBasis.WORKING_DAYS,
    days,
    startDay,
    lastDay,
    dueAt,
    fallbackYears,
    explanation:
      `${days} working days from ${startDay} (${settings.timezone}); ${ruleText(settings.rule)}. Counted: ${shown}; ` +
      `skipped ${skipped.weekend} weekend day(s) and ${skipped.holiday} public holiday(s). Due at the end of ${lastDay} (${dueAt.toISOString()}).` +
      fallbackText(fallbackYears),
  };
}

/** A deadline of either basis. */
export function deadline(basis: DayBasis, start: Date, days: number, calendar: WorkingCalendar, settings: CountSettings): Deadline {
  return basis === DayBasis.WORKING_DAYS ? workingDaysDeadline(start, days, calendar, settings) : calendarDaysDeadline(start, days, calendar, settings);
}

/**
 * Extends a due time by N more days of the same basis, counted from the day the
 * current period ends (that day is not counted again, whatever the start rule).
 */
export function extendedDeadline(currentDue: Date, days: number, basis: DayBasis, calendar: WorkingCalendar, settings: CountSettings): Deadline {
  const d = deadline(basis, currentDue, days, calendar, { ...settings, rule: DayCountRule.NEXT_DAY });
  return { ...d, explanation: `Extended by ${d.explanation.charAt(0).toLowerCase()}${d.explanation.slice(1)}` };
}

/** A duration in minutes, hours or days after an instant; days count like calendar-day deadlines. */
export function afterDuration(
  start: Date,
  amount: number,
  unit: 'MINUTES' | 'HOURS' | 'DAYS',
  calendar: WorkingCalendar,
  settings: CountSettings,
): Date {
  if (unit === 'MINUTES') return new Date(start.getTime() + amount * 60_000);
  if (unit === 'HOURS') return new Date(start.getTime() + amount * 3_600_000);
  if (amount <= 0) return start;
  return calendarDaysDeadline(start, amount, calendar, { ...settings, lastDayOffRollsOver: false }).dueAt;
}

/**
 * The working days a stretch of time covered, in the tenant's zone: the days
 * after the day it began up to and including the day it ended (the day it
 * began is not counted, like a period's start), weekends and holidays skipped,
 * make-up working days (调休) counted.
 */
export function workingDaysWithin(from: Date, to: Date, calendar: WorkingCalendar, settings: CountSettings): { days: number; counted: LocalDate[]; fallbackYears: number[] } {
  const first = addDays(localDateOf(from, settings.timezone), 1);
  const last = localDateOf(to, settings.timezone);
  const counted: LocalDate[] = [];
  const fallback = new Set<number>();
  for (let day = first, guard = 0; day <= last; day = addDays(day, 1), guard++) {
    if (guard > MAX_DAYS) throw new Error('span longer than ten years');
    const info = dayInfo(calendar, day);
    if (!info.yearKnown) fallback.add(yearOf(day));
    if (info.working) counted.push(day);
  }
  return { days: counted.length, counted, fallbackYears: [...fallback].sort() };
}
