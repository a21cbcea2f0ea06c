import { ArrayType, Entity, Enum, Property, Unique, type Opt } from '@mikro-orm/core';
import { TenantEntity } from '../../platform/db/base.entity.js';
import { DayCountRule } from './clock-math.model.js';

/** How a tenant counts days: one row per tenant, created at provisioning. */
@Entity({ tableName: 'calendar_settings' })
@Unique({ properties: ['tenant'] })
export class CalendarSettings extends TenantEntity {
  @Enum({ items: () => DayCountRule })
  dayCountRule: Opt<DayCountRule> = DayCountRule.NEXT_DAY;

  /** ISO weekdays not worked (6 = Saturday, 7 = Sunday). */
  @Property({ type: new ArrayType<number>((i) => Number(i)), columnType: 'int[]' })
  weekendDays: Opt<number[]> = [6, 7];

  /** A calendar-day period whose last day is not worked ends on the next working day (民法典 art. 203). */
  @Property({ type: 'boolean', default: false })
  lastDayOffRollsOver: Opt<boolean> = false;

  /** A clock suspension (中止计时) still in effect after this many calendar days becomes an accountability finding. */
  @Property({ type: 'integer', default: 30 })
  suspensionLimitDays: Opt<number> = 30;

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}

/**
 * The public holidays and make-up working days (调休) of one year, as the tenant
 * keeps them. A year without a row is counted with weekends only.
 */
@Entity({ tableName: 'calendar_year' })
@Unique({ properties: ['tenant', 'year'] })
export class CalendarYear extends TenantEntity {
  @Property({ type: 'integer' })
  year!: number;

  /** Where the dates come from (the State Council notice, or the tenant's own note). */
  @Property({ type: 'text', nullable: true })
  source?: string | null;

  /** 'YYYY-MM-DD' days not worked besides the weekends (holidays, including the weekend days inside them). */
  @Property({ type: 'text[]' })
  daysOff: Opt<string[]> = [];

  /** 'YYYY-MM-DD' weekend days that are worked (调休). */
  @Property({ type: 'text[]' })
  makeUpWorkdays: Opt<string[]> = [];

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}
