import { Check, Entity, Index, ManyToOne, Property, Unique, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import { Member } from '../member/member.entity.js';
import { Unit } from '../unit/unit.entity.js';
import type { RelativeDuration } from '../plan/plan.model.js';

/** One phase of a period's reporting rule: from `from` on, a report every `every` (002: weekly, then daily). */
export interface ReportingPhase {
  from: string;
  every: RelativeDuration;
}

/** How units report during an alert period. */
export interface ReportingRule {
  phases: ReportingPhase[];
  /** Each unit of the scope reports (not only the unit concerned by an incident). */
  perUnit: boolean;
  /** A report is due even when nothing happened (有情况报情况，无情况报平安). */
  zeroReportsRequired: boolean;
  /** Local time of day (HH:mm, tenant time zone) reports fall due, for day-based cadences. */
  dueLocalTime: string;
  description: string;
}

/**
 * A sensitive period (重大活动期间) declared by a leader: a named window over
 * a unit subtree (the whole tenant when `unit` is its root) with its own
 * reporting rule. Plan triggers test whether one is on.
 */
@Entity({ tableName: 'alert_period' })
@Check({ name: 'alert_period_window', expression: 'ends_at >= starts_at' })
@Index({ properties: ['tenant', 'startsAt', 'endsAt'] })
// Cross-tenant probe of the background jobs' agenda (leading column: the due time).
@Index({ name: 'alert_period_agenda_start', expression: `create index "alert_period_agenda_start" on "alert_period" ("starts_at")` })
export class AlertPeriod extends TenantEntity {
  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @ManyToOne({ entity: () => Unit, ref: true, ...sameTenant('unit_id') })
  unit!: Ref<Unit>;

  @Property({ type: 'datetime' })
  startsAt!: Date;

  @Property({ type: 'datetime' })
  endsAt!: Date;

  @Property({ type: 'json' })
  reportingRule!: ReportingRule;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('declared_by_id') })
  declaredBy!: Ref<Member>;

  /** When a leader ended the period early (endsAt then moved to that moment). */
  @Property({ type: 'datetime', nullable: true })
  cancelledAt?: Date | null;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('cancelled_by_id') })
  cancelledBy?: Ref<Member> | null;

  @Property({ type: 'text', nullable: true })
  cancelReason?: string | null;
}

/**
 * A unit's report under an alert period's reporting rule, for one due time:
 * a situation report, or a zero report (无情况报平安). A correction is a new
 * report superseding the one filed (with a reason); the first filed decides
 * whether the due time was met.
 */
@Entity({ tableName: 'alert_period_report' })
@Unique({
  name: 'alert_period_report_one_original',
  expression: `create unique index "alert_period_report_one_original" on "alert_period_report" ("tenant_id", "period_id", "unit_id", "due_at") where "supersedes_id" is null`,
})
@Unique({ properties: ['tenant', 'supersedes'] })
export class AlertPeriodReport extends TenantEntity {
  @ManyToOne({ entity: () => AlertPeriod, ref: true, ...sameTenant('period_id') })
  period!: Ref<AlertPeriod>;

  @ManyToOne({ entity: () => Unit, ref: true, ...sameTenant('unit_id') })
  unit!: Ref<Unit>;

  /** The due time it answers (one of the rule's due times). */
  @Property({ type: 'datetime' })
  dueAt!: Date;

  @Property({ type: 'boolean' })
  nothingToReport!: boolean;

  @Property({ type: 'text', nullable: true })
  content?: string | null;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('submitted_by_id') })
  submittedBy!: Ref<Member>;

  /** The report this one corrects (one correction each: the chain stays linear). */
  @ManyToOne({ entity: () => AlertPeriodReport, nullable: true, ref: true, ...sameTenant('supersedes_id') })
  supersedes?: Ref<AlertPeriodReport> | null;

  @Property({ type: 'text', nullable: true })
  correctionReason?: string | null;

  /** Set when a correction replaced it. */
  @Property({ type: 'datetime', nullable: true })
  supersededAt?: Date | null;
}
