import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsOptional, MaxLength } from 'class-validator';
import { Connection, Node, UserError } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { DeliveryStatus } from './notify.enums.js';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from './webhook.entity.js';

@ObjectType('WebhookEndpoint', { implements: Node, description: 'A receiver of signed webhooks (Standard Webhooks); it reads as its role. Webhook 推送端点。' })
export class WebhookEndpointNode extends Node {
  @Field(() => String) url!: string;
  @Field(() => [String], { description: 'Event kinds it receives: incident event kinds, WEBHOOK_TEST, WEBHOOK_DISABLED. 订阅事件。' }) eventKinds!: string[];
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => ID, { description: 'The role whose permissions shape every payload. 推送所用角色。' }) roleId!: string;
  @Field(() => Boolean, { description: 'False after its retry schedule ran out (or when set so). 是否启用。' }) enabled!: boolean;
  @Field(() => String, { nullable: true }) disabledReason!: string | null;
  @Field(() => Date, { nullable: true, description: 'Until then the secret before the last rotation signs too. 旧密钥失效时间。' }) previousSecretUntil!: Date | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
  rawId!: string;

  static from(e: WebhookEndpoint): WebhookEndpointNode {
    return Object.assign(new WebhookEndpointNode(), {
      id: toGlobalId('WebhookEndpoint', e.id),
      rawId: e.id,
      url: e.url,
      eventKinds: e.eventKinds,
      description: e.description ?? null,
      roleId: toGlobalId('Role', e.role.id),
      enabled: e.enabled,
      disabledReason: e.disabledReason ?? null,
      previousSecretUntil: e.previousSecretUntil ?? null,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
  }
}
export const WebhookEndpointConnection = Connection(WebhookEndpointNode, 'WebhookEndpoint');

@ObjectType('WebhookAttempt', { description: 'One HTTP attempt of a delivery. 推送尝试。' })
export class WebhookAttemptNode {
  @Field(() => Int) attempt!: number;
  @Field(() => Date) startedAt!: Date;
  @Field(() => Int) durationMs!: number;
  @Field(() => Int, { nullable: true }) statusCode!: number | null;
  @Field(() => String, { nullable: true, description: 'The first 1 KiB of the answer. 响应摘要。' }) responseExcerpt!: string | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Boolean) success!: boolean;

  static from(a: WebhookAttempt): WebhookAttemptNode {
    return Object.assign(new WebhookAttemptNode(), {
      attempt: a.attempt, startedAt: a.startedAt, durationMs: a.durationMs, statusCode: a.statusCode ?? null,
      responseExcerpt: a.responseExcerpt ?? null, error: a.error ?? null, success: a.success,
    });
  }
}

@ObjectType('WebhookDelivery', { implements: Node, description: 'One log entry for one endpoint; its id is the webhook-id of every attempt. 推送记录。' })
export class WebhookDeliveryNode extends Node {
  @Field(() => ID) endpointId!: string;
  @Field(() => Int, { description: 'Sequence number of the log entry. 日志序号。' }) logSeq!: number;
  @Field(() => String) eventKind!: string;
  @Field(() => DeliveryStatus) status!: DeliveryStatus;
  @Field(() => Int, { description: 'Attempts started. 尝试次数。' }) attemptCount!: number;
  @Field(() => Date, { nullable: true, description: 'When it is tried next (PENDING). 下次尝试时间。' }) nextAttemptAt!: Date | null;
  @Field(() => Int, { nullable: true }) lastStatusCode!: number | null;
  @Field(() => Date, { nullable: true }) deliveredAt!: Date | null;
  @Field(() => Date) loggedAt!: Date;
  @Field(() => Date) createdAt!: Date;
  rawId!: string;

