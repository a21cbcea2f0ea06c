import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { ActorKind } from '../../platform/audit/log.entity.js';

// Registers IncidentEventKind and LevelReached (once, for the whole schema).
import '../incident/incident.types.js';
import '../plan/plan.enums.js';
import { toGlobalId } from '../../platform/ids.js';
import { encodeEventCursor } from './realtime.cursor.js';
import { IncidentEventKind, LevelReached } from '../incident/incident.model.js';

registerEnumType(ActorKind, { name: 'ActorKind', description: 'USER: a signed-in member; SYSTEM: the server (sweeper); PUBLIC: no account (petitioner lookups). 操作者类型。' });

/** One row of the tenant log that is an incident event, as read by the feed. */
export interface EventRow {
  seq: number;
  createdAt: Date;
  actorKind: ActorKind;
  actorMemberId: string | null;
  actorRoles: string[];
  action: string;
  incidentId: string;
  kind: IncidentEventKind;
  /** The task a TASK_ASSIGNED / TASK_REASSIGNED event concerns. */
  taskId?: string | null;
  /** 0 for the entry's own event; 1.. for the TASK_ASSIGNED events derived from the tasks it created. */
  sub?: number;
  /** The entry's reason (a reassignment's, an escalation's...). */
  reason?: string | null;
  /** For TASK_REASSIGNED: the member the task was taken from (told even without sight of the incident). */
  formerAssigneeId?: string | null;
}

@ObjectType('EventActor', { description: 'Who caused an event. 事件操作者。' })
export class EventActor {
  @Field(() => ActorKind)
  kind!: ActorKind;

  @Field(() => ID, { nullable: true, description: 'Global id of the acting member; null for system and public actions. 操作成员。' })
  memberId!: string | null;

  @Field(() => [String], { description: 'Role keys (or names) the actor held when acting. 操作时角色。' })
  roles!: string[];
}

@ObjectType('IncidentEvent', { description: 'Something that happened to an incident, from the tenant log. 事件动态。' })
export class IncidentEvent {
  @Field(() => String, { description: 'Opaque position in the tenant log: pass it as `after` to resume. 游标（断线续传）。' })
  cursor!: string;

  @Field(() => IncidentEventKind)
  kind!: IncidentEventKind;

  @Field(() => Date, { description: 'When it was committed. 发生时间。' })
  time!: Date;

  @Field(() => String, { description: 'The logged action, e.g. incident.acknowledge. 日志动作。' })
  action!: string;

  @Field(() => EventActor)
  actor!: EventActor;

  @Field(() => ID, { description: 'Global id of the incident. 事件所属信访事项。' })
  incidentId!: string;

  @Field(() => ID, { nullable: true, description: 'Global id of the task, for TASK_ASSIGNED and TASK_REASSIGNED. 相关任务。' })
  taskId!: string | null;

  @Field(() => String, { nullable: true, description: 'The reason the action gave (a reassignment\'s, an escalation\'s...), as the case history shows it. 原因。' })
  reason!: string | null;

  /** The incident's uuid, for the field resolver. */
  incidentUuid!: string;

  /** For TASK_REASSIGNED: the member the task was taken from. */
  formerAssigneeId!: string | null;

  seq!: number;

  /** Position among the events of one log entry (they share its cursor). */
  sub!: number;

  /** Unique within a round: the entry's seq and the position in it. */
  get key(): string {
    return `${this.seq}:${this.sub}`;
  }

  static from(tenantId: string, row: EventRow): IncidentEvent {
    return Object.assign(new IncidentEvent(), {
      cursor: encodeEventCursor(tenantId, row.seq),
      kind: row.kind,
      time: row.createdAt,
      action: row.action,
      actor: Object.assign(new EventActor(), {
        kind: row.actorKind,
        memberId: row.actorMemberId ? toGlobalId('Member', row.actorMemberId) : null,
        roles: row.actorRoles,
      }),
      incidentId: toGlobalId('Incident', row.incidentId),
      taskId: row.taskId ? toGlobalId('IncidentTask', row.taskId) : null,
      reason: row.reason ?? null,
      incidentUuid: row.incidentId,
      formerAssigneeId: row.formerAssigneeId ?? null,
      seq: row.seq,
      sub: row.sub ?? 0,
    });
  }
}

@InputType('IncidentEventFilter', { description: 'Which incident events to receive. 事件订阅条件。' })
export class IncidentEventFilter {
  @Field(() => ID, { nullable: true, description: 'Only incidents of this unit and the units below it (inside your own subtree). 仅此单位及下级。' })
  unit?: string | null;

  @Field(() => LevelReached, { nullable: true, description: 'Only incidents whose level reached is at least this (OWN < COUNTY < CITY < PROVINCE < NATIONAL). 最低到达层级。' })
  minLevel?: LevelReached | null;

  @Field(() => [IncidentEventKind], { nullable: true, description: 'Only these kinds; all when absent. 仅这些类型。' })
  kinds?: IncidentEventKind[] | null;
}
