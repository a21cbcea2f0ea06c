import { Field, Int, ObjectType } from 'type-graphql';
import { Node, UserError } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { IncidentNode } from '../incident/incident.types.js';
import type { FollowUpCall, SatisfactionRating } from './satisfaction.entity.js';
import { FollowUpOutcome, Rating, RatingChannel, RatingStage, RemedyKind } from './satisfaction.enums.js';
import type { Remedy } from './satisfaction.service.js';

@ObjectType('SatisfactionRating', { implements: Node, simpleResolvers: true, description: 'The petitioner\'s rating of one answer. 满意度评价。' })
export class SatisfactionRatingNode extends Node {
  @Field(() => RatingStage) stage!: RatingStage;
  @Field(() => Rating) rating!: Rating;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field(() => RatingChannel, { description: 'PHONE: taken by an officer on a follow-up call. 评价渠道。' }) channel!: RatingChannel;
  @Field(() => Date, { description: 'When the rated answer was given. 答复时间。' }) answeredAt!: Date;
  @Field(() => Date) ratedAt!: Date;
  @Field(() => String, { nullable: true, description: 'The follow-up task a DISSATISFIED rating opened (IncidentTask id). 回访任务。' }) followUpTaskId!: string | null;

  incidentId!: string;
  takenById!: string | null;

  static from(r: SatisfactionRating): SatisfactionRatingNode {
    return Object.assign(new SatisfactionRatingNode(), {
      id: toGlobalId('SatisfactionRating', r.id),
      stage: r.stage,
      rating: r.rating,
      comment: r.comment ?? null,
      channel: r.channel,
      answeredAt: r.answeredAt,
      ratedAt: r.ratedAt,
      followUpTaskId: r.followUpTask ? toGlobalId('IncidentTask', r.followUpTask.id) : null,
      incidentId: r.incident.id,
      takenById: r.takenBy?.id ?? null,
    });
  }
}

@ObjectType('FollowUpCall', { implements: Node, simpleResolvers: true, description: 'A follow-up call to the petitioner. 回访记录。' })
export class FollowUpCallNode extends Node {
  @Field(() => Date) calledAt!: Date;
  @Field(() => String, { description: 'What was said. 回访内容。' }) summary!: string;
  @Field(() => FollowUpOutcome) outcome!: FollowUpOutcome;
  @Field(() => Date) createdAt!: Date;

  incidentId!: string;
  callerId!: string;

  static from(c: FollowUpCall): FollowUpCallNode {
    return Object.assign(new FollowUpCallNode(), {
      id: toGlobalId('FollowUpCall', c.id),
      calledAt: c.calledAt,
      summary: c.summary,
      outcome: c.outcome,
      createdAt: c.createdAt,
      incidentId: c.incident.id,
      callerId: c.caller.id,
    });
  }
}

@ObjectType('Remedy', { simpleResolvers: true, description: 'What a petitioner not satisfied with an answer may do, and until when. 救济途径。' })
export class RemedyNode {
  @Field(() => RemedyKind) kind!: RemedyKind;
  @Field(() => Date, { nullable: true, description: 'Last moment to ask (the statutory window); null when none applies. 申请期限。' }) deadline!: Date | null;
  @Field(() => String) text!: string;

  static from(r: Remedy | null): RemedyNode | null {
    return r ? Object.assign(new RemedyNode(), r) : null;
  }
}

@ObjectType('RatingReceipt', { simpleResolvers: true, description: 'What the petitioner is told of the rating just given. 评价回执。' })
export class RatingReceiptNode {
  @Field(() => RatingStage) stage!: RatingStage;
  @Field(() => Rating) rating!: Rating;
  @Field(() => Date) ratedAt!: Date;
}

@ObjectType()
export class RateReplyPayload {
  @Field(() => RatingReceiptNode, { nullable: true }) rating!: RatingReceiptNode | null;
  @Field(() => RemedyNode, { nullable: true, description: 'For DISSATISFIED: the review remedy and its deadline. 不满意时的救济途径。' }) remedy!: RemedyNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class FollowUpCallPayload {
  @Field(() => FollowUpCallNode, { nullable: true }) call!: FollowUpCallNode | null;
  @Field(() => SatisfactionRatingNode, { nullable: true, description: 'The rating taken on the call, if any. 电话评价。' }) rating!: SatisfactionRatingNode | null;
  @Field(() => RemedyNode, { nullable: true, description: 'For DISSATISFIED: the remedy to tell the petitioner. 应告知的救济途径。' }) remedy!: RemedyNode | null;
  @Field(() => IncidentNode, { nullable: true }) incident!: IncidentNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType('SatisfactionSettings', { simpleResolvers: true, description: 'The tenant\'s rules for ratings. 满意度评价设置。' })
export class SatisfactionSettingsNode {
  @Field(() => Int, { description: 'Days after an answer within which it may be rated. 评价期限（天）。' }) ratingWindowDays!: number;
  @Field(() => Int, { description: 'Days the case owner has to follow up a DISSATISFIED rating. 不满意回访期限（天）。' }) followUpDays!: number;
}

@ObjectType()
export class SatisfactionSettingsPayload {
  @Field(() => SatisfactionSettingsNode, { nullable: true }) settings!: SatisfactionSettingsNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
