// Webhook endpoints of a tenant (WEBHOOK_MANAGE): every change logged; the
// signing secret is shown once and never written to the log ([redacted]).
import type { Ctx } from '../../platform/context.js';
import { DomainError, invalid, notFound } from '../../platform/errors.js';
import { audited, precheck, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { idOf } from '../../platform/ids.js';
import { requireMember } from '../../platform/authz.js';
import { pageRequest, toConnection, type PageArgs } from '../../platform/graphql/relay.js';
import { Role } from '../role/role.entity.js';
import { IncidentEventKind } from '../incident/incident.model.js';
import { DeliveryStatus, WebhookOwnKind } from './notify.enums.js';
import { NotifyErrorCode } from './notify.errors.js';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from './webhook.entity.js';
import { outboxSql } from './outbox.sql.js';
import { newWebhookSecret } from './webhook-signing.js';
import { allowList, RefusedUrl, resolveTarget } from './webhook-ssrf.js';
import {
  WebhookDeliveryConnection, WebhookDeliveryNode, WebhookEndpointConnection, WebhookEndpointNode,
  type CreateWebhookEndpointInput, type RedeliverWebhookInput, type UpdateWebhookEndpointInput, type WebhookDeliveryFilter,
} from './webhook.types.js';

export const WEBHOOK_EVENT_KINDS: readonly string[] = [...Object.values(IncidentEventKind), ...Object.values(WebhookOwnKind)];

async function checkUrl(ctx: Ctx, url: string): Promise<void> {
  try {
    await resolveTarget(url, allowList(ctx.config.webhooks.allowPrivateNetworks));
  } catch (err) {
    if (err instanceof RefusedUrl) throw new DomainError(NotifyErrorCode.URL_REFUSED, `URL refused: ${err.message}`, ['input', 'url']);
    throw err;
  }
}

function checkKinds(kinds: string[]): void {
  const unknown = kinds.filter((k) => !WEBHOOK_EVENT_KINDS.includes(k));
  if (unknown.length) throw new DomainError(NotifyErrorCode.UNKNOWN_EVENT_KIND, `unknown event kinds: ${unknown.join(', ')}`, ['input', 'eventKinds']);
}

async function roleOf(ctx: Ctx, globalId: string): Promise<Role> {
  const role = await ctx.em.findOne(Role, { tenant: requireMember(ctx).tenant.id, id: idOf('Role', globalId, ['input', 'roleId']) });
  if (!role) throw notFound('Role', ['input', 'roleId']);
  return role;
}

async function endpointOf(ctx: Ctx, globalId: string, field = ['input', 'endpointId']): Promise<WebhookEndpoint> {
  const endpoint = await ctx.em.findOne(WebhookEndpoint, { tenant: requireMember(ctx).tenant.id, id: idOf('WebhookEndpoint', globalId, field), deletedAt: null });
  if (!endpoint) throw notFound('WebhookEndpoint', field);
  return endpoint;
}

export const webhookService = {
  async create(ctx: Ctx, input: CreateWebhookEndpointInput): Promise<Outcome<{ endpoint: WebhookEndpoint; secret: string }>> {
    // The role first: another tenant's role is NOT_FOUND whatever else is wrong with the input.
    const checked = await precheck(async () => {
      const role = await roleOf(ctx, input.roleId);
      await validateInput(input);
      checkKinds(input.eventKinds);
      await checkUrl(ctx, input.url);
      return role.id;
    });
    if (!checked.ok) return checked;
    const tenantId = requireMember(ctx).tenant.id;
    return audited(ctx, 'webhook.create', async (tx) => {
      const role = await roleOf(tx, input.roleId);
      const secret = newWebhookSecret();
      const endpoint = tx.em.create(WebhookEndpoint, {
        tenant: tenantId,
        url: input.url,
        eventKinds: [...new Set(input.eventKinds)],
        description: input.description ?? null,
        role,
        secret,
        // Only what is logged after it was created reaches it.
        sinceSeq: await outboxSql.logHead(tx.em, tenantId),
      });
      await tx.em.flush();
      await outboxSql.syncCursor(tx.em, tenantId);
      return { result: { endpoint, secret }, target: { type: 'WebhookEndpoint', id: endpoint.id } };
    });
  },

  async update(ctx: Ctx, input: UpdateWebhookEndpointInput): Promise<Outcome<WebhookEndpoint>> {
    const checked = await precheck(async () => {
      await endpointOf(ctx, input.endpointId);
      if (input.roleId) await roleOf(ctx, input.roleId);
      await validateInput(input);
      if (input.eventKinds) checkKinds(input.eventKinds);
      if (input.url) await checkUrl(ctx, input.url);
    });
    if (!checked.ok) return checked;
    return audited(ctx, 'webhook.update', async (tx) => {
      const endpoint = await endpointOf(tx, input.endpointId);
      if (input.url) endpoint.url = input.url;
      if (input.eventKinds) endpoint.eventKinds = [...new Set(input.eventKinds)];
      if (input.description !== undefined) endpoint.description = input.description ?? null;
      if (input.roleId) endpoint.role = (await roleOf(tx, input.roleId)) as never;
      if (input.enabled === true) {
        endpoint.enabled = true;
        endpoint.disabledReason = null;
      } else if (input.enabled === false) {
        endpoint.enabled = false;
        endpoint.disabledReason = 'disabled by a tenant administrator';
      }
      return { result: endpoint, target: { type: 'WebhookEndpoint', id: endpoint.id } };
    });
  },

  /** A new secret; the old one keeps signing beside it for WEBHOOK_SECRET_GRACE_SECONDS. */
  async rotate(ctx: Ctx, endpointId: string): Promise<Outcome<{ endpoint: WebhookEndpoint; secret: string }>> {
    return audited(ctx, 'webhook.rotate_secret', async (tx) => {
      const endpoint = await endpointOf(tx, endpointId);
      await tx.em.populate(endpoint, ['secret'] as never);
      const secret = newWebhookSecret();
      endpoint.previousSecret = endpoint.secret;
      endpoint.previousSecretUntil = new Date(Date.now() + ctx.config.webhooks.secretGraceSeconds * 1000);
      endpoint.secret = secret;
      return { result: { endpoint, secret }, target: { type: 'WebhookEndpoint', id: endpoint.id } };
    });
  },

  /** Deleted endpoints get nothing more; their deliveries stay readable in the log's terms (ids, attempts). */
  async remove(ctx: Ctx, endpointId: string): Promise<Outcome<WebhookEndpoint>> {
    return audited(ctx, 'webhook.delete', async (tx) => {
      const endpoint = await endpointOf(tx, endpointId);
      endpoint.deletedAt = new Date();
      endpoint.enabled = false;
      await tx.em.flush();
      await outboxSql.syncCursor(tx.em, endpoint.tenant.id);
      return { result: endpoint, target: { type: 'WebhookEndpoint', id: endpoint.id } };
    });
  },

  /** A WEBHOOK_TEST event for one endpoint: a log entry like any other, delivered by the outbox. */
  async sendTest(ctx: Ctx, endpointId: string): Promise<Outcome<WebhookEndpoint>> {
    return audited(ctx, 'webhook.test', async (tx) => {
      const endpoint = await endpointOf(tx, endpointId);
      if (!endpoint.enabled) throw new DomainError(NotifyErrorCode.ENDPOINT_DISABLED, 'The endpoint is disabled; enable it first', ['input', 'endpointId']);
      return { result: endpoint, target: { type: 'WebhookEndpoint', id: endpoint.id }, reason: 'test delivery' };
    });
  },

  /** Sends a delivered, failed or skipped delivery again, with the same webhook-id; logged. */
  async redeliver(ctx: Ctx, input: RedeliverWebhookInput): Promise<Outcome<WebhookDelivery>> {
    return audited(ctx, 'webhook.redeliver', async (tx) => {
      const tenantId = requireMember(tx).tenant.id;
      const delivery = await tx.em.findOne(WebhookDelivery, { tenant: tenantId, id: idOf('WebhookDelivery', input.deliveryId, ['input', 'deliveryId']) }, { populate: ['endpoint'] });
      if (!delivery || delivery.endpoint.getEntity().deletedAt) throw notFound('WebhookDelivery', ['input', 'deliveryId']);
      if (delivery.status === DeliveryStatus.PENDING) throw new DomainError(NotifyErrorCode.DELIVERY_PENDING, 'The delivery is still waiting for its attempt', ['input', 'deliveryId']);
      // A skipped one is rendered again: the role may see more now.
      if (delivery.status === DeliveryStatus.SKIPPED) delivery.payload = null;
      delivery.status = DeliveryStatus.PENDING;
      delivery.attempts = 0;
      delivery.nextAttemptAt = new Date();
      delivery.leaseUntil = null;
      return { result: delivery, target: { type: 'WebhookDelivery', id: delivery.id }, reason: `redelivery to endpoint ${delivery.endpoint.id}` };
    });
  },

  async list(ctx: Ctx, page: PageArgs) {
    const tenantId = requireMember(ctx).tenant.id;
    const { limit, after } = pageRequest(page, ctx.config.limits.maxPageSize);
    const where = { tenant: tenantId, deletedAt: null };
    const afterId = after ? String(after[0]) : null;
    const rows = await ctx.em.find(WebhookEndpoint, afterId ? { ...where, id: { $gt: afterId } } : where, { orderBy: { id: 'asc' }, limit: limit + 1 });
    return toConnection(WebhookEndpointConnection, rows, limit, !!after, (e) => [e.id], (e) => WebhookEndpointNode.from(e), () => ctx.em.count(WebhookEndpoint, where));
  },

  async deliveries(ctx: Ctx, filter: WebhookDeliveryFilter | null, page: PageArgs) {
    const tenantId = requireMember(ctx).tenant.id;
    const { limit, after } = pageRequest(page, ctx.config.limits.maxPageSize);
    const where: Record<string, unknown> = { tenant: tenantId, endpoint: { deletedAt: null } };
    if (filter?.endpointId) where.endpoint = { id: idOf('WebhookEndpoint', filter.endpointId, ['filter', 'endpointId']), deletedAt: null };
    if (filter?.status) where.status = filter.status;
    let pageWhere = where;
    if (after) {
      const [seq, id] = after;
      if (typeof seq !== 'number' || typeof id !== 'string') throw invalid('after is not a cursor of this list', ['after']);
      pageWhere = { $and: [where, { $or: [{ logSeq: { $lt: seq } }, { logSeq: seq, id: { $gt: id } }] }] };
    }
    // Newest first.
    const rows = await ctx.em.find(WebhookDelivery, pageWhere, { orderBy: { logSeq: 'desc', id: 'asc' }, limit: limit + 1 });
    return toConnection(WebhookDeliveryConnection, rows, limit, !!after, (d) => [d.logSeq, d.id], (d) => WebhookDeliveryNode.from(d), () => ctx.em.count(WebhookDelivery, where));
  },

  /** Every attempt of the deliveries asked for, in one statement per batch. */
  attemptsLoader(ctx: Ctx) {
    const tenantId = requireMember(ctx).tenant.id;
    return ctx.loaders.get<string, WebhookAttempt[]>('webhookAttempts', async (ids) => {
      const rows = await ctx.em.find(WebhookAttempt, { tenant: tenantId, delivery: { id: { $in: [...ids] } } }, { orderBy: { startedAt: 'asc', attempt: 'asc' } });
      return ids.map((id) => rows.filter((r) => r.delivery.id === id));
    });
  },
};
