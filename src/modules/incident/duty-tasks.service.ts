// A response level's duties as tasks: who answers for each, when it is due,
// and the next occurrence of a recurring duty.
import { ref } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { requireMember } from '../../platform/authz.js';
import { actorRef, memberRef } from '../member/member.service.js';
import { tenantRef } from '../../platform/db/tenant-refs.js';
import { Unit } from '../unit/unit.entity.js';
import { Role } from '../role/role.entity.js';
import { afterDuration, calendarDaysDeadline, DayCountRule } from '../calendar/clock-math.model.js';
import { calendarService, type TenantClock } from '../calendar/calendar.service.js';
import { DutyKind, type Duty, type RelativeDuration } from '../plan/plan.model.js';
import { Incident } from './incident.entity.js';
import { IncidentTask } from './task.entity.js';
import { TaskAssignedVia, TaskStatus } from './incident.enums.js';
import { assignDuties, type Candidate } from './duty-assignment.service.js';
import { warning, IncidentWarningCode, type IncidentWarning } from './incident.types.js';

/** A duty's first due time: `due` after the base (days count in the tenant zone, ending at the end of a day). */
export function dutyDue(base: Date, due: RelativeDuration, clock: TenantClock): Date {
  return afterDuration(base, due.amount, due.unit, clock.calendar, clock.settings);
}

/** The next occurrence of a recurring duty: `every` after the previous due time. */
export function nextDue(previous: Date, every: RelativeDuration, clock: TenantClock): Date {
  if (every.unit !== 'DAYS') return afterDuration(previous, every.amount, every.unit, clock.calendar, clock.settings);
  return calendarDaysDeadline(previous, every.amount, clock.calendar, { ...clock.settings, rule: DayCountRule.NEXT_DAY, lastDayOffRollsOver: false }).dueAt;
}

export interface CreatedTasks {
  tasks: IncidentTask[];
  warnings: IncidentWarning[];
}

/** Duties of one part of the plan: the response level, or a supplementary measure. */
export interface DutyPart {
  key: string;
  duties: readonly Duty[];
  measure: boolean;
}

/** The parts' duties as tasks (the level's and each measure's side by side), assigned now and due from `base` (never earlier than the moment anyone could act: the caller's). */
export async function createTasks(
  ctx: Ctx,
  incident: Incident,
  unitPath: string,
  parts: readonly DutyPart[],
  levelSequence: number,
  planVersion: number | null,
  base: Date,
  excluded: ReadonlySet<string>,
  onDuty: readonly string[],
  chainMembers?: readonly Candidate[],
): Promise<CreatedTasks> {
  const clock = await calendarService.clock(ctx);
  const owners = parts.flatMap((p) => p.duties.map(() => p));
  // One assignment for every duty of every part: one statement at most.
  const assignments = await assignDuties(ctx, unitPath, parts.flatMap((p) => p.duties), excluded, onDuty, chainMembers);
  const tenantId = requireMember(ctx).tenant.id;
  const warnings: IncidentWarning[] = [];
  const now = new Date();
  const tasks = assignments.map(({ duty, role, memberId, unitId, via }, i) => {
    const part = owners[i]!;
    if (!role) warnings.push(warning(IncidentWarningCode.ROLE_NOT_FOUND, `Duty ${duty.key}: no role ${duty.roleKey} in this tenant; the task is unassigned and waits on the office's queue`));
    else if (!memberId) warnings.push(warning(IncidentWarningCode.DUTY_UNASSIGNED, `Duty ${duty.key}: no active member holds ${role.name} (or a role above it) for this unit; the task is unassigned and waits on the office's queue`));
    else if (via === TaskAssignedVia.ROLE_ABOVE) warnings.push(warning(IncidentWarningCode.DUTY_ASSIGNED_ABOVE, `Duty ${duty.key}: nobody holds ${role.name} for this unit; it went to a member of a role above it`));
    const task = ctx.em.create(IncidentTask, {
      tenant: tenantRef(ctx),
      incident,
      levelSequence,
      levelKey: part.key,
      measureKey: part.measure ? part.key : null,
      planVersion,
      dutyKey: duty.key,
      dutyKind: duty.kind,
      stage: duty.stage ?? null,
      action: duty.action,
      roleKey: duty.roleKey,
      role: role ? ref(ctx.em.getReference(Role, [tenantId, role.id] as never)) : null,
      assignee: memberId ? memberRef(ctx, memberId) : null,
      assignedVia: via,
      responsibleUnit: unitId ? ref(ctx.em.getReference(Unit, [tenantId, unitId] as never)) : null,
      dueAt: dutyDue(base, duty.due, clock),
      dueWithin: duty.due,
      assignedAt: memberId ? now : null,
      recurringEvery: duty.recurring?.every ?? null,
      evidenceRequired: duty.evidenceRequired,
      escalation: duty.escalation ?? null,
    });
    return task;
  });
  return { tasks, warnings };
}

