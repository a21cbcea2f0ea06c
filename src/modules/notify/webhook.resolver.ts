import { Arg, Ctx as GqlCtx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { WebhookDelivery, WebhookEndpoint } from './webhook.entity.js';
import { webhookService } from './webhook.service.js';
import { outboxStatusService } from './outbox-status.service.js';
import {
  CreateWebhookEndpointInput, OutboxStatus, RedeliverWebhookInput, UpdateWebhookEndpointInput, WebhookAttemptNode, WebhookDeliveryConnection,
  WebhookDeliveryFilter, WebhookDeliveryNode, WebhookDeliveryPayload, WebhookEndpointConnection, WebhookEndpointNode, WebhookEndpointPayload, WebhookEndpointRefInput,
} from './webhook.types.js';

nodeFetchers.set('WebhookEndpoint', async (ctx, id) => {
  if (!ctx.actor?.permissions.has(Permission.WEBHOOK_MANAGE) || !ctx.actor.tenant) return null;
  const e = await ctx.em.findOne(WebhookEndpoint, { tenant: ctx.actor.tenant.id, id, deletedAt: null });
  return e ? WebhookEndpointNode.from(e) : null;
});
nodeFetchers.set('WebhookDelivery', async (ctx, id) => {
  if (!ctx.actor?.permissions.has(Permission.WEBHOOK_MANAGE) || !ctx.actor.tenant) return null;
  const d = await ctx.em.findOne(WebhookDelivery, { tenant: ctx.actor.tenant.id, id, endpoint: { deletedAt: null } });
  return d ? WebhookDeliveryNode.from(d) : null;
});

@Resolver(() => WebhookDeliveryNode)
export class WebhookResolver {
  @Query(() => WebhookEndpointConnection, { description: 'The tenant\'s webhook endpoints. Webhook 推送端点。' })
  @Allow.member(Permission.WEBHOOK_MANAGE)
  webhookEndpoints(@GqlCtx() ctx: Ctx, @Arg('first', () => Int, { nullable: true }) first: number | null, @Arg('after', () => String, { nullable: true }) after: string | null) {
    return webhookService.list(ctx, { first, after });
  }

  @Query(() => WebhookDeliveryConnection, { description: 'Deliveries, newest log entry first, each with every attempt. 推送记录。' })
  @Allow.member(Permission.WEBHOOK_MANAGE)
  webhookDeliveries(
    @GqlCtx() ctx: Ctx,
    @Arg('filter', () => WebhookDeliveryFilter, { nullable: true }) filter: WebhookDeliveryFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    return webhookService.deliveries(ctx, filter, { first, after });
  }

  @Query(() => OutboxStatus, { description: 'Outbox lag, deliveries per status and endpoint health. 推送队列状态。' })
  @Allow.member(Permission.WEBHOOK_MANAGE)
  outboxStatus(@GqlCtx() ctx: Ctx): Promise<OutboxStatus> {
    return outboxStatusService.status(ctx);
  }

  @FieldResolver(() => [WebhookAttemptNode], { description: 'Every attempt, oldest first. 全部尝试。' })
  async attempts(@Root() d: WebhookDeliveryNode, @GqlCtx() ctx: Ctx): Promise<WebhookAttemptNode[]> {
    return (await webhookService.attemptsLoader(ctx).load(d.rawId)).map((a) => WebhookAttemptNode.from(a));
  }

  @Mutation(() => WebhookEndpointPayload, { description: 'Adds an endpoint; the answer carries its signing secret, once. 新增推送端点。' })
  @Allow.member(Permission.WEBHOOK_MANAGE)
  async createWebhookEndpoint(@GqlCtx() ctx: Ctx, @Arg('input', () => CreateWebhookEndpointInput) input: CreateWebhookEndpointInput): Promise<WebhookEndpointPayload> {
    return toPayload(WebhookEndpointPayload, await webhookService.create(ctx, input), (r) => ({ endpoint: WebhookEndpointNode.from(r.endpoint), secret: r.secret }));
  }

  @Mutation(() => WebhookEndpointPayload, { description: 'Changes an endpoint (URL, event kinds, role, enabled). 修改推送端点。' })
  @Allow.member(Permission.WEBHOOK_MANAGE)
  async updateWebhookEndpoint(@GqlCtx() ctx: Ctx, @Arg('input', () => UpdateWebhookEndpointInput) input: UpdateWebhookEndpointInput): Promise<WebhookEndpointPayload> {
    return toPayload(WebhookEndpointPayload, await webhookService.update(ctx, input), (e) => ({ endpoint: WebhookEndpointNode.from(e), secret: null }));
  }

  @Mutation(() => WebhookEndpointPayload, { description: 'A new signing secret; the old one signs beside it for a grace period. 轮换签名密钥。' })
  @Allow.member(Permission.WEBHOOK_MANAGE)
  async rotateWebhookSecret(@GqlCtx() ctx: Ctx, @Arg('input', () => WebhookEndpointRefInput) input: WebhookEndpointRefInput): Promise<WebhookEndpointPayload> {
    return toPayload(WebhookEndpointPayload, await webhookService.rotate(ctx, input.endpointId), (r) => ({ endpoint: WebhookEndpointNode.from(r.endpoint), secret: r.secret }));
  }

  @Mutation(() => WebhookEndpointPayload, { description: 'Deletes an endpoint: nothing more is sent to it. 删除推送端点。' })
  @Allow.member(Permission.WEBHOOK_MANAGE)
  async deleteWebhookEndpoint(@GqlCtx() ctx: Ctx, @Arg('input', () => WebhookEndpointRefInput) input: WebhookEndpointRefInput): Promise<WebhookEndpointPayload> {
    return toPayload(WebhookEndpointPayload, await webhookService.remove(ctx, input.endpointId), (e) => ({ endpoint: WebhookEndpointNode.from(e), secret: null }));
  }

  @Mutation(() => WebhookEndpointPayload, { description: 'Logs a WEBHOOK_TEST event that the outbox delivers to this endpoint. 发送测试推送。' })
  @Allow.member(Permission.WEBHOOK_MANAGE)
  async sendTestWebhook(@GqlCtx() ctx: Ctx, @Arg('input', () => WebhookEndpointRefInput) input: WebhookEndpointRefInput): Promise<WebhookEndpointPayload> {
    return toPayload(WebhookEndpointPayload, await webhookService.sendTest(ctx, input.endpointId), (e) => ({ endpoint: WebhookEndpointNode.from(e), secret: null }));
  }

  @Mutation(() => WebhookDeliveryPayload, { description: 'Sends a delivery again, with the same webhook-id. 重新推送。' })
  @Allow.member(Permission.WEBHOOK_MANAGE)
  async redeliverWebhook(@GqlCtx() ctx: Ctx, @Arg('input', () => RedeliverWebhookInput) input: RedeliverWebhookInput): Promise<WebhookDeliveryPayload> {
    return toPayload(WebhookDeliveryPayload, await webhookService.redeliver(ctx, input), (d) => ({ delivery: WebhookDeliveryNode.from(d) }));
  }
}
