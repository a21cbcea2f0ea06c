// The task inbox (myTasks), the office's queue (unassignedTasks) and reassignTask.
import { Arg, Ctx as GqlCtx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { memberNode } from './incident.loaders.js';
import { TaskConnection, TaskNode } from './incident.types.js';
import { ReassignTaskInput, ReassignTaskPayload, TaskFilter } from './incident.inputs.js';
import { taskInbox } from './task-inbox.service.js';

@Resolver()
export class TaskInboxResolver {
  @Query(() => TaskConnection, { description: 'The caller\'s own tasks across incidents, by due time. 我的任务。' })
  @Allow.member(Permission.INCIDENT_READ)
  myTasks(
    @GqlCtx() ctx: Ctx,
    @Arg('filter', () => TaskFilter, { nullable: true }) filter: TaskFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    return taskInbox.mine(ctx, filter, { first, after });
  }

  @Query(() => TaskConnection, { description: 'Open tasks nobody holds, of the incidents the caller may see: the office\'s queue, by due time. 待分派任务。' })
  @Allow.member(Permission.PETITION_DECIDE)
  unassignedTasks(
    @GqlCtx() ctx: Ctx,
    @Arg('filter', () => TaskFilter, { nullable: true }) filter: TaskFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    return taskInbox.unassigned(ctx, filter, { first, after });
  }

  @Mutation(() => ReassignTaskPayload, { description: 'Hands an open task to another member (the case owner, the office director or a leader), with a reason; logged. 改派任务。' })
  @Allow.member(Permission.INCIDENT_ACT)
  async reassignTask(@GqlCtx() ctx: Ctx, @Arg('input', () => ReassignTaskInput) input: ReassignTaskInput): Promise<ReassignTaskPayload> {
    const out = await taskInbox.reassign(ctx, input);
    const payload = toPayload(ReassignTaskPayload, out, (r) => ({ task: TaskNode.from(r.task), previousAssignee: null }));
    if (out.ok) payload.previousAssignee = await memberNode(ctx, out.value.previousAssigneeId);
    else payload.previousAssignee = null;
    return payload;
  }
}
