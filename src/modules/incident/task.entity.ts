import { Entity, Enum, Index, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import { Member } from '../member/member.entity.js';
import { Role } from '../role/role.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { DutyKind, DutyStage, type EscalationRule, type RelativeDuration } from '../plan/plan.model.js';
import { Incident } from './incident.entity.js';
import { TaskAssignedVia, TaskStatus } from './incident.enums.js';

/**
 * A duty of the plan turned into work for a concrete member, with its due
 * time. Keeps what accountability needs: the duty key and escalation rule,
 * the responsible member, role and unit, due and done times.
 */
@Entity({ tableName: 'incident_task' })
@Index({ properties: ['tenant', 'incident'] })
// Cross-tenant probe of the background jobs' agenda (leading column: the due time).
@Index({ name: 'incident_task_agenda_due', expression: `create index "incident_task_agenda_due" on "incident_task" ((coalesce("lapsed_due_at", "due_at"))) where "recurring_every" is null and ("lapsed_due_at" is not null or "status" = 'OPEN' or ("status" = 'DONE' and "done_at" > "due_at") or ("status" = 'CANCELLED' and "cancelled_at" > "due_at"))` })
@Index({ name: 'incident_task_agenda_series', expression: `create index "incident_task_agenda_series" on "incident_task" ("tenant_id", "incident_id", "level_sequence", "duty_key", "occurrence") where "recurring_every" is not null and "status" in ('OPEN', 'CANCELLED')` })
@Index({ properties: ['tenant', 'status', 'dueAt'] })
@Index({ properties: ['tenant', 'assignee', 'status'] })
export class IncidentTask extends TenantEntity {
  @ManyToOne({ entity: () => Incident, ref: true, ...sameTenant('incident_id') })
  incident!: Ref<Incident>;

  /** Which match of the plan created it (IncidentLevel.sequence). */
  @Property({ type: 'integer' })
  levelSequence!: number;

  /** The level, or the supplementary measure, whose duty this is. */
  @Property({ type: 'text' })
  levelKey!: string;

  /** Set when the duty is a supplementary measure's (then levelKey is the measure's key too). */
  @Property({ type: 'text', nullable: true })
  measureKey?: string | null;

  @Property({ type: 'integer', nullable: true })
  planVersion?: number | null;

  @Property({ type: 'text' })
  dutyKey!: string;

  @Enum({ items: () => DutyKind })
  dutyKind!: DutyKind;

  @Enum({ items: () => DutyStage, nullable: true })
  stage?: DutyStage | null;

  @Property({ type: 'text' })
  action!: string;

  /** The duty's role as the plan names it (key or role id). */
  @Property({ type: 'text' })
  roleKey!: string;

  @ManyToOne({ entity: () => Role, nullable: true, ref: true, ...sameTenant('role_id') })
  role?: Ref<Role> | null;

  /** Null when no member holds the role (or one above it) for the incident's unit. */
  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('assignee_id') })
  assignee?: Ref<Member> | null;

  /** How the assignee was found; null while nobody holds the task (UNASSIGNED, on the office's queue). */
  @Enum({ items: () => TaskAssignedVia, nullable: true })
  assignedVia?: TaskAssignedVia | null;

  /** The assignee's unit when assigned: the unit answerable for the duty. */
  @ManyToOne({ entity: () => Unit, nullable: true, ref: true, ...sameTenant('responsible_unit_id') })
  responsibleUnit?: Ref<Unit> | null;

  @Property({ type: 'datetime' })
  dueAt!: Date;

  /** The duty's time to act (the recurring interval after the first occurrence): a new holder gets it from the hand-over. */
  @Property({ type: 'json', nullable: true })
  dueWithin?: RelativeDuration | null;

  /** When the current holder got the task (null while nobody holds it): nothing is due from them before this plus dueWithin. */
  @Property({ type: 'datetime', nullable: true })
  assignedAt?: Date | null;

  /** A due time that passed under an earlier holder before a hand-over: the sweeper's finding names them, not the new holder. */
  @Property({ type: 'datetime', nullable: true })
  lapsedDueAt?: Date | null;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('lapsed_assignee_id') })
  lapsedAssignee?: Ref<Member> | null;

  @ManyToOne({ entity: () => Unit, nullable: true, ref: true, ...sameTenant('lapsed_unit_id') })
  lapsedUnit?: Ref<Unit> | null;

  @Property({ type: 'json', nullable: true })
  recurringEvery?: RelativeDuration | null;

  /** 1 for the first occurrence of a recurring duty, then 2, 3... */
  @Property({ type: 'integer' })
  occurrence: Opt<number> = 1;

  @Property({ type: 'boolean' })
  evidenceRequired!: boolean;

  @Property({ type: 'json', nullable: true })
  escalation?: EscalationRule | null;

  @Enum({ items: () => TaskStatus })
  status: Opt<TaskStatus> = TaskStatus.OPEN;

  @Property({ type: 'datetime', nullable: true })
  doneAt?: Date | null;

  /** Who did the duty (for an on-scene duty: who arrived, always the assignee). */
  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('done_by_id') })
  doneBy?: Ref<Member> | null;

  /** Who entered the completion; differs from doneBy when one member's action meets another's duty (an own-case duty met at an escalation). */
  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('recorded_by_id') })
  recordedBy?: Ref<Member> | null;

  /** For an on-scene duty: when the assignee arrived, as the one who arrived gave it (then doneAt is this time). */
  @Property({ type: 'datetime', nullable: true })
  arrivedAt?: Date | null;

  /** When the completion was entered (the click), kept apart from doneAt (the fact). */
  @Property({ type: 'datetime', nullable: true })
  recordedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  /** The open task of a lower level with the same duty key that this one superseded at an escalation. */
  @ManyToOne({ entity: () => IncidentTask, nullable: true, ref: true, ...sameTenant('supersedes_id') })
  supersedes?: Ref<IncidentTask> | null;

  @Property({ type: 'datetime', nullable: true })
  cancelledAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  cancelReason?: string | null;
}
