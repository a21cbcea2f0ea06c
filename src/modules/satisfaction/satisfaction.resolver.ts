// Ratings and follow-up calls: the petitioner's rateReply (public), the
// officer's recordFollowUpCall, the tenant's settings, and the fields on Incident.
import { Arg, Ctx as GqlCtx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { MemberNode } from '../member/member.types.js';
import { incidentAccess } from '../incident/incident.access.js';
import { incidentNodeOf, memberNode } from '../incident/incident.loaders.js';
import { IncidentNode } from '../incident/incident.types.js';
import { FollowUpCall, SatisfactionRating } from './satisfaction.entity.js';
import { satisfactionService } from './satisfaction.service.js';
import { RateReplyInput, RecordFollowUpCallInput, UpdateSatisfactionSettingsInput } from './satisfaction.inputs.js';
import {
  FollowUpCallNode,
  FollowUpCallPayload,
  RatingReceiptNode,
  RateReplyPayload,
  RemedyNode,
  SatisfactionRatingNode,
  SatisfactionSettingsNode,
  SatisfactionSettingsPayload,
} from './satisfaction.types.js';

nodeFetchers.set('SatisfactionRating', incidentAccess.childFetcher(SatisfactionRating, (r) => SatisfactionRatingNode.from(r)));
nodeFetchers.set('FollowUpCall', incidentAccess.childFetcher(FollowUpCall, (c) => FollowUpCallNode.from(c)));

@Resolver()
export class SatisfactionResolver {
  @Mutation(() => RateReplyPayload, {
    description:
      'For the petitioner, without an account: rates an answer (reply, review or re-review) once, within the tenant\'s window (30 days by default). A wrong code and an unknown receipt get the same NOT_FOUND; wrong codes count against the same per-address limit as petitionStatus. DISSATISFIED opens a follow-up task for the case owner and answers with the review remedy and its deadline. 信访人评价答复意见。',
  })
  @Allow.public()
  async rateReply(@GqlCtx() ctx: Ctx, @Arg('input', () => RateReplyInput) input: RateReplyInput): Promise<RateReplyPayload> {
    return toPayload(RateReplyPayload, await satisfactionService.rateReply(ctx, input), (r) => ({
      rating: Object.assign(new RatingReceiptNode(), { stage: r.rating.stage, rating: r.rating.rating, ratedAt: r.rating.ratedAt }),
      remedy: RemedyNode.from(r.remedy),
    }));
  }

  @Mutation(() => FollowUpCallPayload, {
    description: 'Records a follow-up call (who called: the caller; when; what was said; the outcome), and the rating the petitioner gave on it, marked PHONE. 登记回访（可代录电话评价）。',
  })
  @Allow.member(Permission.FOLLOW_UP_RECORD)
  async recordFollowUpCall(@GqlCtx() ctx: Ctx, @Arg('input', () => RecordFollowUpCallInput) input: RecordFollowUpCallInput): Promise<FollowUpCallPayload> {
    return toPayload(FollowUpCallPayload, await satisfactionService.recordFollowUpCall(ctx, input), (r) => ({
      call: FollowUpCallNode.from(r.call),
      rating: r.rating ? SatisfactionRatingNode.from(r.rating.rating) : null,
      remedy: RemedyNode.from(r.rating?.remedy ?? null),
      incident: IncidentNode.from(r.incident),
    }));
  }

  @Query(() => SatisfactionSettingsNode, { description: 'The tenant\'s rating window and follow-up time. 满意度评价设置。' })
  @Allow.member(Permission.INCIDENT_READ)
  async satisfactionSettings(@GqlCtx() ctx: Ctx): Promise<SatisfactionSettingsNode> {
    return Object.assign(new SatisfactionSettingsNode(), await satisfactionService.settings(ctx));
  }

  @Mutation(() => SatisfactionSettingsPayload, { description: 'Sets the rating window and the follow-up time. 修改满意度评价设置。' })
  @Allow.member(Permission.TENANT_MANAGE)
  async updateSatisfactionSettings(
    @GqlCtx() ctx: Ctx,
    @Arg('input', () => UpdateSatisfactionSettingsInput) input: UpdateSatisfactionSettingsInput,
  ): Promise<SatisfactionSettingsPayload> {
    return toPayload(SatisfactionSettingsPayload, await satisfactionService.updateSettings(ctx, input), (s) => ({
      settings: Object.assign(new SatisfactionSettingsNode(), s),
    }));
  }
}

@Resolver(() => IncidentNode)
export class IncidentSatisfactionResolver {
  @FieldResolver(() => [SatisfactionRatingNode], { description: 'The petitioner\'s ratings, one per answer at most. 满意度评价。' })
  async ratings(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<SatisfactionRatingNode[]> {
    return (await satisfactionService.ratingsLoader(ctx).load(i.rawId)).map((r) => SatisfactionRatingNode.from(r));
  }

  @FieldResolver(() => [FollowUpCallNode], { description: 'Follow-up calls, oldest first. 回访记录。' })
  async followUpCalls(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<FollowUpCallNode[]> {
    return (await satisfactionService.callsLoader(ctx).load(i.rawId)).map((c) => FollowUpCallNode.from(c));
  }
}

@Resolver(() => SatisfactionRatingNode)
export class SatisfactionRatingResolver {
  @FieldResolver(() => MemberNode, { nullable: true, description: 'The officer who took a PHONE rating. 代录人。' })
  takenBy(@Root() r: SatisfactionRatingNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, r.takenById);
  }

  @FieldResolver(() => IncidentNode) incident(@Root() r: SatisfactionRatingNode, @GqlCtx() ctx: Ctx) {
    return incidentNodeOf(ctx, r.incidentId);
  }
}

@Resolver(() => FollowUpCallNode)
export class FollowUpCallResolver {
  @FieldResolver(() => MemberNode, { nullable: true, description: 'Who called. 回访人。' })
  caller(@Root() c: FollowUpCallNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, c.callerId);
  }

  @FieldResolver(() => IncidentNode) incident(@Root() c: FollowUpCallNode, @GqlCtx() ctx: Ctx) {
    return incidentNodeOf(ctx, c.incidentId);
  }
}
