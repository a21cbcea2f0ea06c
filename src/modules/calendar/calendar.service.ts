import { ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx } from '../../platform/context.js';
import { DomainError, DomainErrors, invalid } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { requireMember } from '../../platform/authz.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { CalendarSettings, CalendarYear } from './calendar.entity.js';
import { CalendarErrorCode } from './calendar.errors.js';
import {
  calendarOf,
  deadline,
  isLocalDate,
  isoWeekday,
  localDateOf,
  yearOf,
  DayCountRule,
  type CountSettings,
  type Deadline,
  type WorkingCalendar,
} from './clock-math.model.js';
import { OFFICIAL_HOLIDAYS_CN } from './holidays-cn.js';
import {
  CalendarDayChangeKind,
  CalendarYearNode,
  DeadlinePreview,
  WorkingCalendarNode,
  type CalendarYearRefInput,
  type DeadlinePreviewInput,
  type SetCalendarYearInput,
  type UpdateCalendarDaysInput,
  type UpdateCalendarSettingsInput,
} from './calendar.types.js';

/** What day-based deadlines of one tenant are computed with. */
export interface TenantClock {
  calendar: WorkingCalendar;
  settings: CountSettings;
}

const DEFAULT_WEEKEND = [6, 7];

/** Builds the clock from the tenant's rows (missing settings: the defaults). */
export function tenantClockOf(
  timezone: string,
  settings: Pick<CalendarSettings, 'weekendDays' | 'dayCountRule' | 'lastDayOffRollsOver'> | null,
  years: Pick<CalendarYear, 'year' | 'daysOff' | 'makeUpWorkdays'>[],
): TenantClock {
  const data: Record<number, { daysOff: string[]; makeUpWorkdays: string[] }> = {};
  for (const y of years) data[y.year] = { daysOff: y.daysOff, makeUpWorkdays: y.makeUpWorkdays };
  return {
    calendar: calendarOf(data, settings?.weekendDays ?? DEFAULT_WEEKEND),
    settings: {
      timezone,
      rule: settings?.dayCountRule ?? DayCountRule.NEXT_DAY,
      lastDayOffRollsOver: settings?.lastDayOffRollsOver ?? false,
    },
  };
}

/** Loads a tenant's clock with an EntityManager whose tenant scope is already set (public lookups, sweeper). */
export async function loadTenantClock(em: EntityManager, tenantId: string, timezone: string): Promise<TenantClock> {
  const [settings, years] = await Promise.all([
    em.findOne(CalendarSettings, { tenant: tenantId }),
    em.find(CalendarYear, { tenant: tenantId }),
  ]);
  return tenantClockOf(timezone, settings, years);
}

/**
 * Seeds a new tenant's calendar: default settings, and the current and next
 * year (in the tenant's zone) from the official data where the data has them.
 * A year the data lacks stays undefined: weekends only, and clocks say so.
 */
export async function seedTenantCalendar(em: EntityManager, tenant: { id: string; timezone: string }, now = new Date()): Promise<number[]> {
  em.persist(em.create(CalendarSettings, { tenant: tenant.id }));
  const current = yearOf(localDateOf(now, tenant.timezone));
  const seeded: number[] = [];
  for (const year of [current, current + 1]) {
    const official = OFFICIAL_HOLIDAYS_CN[year];
    if (!official) continue;
    em.persist(em.create(CalendarYear, {
      tenant: tenant.id,
      year,
      source: official.source,
      daysOff: [...official.daysOff],
      makeUpWorkdays: [...official.makeUpWorkdays],
    }));
    seeded.push(year);
  }
  return seeded;
}

function yearNode(year: number, row: CalendarYear | undefined): CalendarYearNode {
  return Object.assign(new CalendarYearNode(), {
    year,
    defined: !!row,
    source: row?.source ?? null,
    daysOff: row ? [...row.daysOff].sort() : [],
    makeUpWorkdays: row ? [...row.makeUpWorkdays].sort() : [],
    officialDataAvailable: !!OFFICIAL_HOLIDAYS_CN[year],
  });
}

function checkDates(dates: string[], year: number, field: string): DomainError[] {
  const errors: DomainError[] = [];
  dates.forEach((d, i) => {
    if (!isLocalDate(d)) errors.push(invalid('not a date (YYYY-MM-DD)', ['input', field, String(i)]));
    else if (yearOf(d) !== year) errors.push(new DomainError(CalendarErrorCode.DATE_OUTSIDE_YEAR, `${d} is not in ${year}`, ['input', field, String(i)]));
  });
  return errors;
}

