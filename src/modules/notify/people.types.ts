import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, Matches, MaxLength } from 'class-validator';
import { Connection, Node, UserError } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { ChannelKind } from './channels/channel.js';
import { NotificationStatus, type Notification, type NotificationChannel } from './people.entity.js';

registerEnumType(ChannelKind, { name: 'NotificationChannelKind', description: 'WECOM_APP 企业微信应用消息, WECOM_ROBOT 企业微信群机器人, DINGTALK_ROBOT 钉钉机器人（加签）, FEISHU_ROBOT 飞书机器人（签名）, SMS_GATEWAY 短信网关。' });
registerEnumType(NotificationStatus, { name: 'NotificationStatus', description: 'PENDING, SENT, UNREACHABLE (no channel reaches the member), FAILED. 通知状态。' });

@ObjectType('ContactPoints', { description: 'Where a member is reached: personal data, every read logged. 联系方式（个人信息，读取留痕）。' })
export class ContactPointsNode {
  @Field(() => ID) memberId!: string;
  @Field(() => String, { nullable: true }) mobile!: string | null;
  @Field(() => String, { nullable: true }) wecomUserId!: string | null;
  @Field(() => String, { nullable: true }) dingtalkUserId!: string | null;
}

@InputType('SetContactPointsInput')
export class SetContactPointsInput {
  @Field(() => ID, { nullable: true, description: 'Another member (tenant administrators); default yourself. 成员（默认本人）。' }) @IsOptional() memberId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^1\d{10}$/, { message: 'mobile must be an 11-digit mainland number' }) mobile?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(64) wecomUserId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(64) dingtalkUserId?: string | null;
}

@ObjectType('SetContactPointsPayload')
export class SetContactPointsPayload {
  @Field(() => ID, { nullable: true }) memberId!: string | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType('NotificationChannel', { description: 'A channel the tenant set up. 通知渠道。' })
export class NotificationChannelNode {
  @Field(() => ChannelKind) kind!: ChannelKind;
  @Field(() => String) url!: string;
  @Field(() => String, { nullable: true }) corpId!: string | null;
  @Field(() => Int, { nullable: true }) agentId!: number | null;
  @Field(() => Int) priority!: number;
  @Field(() => Boolean) enabled!: boolean;

  static from(c: NotificationChannel): NotificationChannelNode {
    return Object.assign(new NotificationChannelNode(), { kind: c.kind, url: c.url, corpId: c.corpId ?? null, agentId: c.agentId ?? null, priority: c.priority, enabled: c.enabled });
  }
}

@InputType('ConfigureNotificationChannelInput')
export class ConfigureNotificationChannelInput {
  @Field(() => ChannelKind) kind!: ChannelKind;
  @Field(() => String, { description: 'Robot webhook URL, SMS gateway URL, or the WeCom API base. 地址。' }) @MaxLength(2000) url!: string;
  @Field(() => String, { nullable: true, description: 'Robot signing secret, gateway secret, or WeCom corpsecret; write-only. 密钥（只写）。' }) @IsOptional() @MaxLength(500) secret?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) corpId?: string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() agentId?: number | null;
  @Field(() => Int, { nullable: true, description: 'Lower is tried first (default 100). 优先级。' }) @IsOptional() priority?: number | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() enabled?: boolean | null;
}

@ObjectType('NotificationChannelPayload')
export class NotificationChannelPayload {
  @Field(() => NotificationChannelNode, { nullable: true }) channel!: NotificationChannelNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType('Notification', { implements: Node, description: 'One person told of one log entry. 通知记录。' })
export class NotificationNode extends Node {
  @Field(() => ID) memberId!: string;
  @Field(() => String) reason!: string;
  @Field(() => ID, { nullable: true }) taskId!: string | null;
  @Field(() => ID, { nullable: true }) incidentId!: string | null;
  @Field(() => Int) logSeq!: number;
  @Field(() => NotificationStatus) status!: NotificationStatus;
  @Field(() => String, { nullable: true }) channel!: string | null;
  @Field(() => String, { nullable: true, description: 'What each channel answered. 渠道回执。' }) detail!: string | null;
  @Field(() => Date, { nullable: true }) sentAt!: Date | null;
  @Field(() => Date, { nullable: true }) acknowledgedAt!: Date | null;
  @Field(() => Date) createdAt!: Date;

  static from(n: Notification): NotificationNode {
    return Object.assign(new NotificationNode(), {
      id: toGlobalId('Notification', n.id), memberId: toGlobalId('Member', n.member.id), reason: n.reason,
      taskId: n.taskId ? toGlobalId('IncidentTask', n.taskId) : null, incidentId: n.incidentId ? toGlobalId('Incident', n.incidentId) : null,
      logSeq: n.logSeq, status: n.status, channel: n.channel ?? null, detail: n.detail ?? null, sentAt: n.sentAt ?? null,
      acknowledgedAt: n.acknowledgedAt ?? null, createdAt: n.createdAt,
    });
  }
}
export const NotificationConnection = Connection(NotificationNode, 'Notification');

@InputType('NotificationFilter')
export class NotificationFilter {
  @Field(() => ID, { nullable: true }) memberId?: string | null;
  @Field(() => NotificationStatus, { nullable: true }) status?: NotificationStatus | null;
}

@InputType('AcknowledgeTaskNotificationInput')
export class AcknowledgeTaskNotificationInput {
  @Field(() => String, { description: 'The token of the notification\'s link. 通知中的确认令牌。' }) @MaxLength(1000) token!: string;
}

@ObjectType('AcknowledgeTaskNotificationPayload')
export class AcknowledgeTaskNotificationPayload {
  @Field(() => ID, { nullable: true }) taskId!: string | null;
  @Field(() => Date, { nullable: true }) acknowledgedAt!: Date | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
