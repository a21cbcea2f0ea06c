import { BigIntType, Entity, Enum, Index, ManyToOne, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import { Member } from '../member/member.entity.js';
import { ChannelKind } from './channels/channel.js';

/**
 * Where a member can be reached: personal data. The values never enter the
 * log ([redacted]); every read of them is logged (member.read_contact).
 */
@Entity({ tableName: 'member_contact' })
@Unique({ properties: ['tenant', 'member'] })
export class MemberContact extends TenantEntity {
  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('member_id') })
  member!: Ref<Member>;

  /** Mainland mobile number, for SMS and WeCom robot mentions. */
  @Property({ type: 'text', nullable: true, hidden: true })
  mobile?: string | null;

  @Property({ type: 'text', nullable: true, hidden: true })
  wecomUserId?: string | null;

  @Property({ type: 'text', nullable: true, hidden: true })
  dingtalkUserId?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}

/** A channel the tenant has set up (one per kind). */
@Entity({ tableName: 'notification_channel' })
@Unique({ properties: ['tenant', 'kind'] })
export class NotificationChannel extends TenantEntity {
  @Enum({ items: () => ChannelKind })
  kind!: ChannelKind;

  @Property({ type: 'text' })
  url!: string;

  @Property({ type: 'text', nullable: true, lazy: true, hidden: true })
  secret?: string | null;

  @Property({ type: 'text', nullable: true })
  corpId?: string | null;

  @Property({ type: 'integer', nullable: true })
  agentId?: number | null;

  /** Lower is tried first. */
  @Property({ type: 'integer', default: 100 })
  priority: Opt<number> = 100;

  @Property({ type: 'boolean', default: true })
  enabled: Opt<boolean> = true;
}

export enum NotificationStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  /** No configured channel reaches the member (no contact point for any): a warning on the task. */
  UNREACHABLE = 'UNREACHABLE',
  /** Every channel that reaches the member failed, through the whole retry schedule. */
  FAILED = 'FAILED',
}

/** One person told of one log entry: channel, recipient, time, outcome. Derived by the outbox. */
@Entity({ tableName: 'notification' })
@Unique({ properties: ['tenant', 'logSeq', 'member', 'subjectId'] })
@Index({ properties: ['tenant', 'status', 'nextAttemptAt'] })
@Index({ properties: ['tenant', 'member', 'createdAt'] })
export class Notification extends TenantEntity {
  @Property({ type: new BigIntType('number') })
  logSeq!: number;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('member_id') })
  member!: Ref<Member>;

  /** Why: TASK_ASSIGNED, TASK_REASSIGNED, TASK_REASSIGNED_AWAY, INCIDENT_REPORTED, TASK_ESCALATED, DUTY_NOTIFY. */
  @Property({ type: 'text' })
  reason!: string;

  /** The task (or incident) it is about. */
  @Property({ type: 'uuid' })
  subjectId!: string;

  @Property({ type: 'uuid', nullable: true })
  incidentId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  taskId?: string | null;

  @Enum({ items: () => NotificationStatus })
  status: Opt<NotificationStatus> = NotificationStatus.PENDING;

  @Property({ type: 'text', nullable: true })
  channel?: string | null;

  @Property({ type: 'integer', default: 0 })
  attempts: Opt<number> = 0;

  @Property({ type: 'datetime' })
  nextAttemptAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  leaseUntil?: Date | null;

  /** The vendors' answers, channel by channel. */
  @Property({ type: 'text', nullable: true })
  detail?: string | null;

  @Property({ type: 'datetime', nullable: true })
  sentAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  acknowledgedAt?: Date | null;
}
