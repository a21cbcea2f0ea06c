// The caller's own tasks across incidents (myTasks), the office's queue of
// tasks nobody holds (unassignedTasks), and handing a task to someone else
// (reassignTask). Every list reads through the incident visibility rule.
import type { Ctx } from '../../platform/context.js';
import { requireMember } from '../../platform/authz.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { idOf } from '../../platform/ids.js';
import { Permission } from '../../platform/permissions.js';
import { pageRequest, toConnection, type PageArgs } from '../../platform/graphql/relay.js';
import { Member, MemberStatus } from '../member/member.entity.js';
import { memberRef } from '../member/member.service.js';
import { incidentAccess } from './incident.access.js';
import { IncidentTask } from './task.entity.js';
import { TaskAssignedVia, TaskStatus } from './incident.enums.js';
import { IncidentEventKind } from './incident.model.js';
import { IncidentErrorCode } from './incident.errors.js';
import { TaskConnection, TaskNode } from './incident.types.js';
import type { ReassignTaskInput, TaskFilter } from './incident.inputs.js';
import { assertWritable } from './incident-lifecycle.model.js';
import { handOver } from './duty-tasks.service.js';

async function filterWhere(ctx: Ctx, filter: TaskFilter | null | undefined): Promise<Record<string, unknown>[]> {
  const and: Record<string, unknown>[] = [];
  if (filter?.statuses?.length) and.push({ status: { $in: filter.statuses } });
  if (filter?.dueBefore) and.push({ dueAt: { $lt: filter.dueBefore } });
  if (filter?.overdue === true) and.push({ status: TaskStatus.OPEN, dueAt: { $lt: new Date() } });
  if (filter?.overdue === false) and.push({ $or: [{ status: { $ne: TaskStatus.OPEN } }, { dueAt: { $gte: new Date() } }] });
  if (filter?.incidentId) {
    // An incident the caller may not see is NOT_FOUND, not an empty list (existence is not revealed).
    const incident = await incidentAccess.get(ctx, filter.incidentId, ['filter', 'incidentId']);
    and.push({ incident: { id: incident.id } });
  }
  return and;
}

/** One page of tasks by due time (then id), with a total; `scope` restricts whose tasks. */
async function page(ctx: Ctx, scope: Record<string, unknown>, filter: TaskFilter | null | undefined, args: PageArgs) {
  const { limit, after } = pageRequest(args, ctx.config.limits.maxPageSize);
  const where = { $and: [scope, { incident: { $and: incidentAccess.visibleWhere(ctx) } }, ...(await filterWhere(ctx, filter))] };
  const pageWhere = after
    ? { $and: [where, { $or: [{ dueAt: { $gt: new Date(String(after[0])) } }, { dueAt: new Date(String(after[0])), id: { $gt: String(after[1]) } }] }] }
    : where;
  const rows = await ctx.em.find(IncidentTask, pageWhere, { orderBy: { dueAt: 'asc', id: 'asc' }, limit: limit + 1 });
  const now = new Date();
  return toConnection(TaskConnection, rows, limit, !!after, (t) => [t.dueAt.toISOString(), t.id], (t) => TaskNode.from(t, now), () => ctx.em.count(IncidentTask, where));
}

/** Who may hand a task on: the case owner, the office (PETITION_DECIDE: the office director and up) or a leader. */
function mayReassign(ctx: Ctx, caseOwnerId: string | null): boolean {
  const actor = requireMember(ctx);
  return caseOwnerId === actor.memberId || actor.leader || actor.permissions.has(Permission.PETITION_DECIDE);
}

export interface ReassignResult {
  task: IncidentTask;
  previousAssigneeId: string | null;
}

export const taskInbox = {
  /** The caller's own tasks, by due time. */
  mine(ctx: Ctx, filter: TaskFilter | null | undefined, args: PageArgs) {
    const actor = requireMember(ctx);
    return page(ctx, { assignee: { id: actor.memberId } }, filter, args);
  },

  /** Open tasks nobody holds, of the incidents the caller may see: the office's queue. */
  unassigned(ctx: Ctx, filter: TaskFilter | null | undefined, args: PageArgs) {
    return page(ctx, { assignee: { id: null }, status: TaskStatus.OPEN }, filter, args);
  },

  /**
   * Gives an open task to a member (MANUAL), with a reason; logged as
   * TASK_ASSIGNED (it was unassigned) or TASK_REASSIGNED, the entry's change
   * naming the previous and the new assignee. The new assignee sees that
   * incident from now on (the assignment grants sight of it).
   */
  async reassign(ctx: Ctx, input: ReassignTaskInput): Promise<Outcome<ReassignResult>> {
    return audited(ctx, 'incident.reassign_task', async (tx) => {
      await validateInput(input);
      const taskId = idOf('IncidentTask', input.taskId, ['input', 'taskId']);
      const found = await tx.em.findOne(IncidentTask, { id: taskId });
      if (!found) throw notFound('IncidentTask', ['input', 'taskId']);
      const incident = await incidentAccess.lock(tx, found.incident.id, ['input', 'taskId']);
      assertWritable(incident.status);
      if (!mayReassign(tx, incident.caseOwner?.id ?? null)) {
        throw new DomainError(IncidentErrorCode.NOT_ALLOWED_TO_REASSIGN, 'Only the case owner, the office director or a leader hands a task on', ['input', 'taskId']);
      }
      const task = await tx.em.findOneOrFail(IncidentTask, { id: taskId }, { refresh: true });
      if (task.status !== TaskStatus.OPEN) throw new DomainError(IncidentErrorCode.TASK_NOT_OPEN, `The task is ${task.status}`, ['input', 'taskId']);
      const memberId = idOf('Member', input.memberId, ['input', 'memberId']);
      const member = await tx.em.findOne(Member, { id: memberId });
      if (!member) throw notFound('Member', ['input', 'memberId']);
      const excluded = await incidentAccess.excludedMembers(tx, incident.id);
      if (member.status !== MemberStatus.ACTIVE || excluded.has(member.id)) {
        throw new DomainError(IncidentErrorCode.MEMBER_NOT_ELIGIBLE, 'The member is not active or is kept out of this case', ['input', 'memberId']);
      }
      const previousAssigneeId = task.assignee?.id ?? null;
      if (previousAssigneeId === member.id) throw new DomainError(IncidentErrorCode.MEMBER_NOT_ELIGIBLE, 'The member already holds this task', ['input', 'memberId']);
      await handOver(tx, task, new Date());
      task.assignee = memberRef(tx, member.id);
      task.assignedVia = TaskAssignedVia.MANUAL;
      task.responsibleUnit = member.unit;
      incident.touch();
      return {
        result: { task, previousAssigneeId },
        target: { type: 'IncidentTask', id: task.id },
        incidentId: incident.id,
        event: previousAssigneeId ? IncidentEventKind.TASK_REASSIGNED : IncidentEventKind.TASK_ASSIGNED,
        reason: input.reason.trim(),
      };
    });
  },
};
