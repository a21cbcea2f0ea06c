import { BigIntType, Entity, Enum, Index, ManyToOne, Property, Unique, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import { Member } from '../member/member.entity.js';
import { Role } from '../role/role.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { DutyKind } from '../plan/plan.model.js';
import { Incident } from '../incident/incident.entity.js';
import { IncidentTask } from '../incident/task.entity.js';
import { StatutoryClock } from '../petition/clock.entity.js';
import { ClockSuspension } from '../petition/clock-suspension.entity.js';
import { ClockKind } from '../petition/petition.enums.js';
import { AlertPeriod } from '../alert-period/alert-period.entity.js';
import { DutyOccurrence } from './occurrence.entity.js';
import { Concern } from '../concern/concern.entity.js';
import { EscalationStatus, FindingOutcome, ObligationSource, RulingDecision } from './accountability.enums.js';

/**
 * An accountability finding (责任追究): an obligation not met in time, with
 * who answered for it (member, role, unit), what it was (duty kind, key,
 * action), its due and done times, the plan version, and the sequence
 * numbers of the log entries that prove it. Written once by the deadline
 * sweeper; never changed (append-only for the application role). One per
 * task, occurrence or clock: the unique keys make a second sweep a no-op.
 */
@Entity({ tableName: 'accountability_finding' })
@Unique({ properties: ['tenant', 'task'] })
@Unique({ properties: ['tenant', 'occurrence'] })
@Unique({ properties: ['tenant', 'clock'] })
@Unique({ properties: ['tenant', 'suspension'] })
@Unique({ properties: ['tenant', 'concern'] })
@Index({ properties: ['tenant', 'dueAt', 'id'] })
@Index({ properties: ['tenant', 'responsibleMember', 'dueAt'] })
@Index({ properties: ['tenant', 'incident'] })
@Index({ properties: ['tenant', 'escalateAt'] })
// Cross-tenant probe of the background jobs' agenda (leading column: the due time).
@Index({ name: 'accountability_finding_agenda_escalate', expression: `create index "accountability_finding_agenda_escalate" on "accountability_finding" ("escalate_at") where "escalate_at" is not null` })
export class AccountabilityFinding extends TenantEntity {
  @Enum({ items: () => ObligationSource })
  source!: ObligationSource;

  @Enum({ items: () => FindingOutcome })
  outcome!: FindingOutcome;

  @ManyToOne({ entity: () => Incident, nullable: true, ref: true, ...sameTenant('incident_id') })
  incident?: Ref<Incident> | null;

  /** TASK: the task missed. */
  @ManyToOne({ entity: () => IncidentTask, nullable: true, ref: true, ...sameTenant('task_id') })
  task?: Ref<IncidentTask> | null;

  /** RECURRING_DUTY and ALERT_PERIOD_REPORT: the occurrence missed. */
  @ManyToOne({ entity: () => DutyOccurrence, nullable: true, ref: true, ...sameTenant('occurrence_id') })
  occurrence?: Ref<DutyOccurrence> | null;

  @ManyToOne({ entity: () => StatutoryClock, nullable: true, ref: true, ...sameTenant('clock_id') })
  clock?: Ref<StatutoryClock> | null;

  /** CLOCK_SUSPENSION: the suspension left open past the limit (its clock is in clockKind; `clock` stays for the clock's own miss). */
  @ManyToOne({ entity: () => ClockSuspension, nullable: true, ref: true, ...sameTenant('suspension_id') })
  suspension?: Ref<ClockSuspension> | null;

  @ManyToOne({ entity: () => AlertPeriod, nullable: true, ref: true, ...sameTenant('alert_period_id') })
  alertPeriod?: Ref<AlertPeriod> | null;

  /** CONCERN: the prevention record left unresolved past its due date. */
  @ManyToOne({ entity: () => Concern, nullable: true, ref: true, ...sameTenant('concern_id') })
  concern?: Ref<Concern> | null;

  /** Null for statutory clocks. */
  @Enum({ items: () => DutyKind, nullable: true })
  dutyKind?: DutyKind | null;

  @Enum({ items: () => ClockKind, nullable: true })
  clockKind?: ClockKind | null;

  /** The duty's key in the plan level (the clock kind, or "alert-period-report"). */
  @Property({ type: 'text' })
  dutyKey!: string;

  /** What had to be done, in the plan's (or the law's) words. */
  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'integer', nullable: true })
  occurrenceNumber?: number | null;

  @Property({ type: 'text', nullable: true })
  levelKey?: string | null;

  @Property({ type: 'integer', nullable: true })
  planVersion?: number | null;

  /** Null when nobody was assigned (the unit and role still answer). */
  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('responsible_member_id') })
  responsibleMember?: Ref<Member> | null;

  @ManyToOne({ entity: () => Role, nullable: true, ref: true, ...sameTenant('responsible_role_id') })
  responsibleRole?: Ref<Role> | null;

  /** The role as the plan names it (key or id). */
  @Property({ type: 'text', nullable: true })
  roleKey?: string | null;

  @ManyToOne({ entity: () => Unit, ref: true, ...sameTenant('responsible_unit_id') })
  responsibleUnit!: Ref<Unit>;

  @Property({ type: 'datetime' })
  dueAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  doneAt?: Date | null;

  /** The sweep time that found it. */
  @Property({ type: 'datetime' })
  detectedAt!: Date;

  /** When the escalation rule tells the next role up (due time plus its extra time); null when nobody is to be told. */
  @Property({ type: 'datetime', nullable: true })
  escalateAt?: Date | null;

  /** Log entry that created the task, clock or period (its sequence number in the tenant log). */
  @Property({ type: new BigIntType('number'), nullable: true })
  createdLogSeq?: number | null;

  /** Log entry that completed it late, if it was. */
  @Property({ type: new BigIntType('number'), nullable: true })
  doneLogSeq?: number | null;
}

