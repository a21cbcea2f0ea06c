// Inputs and payloads of the statutory procedure (信访工作条例 arts. 23, 34–36).
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsIn, IsInt, IsOptional, Length, MaxLength } from 'class-validator';
import { UserError } from '../../platform/graphql/relay.js';
import { IncidentActionInput, IncidentNode } from '../incident/incident.types.js';
import { ReviewStage } from './petition.enums.js';
import { ClockNode } from './petition.types.js';

registerEnumType(ReviewStage, { name: 'ReviewStage', description: 'REVIEW 复查 (art. 35) or REREVIEW 复核 (art. 36).' });

export enum AcceptanceDecision {
  ACCEPT = 'ACCEPT',
  REFUSE = 'REFUSE',
  NOT_OURS = 'NOT_OURS',
}
registerEnumType(AcceptanceDecision, {
  name: 'AcceptanceDecision',
  description: 'ACCEPT 受理 (starts the 60-day reply clock); REFUSE 不予受理 with reasons; NOT_OURS: a transferred matter that is not this unit\'s, objected to with reasons (art. 23 ¶3).',
});

@InputType()
export class AcceptPetitionInput extends IncidentActionInput {
  @Field(() => AcceptanceDecision) @IsIn(Object.values(AcceptanceDecision)) decision!: AcceptanceDecision;
  @Field(() => String, { nullable: true, description: 'Required to refuse or object. 理由。' }) @IsOptional() @MaxLength(4000) reason?: string | null;
  @Field(() => Date, { nullable: true, description: 'When decided; default now. The reply clock starts here. 决定时间。' }) @IsOptional() decidedAt?: Date | null;
}

@InputType({ description: 'The handler asks for the one extension of the reply deadline (art. 34); it takes effect when another leader approves it. 申请延长办理期限。' })
export class RequestDeadlineExtensionInput extends IncidentActionInput {
  @Field(() => Int, { description: 'At most 30 days, once (art. 34). 延长天数。' }) @IsInt() days!: number;
  @Field(() => String, { description: 'Told to the petitioner once approved. 延期理由。' }) @Length(1, 2000) reason!: string;
}

@InputType({ description: 'Deprecated shape of requestDeadlineExtension. 已弃用。' })
export class ExtendDeadlineInput extends RequestDeadlineExtensionInput {
  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'Ignored: the approver is whoever approves the request with approveDeadlineExtension (four eyes).',
    description: 'Ignored. 已不使用。',
  })
  @IsOptional()
  approverId?: string | null;
}

@InputType({ description: 'Approves the pending extension request; the caller is a leader-rank member covering the case and not its requester. 批准延期。' })
export class ApproveDeadlineExtensionInput extends IncidentActionInput {
  @Field(() => String, { nullable: true, description: 'Kept in the audit log. 批示。' }) @IsOptional() @MaxLength(2000) note?: string | null;
}

@InputType({ description: 'Rejects the pending extension request with a reason; the deadline stays. 不予批准延期。' })
export class RejectDeadlineExtensionInput extends IncidentActionInput {
  @Field(() => String, { description: 'Why not; kept on the clock and in the audit log. 理由。' }) @Length(1, 2000) reason!: string;
}

@InputType()
export class ReplyToPetitionerInput extends IncidentActionInput {
  @Field(() => String, { description: 'The written answer. 答复意见。' }) @Length(1, 8000) reply!: string;
  @Field(() => Date, { nullable: true, description: 'Default now; the review window starts here. 答复时间。' }) @IsOptional() repliedAt?: Date | null;
}

@InputType()
export class RecordReviewRequestInput extends IncidentActionInput {
  @Field(() => ReviewStage) @IsIn(Object.values(ReviewStage)) stage!: ReviewStage;
  @Field(() => Date, { nullable: true, description: 'Default now. 申请时间。' }) @IsOptional() requestedAt?: Date | null;
}

@InputType()
export class AnswerReviewInput extends IncidentActionInput {
  @Field(() => ReviewStage) @IsIn(Object.values(ReviewStage)) stage!: ReviewStage;
  @Field(() => String) @Length(1, 8000) answer!: string;
}

@ObjectType()
export class ClockPayload {
  @Field(() => ClockNode, { nullable: true }) clock!: ClockNode | null;
  @Field(() => IncidentNode, { nullable: true }) incident!: IncidentNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
