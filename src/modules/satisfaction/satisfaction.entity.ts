import { Check, Entity, Enum, Index, ManyToOne, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import { Incident } from '../incident/incident.entity.js';
import { Member } from '../member/member.entity.js';
import { IncidentTask } from '../incident/task.entity.js';
import { FollowUpOutcome, Rating, RatingChannel, RatingStage } from './satisfaction.enums.js';

/** A follow-up call (回访): who called, when, what was said, the outcome. Never changed. */
@Entity({ tableName: 'follow_up_call' })
@Index({ properties: ['tenant', 'incident', 'calledAt'] })
export class FollowUpCall extends TenantEntity {
  @ManyToOne({ entity: () => Incident, ref: true, ...sameTenant('incident_id') })
  incident!: Ref<Incident>;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('caller_id') })
  caller!: Ref<Member>;

  @Property({ type: 'datetime' })
  calledAt!: Date;

  /** What was said. */
  @Property({ type: 'text' })
  summary!: string;

  @Enum({ items: () => FollowUpOutcome })
  outcome!: FollowUpOutcome;
}

/** The petitioner's rating of one answer, once per stage. Never changed. */
@Entity({ tableName: 'satisfaction_rating' })
@Unique({ properties: ['tenant', 'incident', 'stage'] })
@Index({ properties: ['tenant', 'ratedAt'] })
@Check({ name: 'satisfaction_rating_phone', expression: "channel <> 'PHONE' or (taken_by_id is not null and call_id is not null)" })
export class SatisfactionRating extends TenantEntity {
  @ManyToOne({ entity: () => Incident, ref: true, ...sameTenant('incident_id') })
  incident!: Ref<Incident>;

  @Enum({ items: () => RatingStage })
  stage!: RatingStage;

  @Enum({ items: () => Rating })
  rating!: Rating;

  @Property({ type: 'text', nullable: true })
  comment?: string | null;

  @Enum({ items: () => RatingChannel })
  channel!: RatingChannel;

  /** The officer who took it on the phone. */
  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('taken_by_id') })
  takenBy?: Ref<Member> | null;

  /** The follow-up call it was taken on. */
  @ManyToOne({ entity: () => FollowUpCall, nullable: true, ref: true, ...sameTenant('call_id') })
  call?: Ref<FollowUpCall> | null;

  /** When the rated answer was given (the window counts from it). */
  @Property({ type: 'datetime' })
  answeredAt!: Date;

  @Property({ type: 'datetime' })
  ratedAt!: Date;

  /** The follow-up task a DISSATISFIED rating opened for the case owner. */
  @ManyToOne({ entity: () => IncidentTask, nullable: true, ref: true, ...sameTenant('follow_up_task_id') })
  followUpTask?: Ref<IncidentTask> | null;
}

/** The tenant's rules for ratings: one row per tenant, made on first change. */
@Entity({ tableName: 'satisfaction_settings' })
@Unique({ properties: ['tenant'] })
export class SatisfactionSettings extends TenantEntity {
  /** Days after the answer within which it may be rated. */
  @Property({ type: 'integer', default: 30 })
  ratingWindowDays: Opt<number> = 30;

  /** Days the case owner has for the follow-up after a DISSATISFIED rating. */
  @Property({ type: 'integer', default: 5 })
  followUpDays: Opt<number> = 5;

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}

export const DEFAULT_SATISFACTION_SETTINGS = { ratingWindowDays: 30, followUpDays: 5 } as const;