/** The responsible member's explanation of a finding; one per finding. Append-only. */
@Entity({ tableName: 'finding_answer' })
@Unique({ properties: ['tenant', 'finding'] })
export class FindingAnswer extends TenantEntity {
  @ManyToOne({ entity: () => AccountabilityFinding, ref: true, ...sameTenant('finding_id') })
  finding!: Ref<AccountabilityFinding>;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('member_id') })
  member!: Ref<Member>;

  @Property({ type: 'text' })
  explanation!: string;
}

/** A leader's ruling on a finding (EXCUSED or UPHELD, with a note); one per finding. Append-only. */
@Entity({ tableName: 'finding_ruling' })
@Unique({ properties: ['tenant', 'finding'] })
export class FindingRuling extends TenantEntity {
  @ManyToOne({ entity: () => AccountabilityFinding, ref: true, ...sameTenant('finding_id') })
  finding!: Ref<AccountabilityFinding>;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('member_id') })
  member!: Ref<Member>;

  @Enum({ items: () => RulingDecision })
  decision!: RulingDecision;

  @Property({ type: 'text' })
  note!: string;
}

/**
 * The notification a finding raised up the chain, as the plan's escalation
 * rule says: the role told and the members holding it in scope. One per
 * finding. Append-only.
 */
@Entity({ tableName: 'finding_escalation' })
@Unique({ properties: ['tenant', 'finding'] })
export class FindingEscalation extends TenantEntity {
  @ManyToOne({ entity: () => AccountabilityFinding, ref: true, ...sameTenant('finding_id') })
  finding!: Ref<AccountabilityFinding>;

  @Enum({ items: () => EscalationStatus })
  status!: EscalationStatus;

  /** The role told, as the rule names it (key or id). */
  @Property({ type: 'text', nullable: true })
  notifyRoleKey?: string | null;

  @ManyToOne({ entity: () => Role, nullable: true, ref: true, ...sameTenant('notify_role_id') })
  notifyRole?: Ref<Role> | null;

  /** Members told (uuids). */
  @Property({ type: 'text[]' })
  recipientIds!: string[];

  @Property({ type: 'datetime' })
  escalatedAt!: Date;

  @Property({ type: 'text' })
  note!: string;
}
