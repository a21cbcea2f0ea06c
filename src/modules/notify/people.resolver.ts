import { Arg, Ctx as GqlCtx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { toGlobalId } from '../../platform/ids.js';
import { peopleService } from './people.service.js';
import {
  AcknowledgeTaskNotificationInput, AcknowledgeTaskNotificationPayload, ConfigureNotificationChannelInput, ContactPointsNode, NotificationChannelNode,
  NotificationChannelPayload, NotificationConnection, NotificationFilter, SetContactPointsInput, SetContactPointsPayload,
} from './people.types.js';

@Resolver()
export class PeopleNotifyResolver {
  @Query(() => ContactPointsNode, { description: 'A member\'s contact points (yours by default); each read is logged as personal data. 联系方式（读取留痕）。' })
  @Allow.member()
  contactPoints(@GqlCtx() ctx: Ctx, @Arg('memberId', () => ID, { nullable: true }) memberId: string | null): Promise<ContactPointsNode> {
    return peopleService.contactPoints(ctx, memberId);
  }

  @Mutation(() => SetContactPointsPayload, { description: 'Sets your contact points, or a member\'s (MEMBER_MANAGE). 设置联系方式。' })
  @Allow.member()
  async setContactPoints(@GqlCtx() ctx: Ctx, @Arg('input', () => SetContactPointsInput) input: SetContactPointsInput): Promise<SetContactPointsPayload> {
    return toPayload(SetContactPointsPayload, await peopleService.setContactPoints(ctx, input), (id) => ({ memberId: toGlobalId('Member', id) }));
  }

  @Query(() => [NotificationChannelNode], { description: 'The tenant\'s notification channels (secrets are never shown). 通知渠道。' })
  @Allow.member(Permission.WEBHOOK_MANAGE)
  async notificationChannels(@GqlCtx() ctx: Ctx): Promise<NotificationChannelNode[]> {
    return (await peopleService.channels(ctx)).map((c) => NotificationChannelNode.from(c));
  }

  @Mutation(() => NotificationChannelPayload, { description: 'Sets up or changes a channel (WeCom, DingTalk, Feishu, SMS gateway). 配置通知渠道。' })
  @Allow.member(Permission.WEBHOOK_MANAGE)
  async configureNotificationChannel(@GqlCtx() ctx: Ctx, @Arg('input', () => ConfigureNotificationChannelInput) input: ConfigureNotificationChannelInput): Promise<NotificationChannelPayload> {
    return toPayload(NotificationChannelPayload, await peopleService.configureChannel(ctx, input), (c) => ({ channel: NotificationChannelNode.from(c) }));
  }

  @Query(() => NotificationConnection, { description: 'Who was told what, on which channel, when, and the outcome. 通知记录。' })
  @Allow.member(Permission.WEBHOOK_MANAGE)
  notifications(
    @GqlCtx() ctx: Ctx,
    @Arg('filter', () => NotificationFilter, { nullable: true }) filter: NotificationFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    return peopleService.list(ctx, filter, { first, after });
  }

  @Mutation(() => AcknowledgeTaskNotificationPayload, { description: 'Acknowledges a task from a notification\'s link, as its assignee; the token allows that act only. 通过通知确认任务。' })
  @Allow.public()
  async acknowledgeTaskNotification(@GqlCtx() ctx: Ctx, @Arg('input', () => AcknowledgeTaskNotificationInput) input: AcknowledgeTaskNotificationInput): Promise<AcknowledgeTaskNotificationPayload> {
    return toPayload(AcknowledgeTaskNotificationPayload, await peopleService.acknowledge(ctx, input.token), (r) => ({ taskId: toGlobalId('IncidentTask', r.taskId), acknowledgedAt: r.at }));
  }
}
