// Clock suspension (中止计时): the four mutations, and the suspensions on each clock.
import { Arg, Ctx as GqlCtx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { MemberNode } from '../member/member.types.js';
import { incidentAccess } from '../incident/incident.access.js';
import { memberNode } from '../incident/incident.loaders.js';
import { IncidentNode } from '../incident/incident.types.js';
import { ClockNode } from './petition.types.js';
import { ClockSuspension } from './clock-suspension.entity.js';
import { ClockSuspensionNode } from './clock-suspension.types.js';
import { clockSuspensionService, type SuspensionResult } from './clock-suspension.service.js';
import {
  ApproveClockSuspensionInput,
  ClockSuspensionPayload,
  RejectClockSuspensionInput,
  ResumeClockInput,
  SuspendClockInput,
} from './clock-suspension.inputs.js';

nodeFetchers.set('ClockSuspension', incidentAccess.childFetcher(ClockSuspension, (s) => ClockSuspensionNode.from(s)));

const payload = (r: SuspensionResult) => ({ suspension: ClockSuspensionNode.from(r.suspension), clock: ClockNode.from(r.clock), incident: IncidentNode.from(r.incident) });

@Resolver(() => ClockNode)
export class ClockSuspensionResolver {
  @Mutation(() => ClockSuspensionPayload, {
    description:
      'Asks to suspend an institution\'s clock while supplementary material, a hearing, an appraisal or another lawful wait is pending. It takes effect only when a leader-rank member other than the requester approves it (SELF_APPROVAL), like an extension. 申请中止计时。',
  })
  @Allow.member(Permission.PETITION_DECIDE)
  async suspendClock(@GqlCtx() ctx: Ctx, @Arg('input', () => SuspendClockInput) input: SuspendClockInput): Promise<ClockSuspensionPayload> {
    return toPayload(ClockSuspensionPayload, await clockSuspensionService.suspend(ctx, input), payload);
  }

  @Mutation(() => ClockSuspensionPayload, { description: 'Approves the pending suspension (leader rank over the case, not the requester): the clock stops from its `from`. 批准中止计时。' })
  @Allow.member(Permission.PETITION_DECIDE)
  async approveClockSuspension(@GqlCtx() ctx: Ctx, @Arg('input', () => ApproveClockSuspensionInput) input: ApproveClockSuspensionInput): Promise<ClockSuspensionPayload> {
    return toPayload(ClockSuspensionPayload, await clockSuspensionService.approve(ctx, input), payload);
  }

  @Mutation(() => ClockSuspensionPayload, { description: 'Rejects the pending suspension with a reason (same rule as approving); the clock keeps running. 不予批准中止计时。' })
  @Allow.member(Permission.PETITION_DECIDE)
  async rejectClockSuspension(@GqlCtx() ctx: Ctx, @Arg('input', () => RejectClockSuspensionInput) input: RejectClockSuspensionInput): Promise<ClockSuspensionPayload> {
    return toPayload(ClockSuspensionPayload, await clockSuspensionService.reject(ctx, input), payload);
  }

  @Mutation(() => ClockSuspensionPayload, {
    description: 'Ends the suspension in effect: the due time moves by the working days of the tenant calendar from the day after it began through the day it ended (weekends and holidays skipped, 调休 days counted). 恢复计时。',
  })
  @Allow.member(Permission.PETITION_DECIDE)
  async resumeClock(@GqlCtx() ctx: Ctx, @Arg('input', () => ResumeClockInput) input: ResumeClockInput): Promise<ClockSuspensionPayload> {
    return toPayload(ClockSuspensionPayload, await clockSuspensionService.resume(ctx, input), payload);
  }

  @FieldResolver(() => [ClockSuspensionNode], { description: 'Every suspension of the clock, asked, decided and resumed, oldest first. 中止计时记录。' })
  async suspensions(@Root() c: ClockNode, @GqlCtx() ctx: Ctx): Promise<ClockSuspensionNode[]> {
    const loader = ctx.loaders.get<string, ClockSuspension[]>('petition.suspensions', async (ids) => {
      const found = await clockSuspensionService.ofClocks(ctx, ids);
      return ids.map((id) => found.get(id) ?? []);
    });
    return (await loader.load(c.rawId)).map((s) => ClockSuspensionNode.from(s));
  }
}

@Resolver(() => ClockSuspensionNode)
export class SuspensionNodeResolver {
  @FieldResolver(() => MemberNode, { nullable: true, description: 'The handler who asked. 申请人。' }) requestedBy(@Root() s: ClockSuspensionNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, s.requestedById);
  }

  @FieldResolver(() => MemberNode, { nullable: true, description: 'The leader who approved or rejected it. 审批人。' }) decidedBy(@Root() s: ClockSuspensionNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, s.decidedById);
  }

  @FieldResolver(() => MemberNode, { nullable: true, description: 'Who resumed the clock. 恢复计时人。' }) resumedBy(@Root() s: ClockSuspensionNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, s.resumedById);
  }
}
