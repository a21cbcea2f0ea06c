// The statutory procedure's operations (信访工作条例 arts. 23, 34–36), the
// petitioner's status page, and the fields of clocks and petitioners.
import { Arg, Ctx as GqlCtx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { MemberNode } from '../member/member.types.js';
import type { Incident } from '../incident/incident.entity.js';
import { incidentAccess } from '../incident/incident.access.js';
import { incidentNodeOf, memberNode } from '../incident/incident.loaders.js';
import { IncidentNode, IncidentPayload } from '../incident/incident.types.js';
import { StatutoryClock } from './clock.entity.js';
import { Petitioner } from './petitioner.entity.js';
import { petitionService, type ClockResult } from './petition.service.js';
import { petitionStatus, PetitionStage, PetitionStatus } from './petition-status.service.js';
import { stageOf } from './petition-stage.model.js';
import { petitionLoaders } from './petition.loaders.js';
import { readPetitionerPii } from './petitioner-pii.service.js';
import { ClockHistoryNode, ClockNode, ExtensionRequestNode, PetitionerNode } from './petition.types.js';
import {
  AcceptPetitionInput,
  AnswerReviewInput,
  ClockPayload,
  ApproveDeadlineExtensionInput,
  ExtendDeadlineInput,
  RejectDeadlineExtensionInput,
  RequestDeadlineExtensionInput,
  RecordReviewRequestInput,
  ReplyToPetitionerInput,
} from './petition.inputs.js';

nodeFetchers.set('StatutoryClock', incidentAccess.childFetcher(StatutoryClock, (c) => ClockNode.from(c)));
nodeFetchers.set('Petitioner', incidentAccess.childFetcher(Petitioner, (p) => PetitionerNode.from(p)));

const incidentPayload = (i: Incident) => ({ incident: IncidentNode.from(i) });
const clockPayload = (r: ClockResult) => ({ clock: ClockNode.from(r.clock), incident: IncidentNode.from(r.incident) });

@Resolver()
export class PetitionResolver {
  @Query(() => PetitionStatus, {
    nullable: true,
    description:
      'For the petitioner, without an account: stage, statutory deadlines and the reply of the case. Null for an unknown receipt or a wrong code (the same answer); wrong codes are rate limited per address. 信访人凭回执编号和查询码查询办理状态。',
  })
  @Allow.public()
  petitionStatus(
    @GqlCtx() ctx: Ctx,
    @Arg('receiptNumber', () => String) receiptNumber: string,
    @Arg('accessCode', () => String) accessCode: string,
  ): Promise<PetitionStatus | null> {
    return petitionStatus(ctx, receiptNumber, accessCode);
  }

  @Mutation(() => IncidentPayload, { description: 'Accepts the petition (starts the 60-day reply clock), refuses it, or objects to a transfer (art. 23). 受理决定。' })
  @Allow.member(Permission.PETITION_DECIDE)
  async acceptPetition(@GqlCtx() ctx: Ctx, @Arg('input', () => AcceptPetitionInput) input: AcceptPetitionInput): Promise<IncidentPayload> {
    return toPayload(IncidentPayload, await petitionService.accept(ctx, input), incidentPayload);
  }

  @Mutation(() => ClockPayload, {
    description: 'Now the same as requestDeadlineExtension (approverId is ignored): the deadline changes only when another leader approves. 已弃用。',
    deprecationReason: 'Use requestDeadlineExtension, then approveDeadlineExtension by another leader-rank member (four eyes).',
  })
  @Allow.member(Permission.PETITION_DECIDE)
  async extendDeadline(@GqlCtx() ctx: Ctx, @Arg('input', () => ExtendDeadlineInput) input: ExtendDeadlineInput): Promise<ClockPayload> {
    return toPayload(ClockPayload, await petitionService.requestExtension(ctx, input, 'incident.extend_deadline'), clockPayload);
  }

  @Mutation(() => ClockPayload, {
    description: 'The handler asks for the one extension of the reply deadline, at most 30 days, with the reason the petitioner will be told (art. 34). It takes effect only when a leader-rank member other than the requester approves it. 申请延长办理期限。',
  })
  @Allow.member(Permission.PETITION_DECIDE)
  async requestDeadlineExtension(@GqlCtx() ctx: Ctx, @Arg('input', () => RequestDeadlineExtensionInput) input: RequestDeadlineExtensionInput): Promise<ClockPayload> {
    return toPayload(ClockPayload, await petitionService.requestExtension(ctx, input), clockPayload);
  }

  @Mutation(() => ClockPayload, {
    description: 'Approves the pending extension request: the caller holds a leader-rank role in a unit covering the case and is not the requester (SELF_APPROVAL). The reply deadline moves now. 批准延期。',
  })
  @Allow.member(Permission.PETITION_DECIDE)
  async approveDeadlineExtension(@GqlCtx() ctx: Ctx, @Arg('input', () => ApproveDeadlineExtensionInput) input: ApproveDeadlineExtensionInput): Promise<ClockPayload> {
    return toPayload(ClockPayload, await petitionService.approveExtension(ctx, input), clockPayload);
  }

  @Mutation(() => ClockPayload, { description: 'Rejects the pending extension request with a reason (same rule as approving); the deadline stays. 不予批准延期。' })
  @Allow.member(Permission.PETITION_DECIDE)
  async rejectDeadlineExtension(@GqlCtx() ctx: Ctx, @Arg('input', () => RejectDeadlineExtensionInput) input: RejectDeadlineExtensionInput): Promise<ClockPayload> {
    return toPayload(ClockPayload, await petitionService.rejectExtension(ctx, input), clockPayload);
  }

  @Mutation(() => IncidentPayload, { description: 'The written reply (art. 34); opens the 30-day review window. 书面答复。' })
  @Allow.member(Permission.PETITION_DECIDE)
  async replyToPetitioner(@GqlCtx() ctx: Ctx, @Arg('input', () => ReplyToPetitionerInput) input: ReplyToPetitionerInput): Promise<IncidentPayload> {
    return toPayload(IncidentPayload, await petitionService.reply(ctx, input), incidentPayload);
  }

  @Mutation(() => ClockPayload, { description: 'Records a review (复查) or re-review (复核) request made within its window (`requestedAt`, default now); starts the 30-day answer clock. Remedies outlive closing: on a CLOSED case the request reopens it (back to REPLIED, event STATUS_CHANGED) for that stage, and it closes again after the answer. 登记复查/复核申请（已办结的案件在申请期内同样受理）。' })
  @Allow.member(Permission.PETITION_DECIDE)
  async recordReviewRequest(@GqlCtx() ctx: Ctx, @Arg('input', () => RecordReviewRequestInput) input: RecordReviewRequestInput): Promise<ClockPayload> {
    return toPayload(ClockPayload, await petitionService.recordReviewRequest(ctx, input), clockPayload);
  }

  @Mutation(() => IncidentPayload, { description: 'Answers a review or re-review; after a review the re-review window opens. 复查/复核意见。' })
  @Allow.member(Permission.PETITION_DECIDE)
  async answerReview(@GqlCtx() ctx: Ctx, @Arg('input', () => AnswerReviewInput) input: AnswerReviewInput): Promise<IncidentPayload> {
    return toPayload(IncidentPayload, await petitionService.answerReview(ctx, input), incidentPayload);
  }
}

@Resolver(() => IncidentNode)
export class IncidentPetitionStageResolver {
  @FieldResolver(() => PetitionStage, {
    description: 'The stage the petitioner\'s status page shows, by the same rule (a review or re-review being answered is its own stage). 办理阶段（与信访人查询一致）。',
  })
  async petitionStage(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<PetitionStage> {
    return stageOf(i, i.preloaded?.clocks ?? (await petitionLoaders.clocks(ctx).load(i.rawId)));
  }
}

@Resolver(() => ClockNode)
export class ClockResolver {
  @FieldResolver(() => IncidentNode) incident(@Root() c: ClockNode, @GqlCtx() ctx: Ctx) {
    return incidentNodeOf(ctx, c.incidentId);
  }

  @FieldResolver(() => MemberNode, { nullable: true, description: 'Leader-rank approver of the extension. 延期批准人。' })
  extensionApprovedBy(@Root() c: ClockNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, c.extensionApprovedById);
  }
}

@Resolver(() => ExtensionRequestNode)
export class ExtensionRequestResolver {
  @FieldResolver(() => MemberNode, { nullable: true, description: 'The handler who asked. 申请人。' }) requestedBy(@Root() r: ExtensionRequestNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, r.requestedById);
  }

  @FieldResolver(() => MemberNode, { nullable: true, description: 'The leader who approved or rejected it. 审批人。' }) decidedBy(@Root() r: ExtensionRequestNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, r.decidedById);
  }
}

@Resolver(() => ClockHistoryNode)
export class ClockHistoryResolver {
  @FieldResolver(() => MemberNode, { nullable: true }) member(@Root() h: ClockHistoryNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, h.memberId);
  }
}

@Resolver(() => PetitionerNode)
export class PetitionerResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Needs PETITIONER_PII_READ; each read is logged. 姓名（需授权，读取留痕）。' })
  async name(@Root() p: PetitionerNode, @GqlCtx() ctx: Ctx): Promise<string | null> {
    return (await readPetitionerPii(ctx, p.entity))?.name ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Needs PETITIONER_PII_READ; each read is logged. 联系方式（需授权，读取留痕）。' })
  async contact(@Root() p: PetitionerNode, @GqlCtx() ctx: Ctx): Promise<string | null> {
    return (await readPetitionerPii(ctx, p.entity))?.contact ?? null;
  }

  @FieldResolver(() => IncidentNode) incident(@Root() p: PetitionerNode, @GqlCtx() ctx: Ctx) {
    return incidentNodeOf(ctx, p.incidentId);
  }
}
