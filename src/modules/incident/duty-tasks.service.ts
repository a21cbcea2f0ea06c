// Building blocks the incident services share: references in the caller's
// tenant, tasks from duties, clocks, due times.
import { ref } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { requireMember } from '../../platform/authz.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { Member } from '../member/member.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { Role } from '../role/role.entity.js';
import { afterDuration, calendarDaysDeadline, DayCountRule } from '../calendar/clock-math.model.js';
import { calendarService, type TenantClock } from '../calendar/calendar.service.js';
import type { Duty, RelativeDuration, ResponseLevel } from '../plan/plan.model.js';
import { Incident } from './incident.entity.js';
import { IncidentTask } from './task.entity.js';
import { StatutoryClock } from '../petition/clock.entity.js';
import { IncidentExclusion } from '../petition/petitioner.entity.js';
import { ClockKind, TaskStatus } from './incident.enums.js';
import { assignDuties, type Candidate } from './duty-assignment.service.js';
import { IncidentWarning, IncidentWarningCode } from './incident.inputs.js';
import { startClock } from '../petition/statutory-clocks.model.js';

export function tenantRef(ctx: Ctx) {
  return ref(Tenant, requireMember(ctx).tenant.id);
}

export function memberRef(ctx: Ctx, memberId: string) {
  return ref(ctx.em.getReference(Member, [requireMember(ctx).tenant.id, memberId] as never));
}

export function actorRef(ctx: Ctx) {
  return memberRef(ctx, requireMember(ctx).memberId);
}

export function warning(code: IncidentWarningCode, message: string): IncidentWarning {
  return Object.assign(new IncidentWarning(), { code, message });
}

/** Every change to an incident or anything under it bumps its version. */
export function touch(incident: Incident): void {
  incident.version += 1;
  incident.updatedAt = new Date();
}

/** A duty's first due time: `due` after the base (days count in the tenant zone, ending at the end of a day). */
export function dutyDue(base: Date, due: RelativeDuration, clock: TenantClock): Date {
  return afterDuration(base, due.amount, due.unit, clock.calendar, clock.settings);
}

/** The next occurrence of a recurring duty: `every` after the previous due time. */
export function nextDue(previous: Date, every: RelativeDuration, clock: TenantClock): Date {
  if (every.unit !== 'DAYS') return afterDuration(previous, every.amount, every.unit, clock.calendar, clock.settings);
  return calendarDaysDeadline(previous, every.amount, clock.calendar, { ...clock.settings, rule: DayCountRule.NEXT_DAY, lastDayOffRollsOver: false }).dueAt;
}

export async function excludedMembers(ctx: Ctx, incidentId: string): Promise<Set<string>> {
  const rows = await ctx.em.find(IncidentExclusion, { incident: { id: incidentId } });
  return new Set(rows.map((r) => r.member.id));
}

export interface CreatedTasks {
  tasks: IncidentTask[];
  warnings: IncidentWarning[];
}

/** The level's duties as tasks, assigned and due from `base`. */
export async function createTasks(
  ctx: Ctx,
  incident: Incident,
  unitPath: string,
  level: ResponseLevel,
  levelSequence: number,
  planVersion: number | null,
  base: Date,
  excluded: ReadonlySet<string>,
  onDuty: readonly string[],
  chainMembers?: readonly Candidate[],
): Promise<CreatedTasks> {
  const clock = await calendarService.clock(ctx);
  const assignments = await assignDuties(ctx, unitPath, level.duties, excluded, onDuty, chainMembers);
  const tenantId = requireMember(ctx).tenant.id;
  const warnings: IncidentWarning[] = [];
  const tasks = assignments.map(({ duty, role, memberId, unitId }) => {
    if (!role) warnings.push(warning(IncidentWarningCode.ROLE_NOT_FOUND, `Duty ${duty.key}: no role ${duty.roleKey} in this tenant; the task is unassigned`));
    else if (!memberId) warnings.push(warning(IncidentWarningCode.DUTY_UNASSIGNED, `Duty ${duty.key}: no active member holds ${role.name} (or a role above it) for this unit; the task is unassigned`));
    const task = ctx.em.create(IncidentTask, {
      tenant: tenantRef(ctx),
      incident,
      levelSequence,
      levelKey: level.key,
      planVersion,
      dutyKey: duty.key,
      dutyKind: duty.kind,
      stage: duty.stage ?? null,
      action: duty.action,
      roleKey: duty.roleKey,
      role: role ? ref(ctx.em.getReference(Role, [tenantId, role.id] as never)) : null,
      assignee: memberId ? memberRef(ctx, memberId) : null,
      responsibleUnit: unitId ? ref(ctx.em.getReference(Unit, [tenantId, unitId] as never)) : null,
      dueAt: dutyDue(base, duty.due, clock),
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
    planVersion: done.planVersion ?? null,
    dutyKey: done.dutyKey,
    dutyKind: done.dutyKind,
    stage: done.stage ?? null,
    action: done.action,
    roleKey: done.roleKey,
    role: done.role ?? null,
    assignee: done.assignee ?? null,
    responsibleUnit: done.responsibleUnit ?? null,
    dueAt: nextDue(done.dueAt, done.recurringEvery, clock),
    recurringEvery: done.recurringEvery,
    occurrence: done.occurrence + 1,
    evidenceRequired: done.evidenceRequired,
    escalation: done.escalation ?? null,
  });
}

export async function openTasksOf(ctx: Ctx, incidentId: string): Promise<IncidentTask[]> {
  return ctx.em.find(IncidentTask, { incident: { id: incidentId }, status: TaskStatus.OPEN }, { orderBy: { dueAt: 'asc', id: 'asc' } });
}

export async function clocksOf(ctx: Ctx, incidentId: string): Promise<Map<ClockKind, StatutoryClock>> {
  const rows = await ctx.em.find(StatutoryClock, { incident: { id: incidentId } });
  return new Map(rows.map((c) => [c.kind, c]));
}

/** Starts a statutory clock with the tenant's calendar. */
export async function openClock(ctx: Ctx, incident: Incident, kind: ClockKind, start: Date): Promise<StatutoryClock> {
  const tenantClock = await calendarService.clock(ctx);
  const { deadline: _d, ...fields } = startClock(kind, start, tenantClock, requireMember(ctx).memberId);
  return ctx.em.create(StatutoryClock, { tenant: tenantRef(ctx), incident, ...fields });
}

/** Warnings for clocks that had to count a year with weekends only. */
export function calendarWarnings(clocks: StatutoryClock[]): IncidentWarning[] {
  const years = [...new Set(clocks.flatMap((c) => c.fallbackYears))].sort();
  return years.length
    ? [warning(IncidentWarningCode.CALENDAR_FALLBACK, `No holiday calendar for ${years.join(', ')}: working days there were counted with weekends only`)]
    : [];
}

export type { Duty };