/** The next occurrence of a recurring task that was just done or superseded. */
export async function nextOccurrence(ctx: Ctx, done: IncidentTask): Promise<IncidentTask | null> {
  if (!done.recurringEvery) return null;
  const clock = await calendarService.clock(ctx);
  return ctx.em.create(IncidentTask, {
    tenant: done.tenant,
    incident: done.incident,
    levelSequence: done.levelSequence,
    levelKey: done.levelKey,
    measureKey: done.measureKey ?? null,
    planVersion: done.planVersion ?? null,
    dutyKey: done.dutyKey,
    dutyKind: done.dutyKind,
    stage: done.stage ?? null,
    action: done.action,
    roleKey: done.roleKey,
    role: done.role ?? null,
    assignee: done.assignee ?? null,
    assignedVia: done.assignedVia ?? null,
    responsibleUnit: done.responsibleUnit ?? null,
    dueAt: nextDue(done.dueAt, done.recurringEvery, clock),
    dueWithin: done.recurringEvery,
    assignedAt: done.assignedAt ?? null,
    recurringEvery: done.recurringEvery,
    occurrence: done.occurrence + 1,
    evidenceRequired: done.evidenceRequired,
    escalation: done.escalation ?? null,
  });
}

/**
 * A task handed to a new holder now: it gets the duty's time from the hand-over.
 * A due time already past stays on record against whoever held it then.
 */
export async function handOver(ctx: Ctx, task: IncidentTask, now: Date): Promise<void> {
  if (task.dueAt <= now && !task.lapsedDueAt) {
    task.lapsedDueAt = task.dueAt;
    task.lapsedAssignee = task.assignee ?? null;
    task.lapsedUnit = task.responsibleUnit ?? null;
  }
  task.assignedAt = now;
  if (!task.dueWithin) return;
  const fresh = dutyDue(now, task.dueWithin, await calendarService.clock(ctx));
  if (fresh > task.dueAt) task.dueAt = fresh;
}

export async function openTasksOf(ctx: Ctx, incidentId: string): Promise<IncidentTask[]> {
  return ctx.em.find(IncidentTask, { incident: { id: incidentId }, status: TaskStatus.OPEN }, { orderBy: { dueAt: 'asc', id: 'asc' } });
}

/** An own-case duty is met at once when the case already has an owner: done by that owner, recorded by whoever created it. */
export function meetOwnCaseDuties(ctx: Ctx, incident: Incident, tasks: readonly IncidentTask[], now: Date): void {
  if (!incident.caseOwner) return;
  for (const task of tasks) {
    if (task.dutyKind !== DutyKind.OWN_CASE) continue;
    task.status = TaskStatus.DONE;
    task.doneAt = now;
    task.doneBy = incident.caseOwner;
    task.recordedBy = actorRef(ctx);
    task.recordedAt = now;
    task.note = 'The case already has an owner';
  }
}