function checkYearData(daysOff: string[], makeUp: string[], weekend: Set<number>, year: number, fields: [string, string]): void {
  const errors = [...checkDates(daysOff, year, fields[0]), ...checkDates(makeUp, year, fields[1])];
  const off = new Set(daysOff);
  makeUp.forEach((d, i) => {
    if (!isLocalDate(d)) return;
    if (off.has(d)) errors.push(invalid(`${d} cannot be both a day off and a make-up working day`, ['input', fields[1], String(i)]));
    else if (!weekend.has(isoWeekday(d))) {
      errors.push(new DomainError(CalendarErrorCode.MAKE_UP_DAY_NOT_WEEKEND, `${d} is a weekday already: only a weekend day can be a make-up working day`, ['input', fields[1], String(i)]));
    }
  });
  if (errors.length) throw new DomainErrors(errors);
}

export const calendarService = {
  /** The caller's tenant clock, loaded once per operation. */
  async clock(ctx: Ctx): Promise<TenantClock> {
    return this.clockLoader(ctx).load(requireMember(ctx).tenant.id);
  },

  /** Gives the request the clock read by another statement (the report's context read). */
  primeClock(ctx: Ctx, clock: TenantClock): void {
    const tenantId = requireMember(ctx).tenant.id;
    this.clockLoader(ctx).clear(tenantId).prime(tenantId, clock);
  },

  clockLoader(ctx: Ctx) {
    const actor = requireMember(ctx);
    return ctx.loaders.get<string, TenantClock>('tenantClock', async (keys) => {
      const clock = await loadTenantClock(ctx.em, actor.tenant.id, actor.tenant.timezone);
      return keys.map(() => clock);
    });
  },

  async settingsRow(ctx: Ctx): Promise<CalendarSettings> {
    const tenantId = requireMember(ctx).tenant.id;
    const existing = await ctx.em.findOne(CalendarSettings, { tenant: tenantId });
    if (existing) return existing;
    // Tenants provisioned before the calendar existed get their row on first edit.
    const row = ctx.em.create(CalendarSettings, { tenant: ref(Tenant, tenantId) });
    ctx.em.persist(row);
    return row;
  },

  async view(ctx: Ctx, fromYear?: number | null, toYear?: number | null, extraYears: number[] = []): Promise<WorkingCalendarNode> {
    const actor = requireMember(ctx);
    const current = yearOf(localDateOf(new Date(), actor.tenant.timezone));
    const from = fromYear ?? current - 1;
    const to = toYear ?? current + 1;
    if (to < from || to - from > 20) throw invalid('ask for at most 21 years, fromYear ≤ toYear', ['toYear']);
    const [settings, rows] = await Promise.all([
      ctx.em.findOne(CalendarSettings, { tenant: actor.tenant.id }),
      ctx.em.find(CalendarYear, { tenant: actor.tenant.id, year: { $gte: Math.min(from, ...extraYears), $lte: Math.max(to, ...extraYears) } }),
    ]);
    const byYear = new Map(rows.map((r) => [r.year, r]));
    const years = new Set<number>(extraYears);
    for (let y = from; y <= to; y++) years.add(y);
    return Object.assign(new WorkingCalendarNode(), {
      timezone: actor.tenant.timezone,
      dayCountRule: settings?.dayCountRule ?? DayCountRule.NEXT_DAY,
      weekendDays: settings?.weekendDays ?? DEFAULT_WEEKEND,
      lastDayOffRollsOver: settings?.lastDayOffRollsOver ?? false,
      suspensionLimitDays: settings?.suspensionLimitDays ?? 30,
      years: [...years].sort((a, b) => a - b).map((y) => yearNode(y, byYear.get(y))),
    });
  },

  async preview(ctx: Ctx, input: DeadlinePreviewInput): Promise<DeadlinePreview> {
    await validateInput(input);
    const clock = await this.clock(ctx);
    return Object.assign(new DeadlinePreview(), deadline(input.basis, input.start, input.days, clock.calendar, clock.settings));
  },

  /** A deadline with the caller's calendar. */
  async deadline(ctx: Ctx, basis: Parameters<typeof deadline>[0], start: Date, days: number): Promise<Deadline> {
    const clock = await this.clock(ctx);
    return deadline(basis, start, days, clock.calendar, clock.settings);
  },

  async setYear(ctx: Ctx, input: SetCalendarYearInput): Promise<Outcome<number>> {
    return audited(ctx, 'calendar.set_year', async (tx) => {
      await validateInput(input);
      const settings = await this.settingsRow(tx);
      checkYearData(input.daysOff, input.makeUpWorkdays, new Set(settings.weekendDays), input.year, ['daysOff', 'makeUpWorkdays']);
      const row = await this.yearRow(tx, input.year, true);
      row.source = input.source ?? null;
      row.daysOff = [...input.daysOff].sort();
      row.makeUpWorkdays = [...input.makeUpWorkdays].sort();
      return { result: input.year, target: { type: 'CalendarYear', id: row.id } };
    });
  },

  async loadOfficial(ctx: Ctx, input: CalendarYearRefInput): Promise<Outcome<number>> {
    return audited(ctx, 'calendar.load_official', async (tx) => {
      await validateInput(input);
      const official = OFFICIAL_HOLIDAYS_CN[input.year];
      if (!official) {
        throw new DomainError(CalendarErrorCode.NO_OFFICIAL_DATA, `The API has no official holiday data for ${input.year}; enter it with setCalendarYear`, ['input', 'year']);
      }
      const row = await this.yearRow(tx, input.year, true);
      row.source = official.source;
      row.daysOff = [...official.daysOff];
      row.makeUpWorkdays = [...official.makeUpWorkdays];
      return { result: input.year, target: { type: 'CalendarYear', id: row.id } };
    });
  },

  async updateDays(ctx: Ctx, input: UpdateCalendarDaysInput): Promise<Outcome<number>> {
    return audited(ctx, 'calendar.update_days', async (tx) => {
      await validateInput(input);
      const row = await this.yearRow(tx, input.year, false);
      const errors = checkDates(input.changes.map((c) => c.date), input.year, 'changes');
      if (errors.length) throw new DomainErrors(errors);
      const off = new Set(row.daysOff);
      const makeUp = new Set(row.makeUpWorkdays);
      for (const change of input.changes) {
        off.delete(change.date);
        makeUp.delete(change.date);
        if (change.kind === CalendarDayChangeKind.DAY_OFF) off.add(change.date);
        if (change.kind === CalendarDayChangeKind.MAKE_UP_WORKDAY) makeUp.add(change.date);
      }
      const settings = await this.settingsRow(tx);
      checkYearData([...off], [...makeUp], new Set(settings.weekendDays), input.year, ['changes', 'changes']);
      row.daysOff = [...off].sort();
      row.makeUpWorkdays = [...makeUp].sort();
      return { result: input.year, target: { type: 'CalendarYear', id: row.id } };
    });
  },

  async removeYear(ctx: Ctx, input: CalendarYearRefInput): Promise<Outcome<number>> {
    return audited(ctx, 'calendar.remove_year', async (tx) => {
      await validateInput(input);
      const row = await this.yearRow(tx, input.year, false);
      tx.em.remove(row);
      return { result: input.year, target: { type: 'CalendarYear', id: row.id } };
    });
  },

  async updateSettings(ctx: Ctx, input: UpdateCalendarSettingsInput): Promise<Outcome<null>> {
    return audited(ctx, 'calendar.update_settings', async (tx) => {
      await validateInput(input);
      const settings = await this.settingsRow(tx);
      if (input.dayCountRule) settings.dayCountRule = input.dayCountRule;
      if (input.lastDayOffRollsOver !== undefined && input.lastDayOffRollsOver !== null) settings.lastDayOffRollsOver = input.lastDayOffRollsOver;
      if (input.suspensionLimitDays != null) settings.suspensionLimitDays = input.suspensionLimitDays;
      if (input.weekendDays) {
        const weekend = new Set(input.weekendDays);
        // Existing make-up working days must still fall on a weekend.
        for (const year of await tx.em.find(CalendarYear, {})) {
          const bad = year.makeUpWorkdays.find((d) => !weekend.has(isoWeekday(d)));
          if (bad) {
            throw new DomainError(CalendarErrorCode.MAKE_UP_DAY_NOT_WEEKEND, `${bad} is a make-up working day and would no longer be a weekend day`, ['input', 'weekendDays']);
          }
        }
        settings.weekendDays = [...weekend].sort();
      }
      return { result: null, target: { type: 'CalendarSettings', id: settings.id } };
    });
  },

  async yearRow(ctx: Ctx, year: number, create: boolean): Promise<CalendarYear> {
    const tenantId = requireMember(ctx).tenant.id;
    const row = await ctx.em.findOne(CalendarYear, { tenant: tenantId, year });
    if (row) return row;
    if (!create) {
      throw new DomainError(CalendarErrorCode.CALENDAR_YEAR_NOT_DEFINED, `${year} has no holiday data yet (weekends only); define it with setCalendarYear or loadOfficialHolidays`, ['input', 'year']);
    }
    const created = ctx.em.create(CalendarYear, { tenant: ref(Tenant, tenantId), year });
    ctx.em.persist(created);
    return created;
  },
};