  static from(d: WebhookDelivery): WebhookDeliveryNode {
    return Object.assign(new WebhookDeliveryNode(), {
      id: toGlobalId('WebhookDelivery', d.id),
      rawId: d.id,
      endpointId: toGlobalId('WebhookEndpoint', d.endpoint.id),
      logSeq: d.logSeq,
      eventKind: d.eventKind,
      status: d.status,
      attemptCount: d.attempts,
      nextAttemptAt: d.status === DeliveryStatus.PENDING ? d.nextAttemptAt : null,
      lastStatusCode: d.lastStatusCode ?? null,
      deliveredAt: d.deliveredAt ?? null,
      loggedAt: d.loggedAt,
      createdAt: d.createdAt,
    });
  }
}
export const WebhookDeliveryConnection = Connection(WebhookDeliveryNode, 'WebhookDelivery');

@InputType('CreateWebhookEndpointInput')
export class CreateWebhookEndpointInput {
  @Field(() => String) @MaxLength(2000) url!: string;
  @Field(() => [String]) @ArrayMinSize(1) @ArrayMaxSize(50) eventKinds!: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) description?: string | null;
  @Field(() => ID, { description: 'The role the endpoint reads as. 推送所用角色。' }) roleId!: string;
}

@InputType('UpdateWebhookEndpointInput')
export class UpdateWebhookEndpointInput {
  @Field(() => ID) endpointId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) url?: string | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMinSize(1) @ArrayMaxSize(50) eventKinds?: string[] | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) description?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() roleId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'True re-enables a disabled endpoint; what waited is sent in order. 启用/停用。' }) @IsOptional() enabled?: boolean | null;
}

@InputType('WebhookEndpointRefInput')
export class WebhookEndpointRefInput {
  @Field(() => ID) endpointId!: string;
}

@InputType('RedeliverWebhookInput')
export class RedeliverWebhookInput {
  @Field(() => ID) deliveryId!: string;
}

@InputType('WebhookDeliveryFilter')
export class WebhookDeliveryFilter {
  @Field(() => ID, { nullable: true }) endpointId?: string | null;
  @Field(() => DeliveryStatus, { nullable: true }) status?: DeliveryStatus | null;
}

@ObjectType('WebhookEndpointPayload')
export class WebhookEndpointPayload {
  @Field(() => WebhookEndpointNode, { nullable: true }) endpoint!: WebhookEndpointNode | null;
  @Field(() => String, { nullable: true, description: 'The signing secret (whsec_…): shown once, on creation and rotation. 签名密钥（仅显示一次）。' }) secret!: string | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType('WebhookDeliveryPayload')
export class WebhookDeliveryPayload {
  @Field(() => WebhookDeliveryNode, { nullable: true }) delivery!: WebhookDeliveryNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType('DeliveryStatusCount')
export class DeliveryStatusCount {
  @Field(() => DeliveryStatus) status!: DeliveryStatus;
  @Field(() => Int) count!: number;
}

@ObjectType('WebhookEndpointHealth')
export class WebhookEndpointHealth {
  @Field(() => ID) endpointId!: string;
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => Int) pending!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Date, { nullable: true }) lastSuccessAt!: Date | null;
  @Field(() => Date, { nullable: true }) lastFailureAt!: Date | null;
  @Field(() => Int, { description: 'Failed attempts since the last success. 连续失败次数。' }) failuresSinceSuccess!: number;
}

@ObjectType('OutboxStatus', { description: 'The state of the pipe from the log to the endpoints. 推送队列状态。' })
export class OutboxStatus {
  @Field(() => Int, { description: 'Log entries not yet turned into deliveries. 未处理日志条数。' }) entriesBehind!: number;
  @Field(() => Date, { nullable: true, description: 'Commit time of the oldest entry not delivered yet (pending). 最早未送达事件时间。' }) oldestUndeliveredAt!: Date | null;
  @Field(() => Int, { description: 'Age in seconds of the oldest undelivered entry (0 when none). 积压时长（秒）。' }) lagSeconds!: number;
  @Field(() => [DeliveryStatusCount]) deliveriesByStatus!: DeliveryStatusCount[];
  @Field(() => [WebhookEndpointHealth]) endpoints!: WebhookEndpointHealth[];
}
