import { Entity, Enum, Index, ManyToOne, Property, Unique, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import { Member } from '../member/member.entity.js';
import { Role } from '../role/role.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { DutyKind } from '../plan/plan.model.js';
import { Incident } from '../incident/incident.entity.js';
import { IncidentTask } from '../incident/task.entity.js';
import { StatutoryClock } from '../petition/clock.entity.js';
import { AlertPeriod } from '../alert-period/alert-period.entity.js';
import { ClockNoticeKind, ObligationSource } from './accountability.enums.js';

/**
 * One due time of a recurring obligation, written by the deadline sweeper once
 * it has passed: an occurrence of a recurring duty (keyed by the series' first
 * task and its number) or a unit's report under an alert period (keyed by
 * period, unit and due time). The unique keys make a second sweep a no-op.
 * Append-only: what was due, and whether it was done in its window, is fixed.
 */
@Entity({ tableName: 'duty_occurrence' })
@Unique({ properties: ['tenant', 'seriesTask', 'occurrence'] })
@Unique({ properties: ['tenant', 'alertPeriod', 'unit', 'dueAt'] })
@Index({ properties: ['tenant', 'dueAt'] })
export class DutyOccurrence extends TenantEntity {
  @Enum({ items: () => ObligationSource })
  source!: ObligationSource;

  /** Recurring duty: the first task of the series (occurrence 1). */
  @ManyToOne({ entity: () => IncidentTask, nullable: true, ref: true, ...sameTenant('series_task_id') })
  seriesTask?: Ref<IncidentTask> | null;

  @ManyToOne({ entity: () => Incident, nullable: true, ref: true, ...sameTenant('incident_id') })
  incident?: Ref<Incident> | null;

  @ManyToOne({ entity: () => AlertPeriod, nullable: true, ref: true, ...sameTenant('alert_period_id') })
  alertPeriod?: Ref<AlertPeriod> | null;

  /** The unit answerable for it. */
  @ManyToOne({ entity: () => Unit, ref: true, ...sameTenant('unit_id') })
  unit!: Ref<Unit>;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('member_id') })
  member?: Ref<Member> | null;

  @ManyToOne({ entity: () => Role, nullable: true, ref: true, ...sameTenant('role_id') })
  role?: Ref<Role> | null;

  @Enum({ items: () => DutyKind })
  dutyKind!: DutyKind;

  @Property({ type: 'text' })
  dutyKey!: string;

  /** 1, 2, 3... within the series (or the period, per unit). */
  @Property({ type: 'integer' })
  occurrence!: number;

  @Property({ type: 'datetime' })
  dueAt!: Date;

  /** When the next one falls due: where the next sweep continues the series. */
  @Property({ type: 'datetime', nullable: true })
  nextDueAt?: Date | null;

  /** The report or completion that fulfilled it in its window, if any (as the sweeper saw it). */
  @Property({ type: 'datetime', nullable: true })
  fulfilledAt?: Date | null;

  /** The sweep time that recorded it. */
  @Property({ type: 'datetime' })
  recordedAt!: Date;
}

/** A "due soon" warning the sweeper gave for a clock's due time, once (the unique key). Append-only. */
@Entity({ tableName: 'clock_notice' })
@Unique({ properties: ['tenant', 'clock', 'kind', 'dueAt'] })
export class ClockNotice extends TenantEntity {
  @ManyToOne({ entity: () => StatutoryClock, ref: true, ...sameTenant('clock_id') })
  clock!: Ref<StatutoryClock>;

  @ManyToOne({ entity: () => Incident, ref: true, ...sameTenant('incident_id') })
  incident!: Ref<Incident>;

  @Enum({ items: () => ClockNoticeKind })
  kind!: ClockNoticeKind;

  @Property({ type: 'datetime' })
  dueAt!: Date;

  @Property({ type: 'datetime' })
  noticedAt!: Date;
}
