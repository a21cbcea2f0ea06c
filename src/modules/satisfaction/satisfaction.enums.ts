// The petitioner's rating of an answer (满意度评价) and the follow-up (回访).
import { registerEnumType } from 'type-graphql';

/** Which answer is rated: the reply (答复), the review (复查意见) or the re-review (复核意见). */
export enum RatingStage {
  REPLY = 'REPLY',
  REVIEW = 'REVIEW',
  REREVIEW = 'REREVIEW',
}
registerEnumType(RatingStage, { name: 'RatingStage', description: 'REPLY 答复意见, REVIEW 复查意见, REREVIEW 复核意见.' });

export enum Rating {
  SATISFIED = 'SATISFIED',
  BASICALLY_SATISFIED = 'BASICALLY_SATISFIED',
  DISSATISFIED = 'DISSATISFIED',
}
registerEnumType(Rating, { name: 'Rating', description: 'SATISFIED 满意, BASICALLY_SATISFIED 基本满意, DISSATISFIED 不满意.' });

/** How the rating was given: by the petitioner with the receipt and code, or to an officer on the phone. */
export enum RatingChannel {
  PETITIONER = 'PETITIONER',
  PHONE = 'PHONE',
}
registerEnumType(RatingChannel, { name: 'RatingChannel', description: 'PETITIONER 信访人自评（回执查询码）, PHONE 电话回访代录.' });

export enum FollowUpOutcome {
  /** Reached and spoken to. */
  REACHED = 'REACHED',
  NOT_REACHED = 'NOT_REACHED',
  /** Reached, did not wish to talk or to rate. */
  DECLINED = 'DECLINED',
}
registerEnumType(FollowUpOutcome, { name: 'FollowUpOutcome', description: 'REACHED 已联系, NOT_REACHED 未联系上, DECLINED 拒绝回访.' });

/** What the petitioner can do after a rating of DISSATISFIED (信访工作条例 arts. 35–36). */
export enum RemedyKind {
  REVIEW = 'REVIEW',
  REREVIEW = 'REREVIEW',
  NONE = 'NONE',
}
registerEnumType(RemedyKind, { name: 'RemedyKind', description: 'REVIEW 请求复查, REREVIEW 请求复核, NONE 复核意见为最终意见.' });
