// SQL of the calendar tables for statements other modules compose.
import { tenantClockOf, type TenantClock } from './calendar.service.js';
import type { DayCountRule } from './clock-math.model.js';

interface SettingsJson {
  weekend_days: number[];
  day_count_rule: DayCountRule;
  last_day_off_rolls_over: boolean;
}

interface YearJson {
  year: number;
  days_off: string[];
  make_up_workdays: string[];
}

export const calendarSql = {
  /** json of the tenant's counting settings, or null. */
  settingsJson(tenant: string): string {
    return `(select json_build_object('weekend_days', c.weekend_days, 'day_count_rule', c.day_count_rule, 'last_day_off_rolls_over', c.last_day_off_rolls_over)
       from calendar_settings c where c.tenant_id = ${tenant})`;
  },

  /** A json array of the tenant's holiday years, never null. */
  yearsJson(tenant: string): string {
    return `(select coalesce(json_agg(json_build_object('year', y.year, 'days_off', y.days_off, 'make_up_workdays', y.make_up_workdays)), '[]')
       from calendar_year y where y.tenant_id = ${tenant})`;
  },

  /** The clock `loadTenantClock` would build, from the two json columns. */
  clockFromJson(timezone: string, settings: SettingsJson | null, years: YearJson[]): TenantClock {
    return tenantClockOf(
      timezone,
      settings ? { weekendDays: settings.weekend_days, dayCountRule: settings.day_count_rule, lastDayOffRollsOver: settings.last_day_off_rolls_over } : null,
      years.map((y) => ({ year: y.year, daysOff: y.days_off, makeUpWorkdays: y.make_up_workdays })),
    );
  },
};
