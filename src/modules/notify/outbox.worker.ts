// The delivery worker: turns committed log entries into deliveries and sends
// them. Every API instance runs it; they share the work through row locks
// (FOR UPDATE SKIP LOCKED on the tenant's cursor while expanding, on
// deliveries while claiming) and leases: a delivery claimed by a process that
// dies is taken over when its lease runs out, with the same id. Deliveries
// are written only from the log, so what is sent cannot disagree with it.
import type { GraphQLSchema } from 'graphql';
import type { SystemDeps } from '../../platform/system-context.js';
import type { Ctx } from '../../platform/context.js';
import { withSystemContext } from '../../platform/system-context.js';
import { setTenantScope } from '../../platform/db/tenant-scope.js';
import { ActorKind } from '../../platform/audit/log.entity.js';
import { audited } from '../../platform/audit/mutation.js';
import { DeliveryStatus, OWN_KIND_OF_ACTION, WebhookOwnKind } from './notify.enums.js';
import { outboxSql, type ClaimedRow, type EndpointForSend, type LogRow } from './outbox.sql.js';
import { endpointPrincipal } from './webhook.principal.js';
import { renderDelivery } from './webhook.render.js';
import { webhookHeaders } from './webhook-signing.js';
import { allowList, RefusedUrl, resolveTarget } from './webhook-ssrf.js';
import { postWebhook, type SendResult } from './webhook-send.js';
import { retryDelayMs } from './retry-schedule.js';
import { WebhookEndpoint } from './webhook.entity.js';
import { peopleSql } from './people.sql.js';
import { PeopleSender } from './people.worker.js';
import { appendTenantLogBatch } from '../../platform/audit/log-writer.js';
import { PRINCIPAL_LABEL } from './webhook.principal.js';

/** A body rendered once for every endpoint of one role in a claimed batch, with the personal-data reads it logged. */
interface SharedRender {
  /** Undefined: no principal to render as (its role is gone); the delivery stays leased and is tried again later. */
  body: string | null | undefined;
  reads: { action: string; target_type: string | null; target_id: string | null; incident_id: string | null; reason: string | null }[];
}

/** A sent attempt, settled at the end of its round. */
interface Attempted {
  d: ClaimedRow;
  startedAt: Date;
  result: SendResult;
}

const EXPAND_BATCH = 500;
/** Endpoints claimed per round, and deliveries per endpoint (its prefix, sent in log order). */
const CLAIM_ENDPOINTS = 32;
const CLAIM_PREFIX = 16;

export interface WorkerOptions {
  /** The worker's clock (tests drive the retry schedule with a fake one). */
  now?: () => Date;
  random?: () => number;
  /** Only these tenants (tests). */
  tenantIds?: string[];
}

export interface PassResult {
  derived: number;
  /** People told (a channel accepted). */
  notified: number;
  attempted: number;
  delivered: number;
}

/** The kind an entry is as a webhook event, or null when it is none. */
export function eventKindOf(entry: Pick<LogRow, 'event' | 'action'>): string | null {
  return entry.event ?? OWN_KIND_OF_ACTION[entry.action] ?? null;
}

/** Claimed rows grouped by endpoint, each group in log order (claim returns them sorted so). */
function prefixes(claimed: ClaimedRow[]): ClaimedRow[][] {
  const groups = new Map<string, ClaimedRow[]>();
  for (const d of claimed) groups.set(d.endpoint_id, [...(groups.get(d.endpoint_id) ?? []), d]);
  return [...groups.values()];
}

export class OutboxWorker {
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly allowed;
  private readonly people: PeopleSender;

  constructor(
    private readonly deps: SystemDeps,
    private readonly schema: () => Promise<GraphQLSchema>,
    private readonly options: WorkerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.allowed = allowList(deps.config.webhooks.allowPrivateNetworks);
    this.people = new PeopleSender(deps, (tenantId, work) => this.inTenant(tenantId, work), this.now, this.random);
  }

  private inTenant<T>(tenantId: string, work: (ctx: Ctx) => Promise<T>): Promise<T> {
    return withSystemContext(this.deps, null, async (ctx) => {
      await setTenantScope(ctx.em, tenantId, null);
      return work(ctx);
    });
  }

  /** One pass over every tenant with endpoints: expand the log, then send what is due until nothing is. */
  async runOnce(): Promise<PassResult> {
    const result: PassResult = { derived: 0, notified: 0, attempted: 0, delivered: 0 };
    const lag: { oldest: Date | null } = { oldest: null };
    const tenants = this.options.tenantIds ?? (await outboxSql.tenantsWithEndpoints(this.deps.orm.em.fork()));
    for (const tenantId of tenants) {
      try {
        for (let i = 0; i < 20; i++) {
          const { derived, more } = await this.expand(tenantId);
          result.derived += derived;
          if (!more) break;
        }
        result.notified += await this.people.pass(tenantId);
        for (let i = 0; i < 50; i++) {
          // The lease runs from here: a prefix checks its remaining time against it.
          const claimedAt = this.now();
          const claimed = await this.inTenant(tenantId, (ctx) => outboxSql.claim(ctx.em, tenantId, claimedAt, this.deps.config.webhooks.leaseMs, CLAIM_ENDPOINTS, CLAIM_PREFIX));
          if (!claimed.length) break;
          for (const d of claimed) if (!lag.oldest || d.logged_at < lag.oldest) lag.oldest = d.logged_at;
          const outcomes = await this.round(tenantId, claimed, claimedAt);
          result.attempted += outcomes.length;
          result.delivered += outcomes.filter((o) => o.success).length;
        }
      } catch (err) {
        this.deps.logger.error({ err, tenantId }, 'outbox: tenant pass failed');
      }
    }
    this.deps.services.telemetry?.outboxPass({ ...result, oldestClaimedAgeSeconds: lag.oldest ? Math.max(0, (this.now().getTime() - lag.oldest.getTime()) / 1000) : null });
    return result;
  }

  /** Derives deliveries from the entries after the tenant's cursor, in one transaction with the cursor's move. */
  async expand(tenantId: string): Promise<{ derived: number; more: boolean }> {
    return this.inTenant(tenantId, async (ctx) => {
      const cursor = await outboxSql.lockCursor(ctx.em, tenantId);
      if (cursor === null) return { derived: 0, more: false };
      const entries = await outboxSql.entriesAfter(ctx.em, tenantId, cursor, EXPAND_BATCH);
      if (!entries.length) return { derived: 0, more: false };
      const endpoints = await outboxSql.endpointsForExpansion(ctx.em, tenantId);
      const rows: { endpointId: string; seq: number; loggedAt: Date; kind: string }[] = [];
      for (const entry of entries) {
        const kind = eventKindOf(entry);
        // A confidential case (举报) never leaves through an endpoint.
        if (!kind || entry.confidential) continue;
        for (const e of endpoints) {
          if (e.since_seq >= entry.seq) continue;
          // A test goes to its endpoint, and only there, whatever it subscribed to.
          if (kind === WebhookOwnKind.WEBHOOK_TEST) {
            if (entry.target_id !== e.id) continue;
          } else if (!e.event_kinds.includes(kind)) continue;
          // A disabled endpoint is not told of itself.
          if (kind === WebhookOwnKind.WEBHOOK_DISABLED && entry.target_id === e.id) continue;
          rows.push({ endpointId: e.id, seq: entry.seq, loggedAt: entry.created_at, kind });
        }
      }
      await outboxSql.insertDeliveries(ctx.em, tenantId, this.now(), rows);
      const last = entries[entries.length - 1]!.seq;
      // People told by the rules, from the same entries, in the same transaction as the cursor's move.
      const people = await peopleSql.derive(ctx.em, tenantId, cursor, last, this.now());
      await outboxSql.advanceCursor(ctx.em, tenantId, last);
      return { derived: rows.length + people, more: entries.length === EXPAND_BATCH };
    });
  }

  /**
   * One claim round: the endpoints loaded once, the bodies of the whole batch,
   * each endpoint's prefix sent in order (all endpoints at once), then every
   * attempt and release settled in one statement.
   */
  private async round(tenantId: string, claimed: ClaimedRow[], claimedAt: Date): Promise<SendResult[]> {
    const endpoints = await this.inTenant(tenantId, (ctx) => outboxSql.endpointsForSend(ctx.em, tenantId, [...new Set(claimed.map((d) => d.endpoint_id))]));
    const bodies = await this.bodies(tenantId, claimed.filter((d) => endpoints.has(d.endpoint_id)), endpoints);
    const sent = await Promise.all(prefixes(claimed).map((p) => this.sendPrefix(p, claimedAt, endpoints.get(p[0]!.endpoint_id), bodies)));
    const attempted = sent.flatMap((s) => s.attempted);
    const at = this.now();
    const settled = attempted.map(({ d, startedAt, result: r }) => {
      const delay = r.success ? null : retryDelayMs(d.attempts, this.random);
      const status = r.success ? DeliveryStatus.DELIVERED : delay === null ? DeliveryStatus.FAILED : DeliveryStatus.PENDING;
      return {
        d, r, status,
        row: { id: d.id, attempt: d.attempts, startedAt, durationMs: r.durationMs, statusCode: r.statusCode, excerpt: r.excerpt, error: r.error, success: r.success,
          status, nextAttemptAt: delay === null ? null : new Date(at.getTime() + delay) },
      };
    });
    const released = sent.flatMap((s) => s.released).map((d) => ({ id: d.id, attempt: d.attempts }));
    const held = await this.inTenant(tenantId, (ctx) => outboxSql.settleRound(ctx.em, tenantId, at, settled.map((x) => x.row), released));
    for (const { d, r, status } of settled) {
      if (held.has(d.id) && status === DeliveryStatus.FAILED) await this.disable(tenantId, d.endpoint_id, `delivery ${d.id} failed ${d.attempts} times; last: ${r.statusCode ?? r.error}`);
    }
    return attempted.map((x) => x.result);
  }

  /**
   * The body of every claimed delivery: stored at an earlier attempt, or
   * rendered once per (entry, role, kind) in this batch as the first such
   * endpoint's principal (that render logs its personal-data reads). The
   * other endpoints of that role reuse it; their bodies and the same reads,
   * logged as their own principals, are written in one transaction with one
   * batch log append. Null: nothing to send (the delivery is SKIPPED).
   */
  private async bodies(tenantId: string, claimed: ClaimedRow[], endpoints: Map<string, EndpointForSend>): Promise<Map<string, string | null>> {
    const bodies = new Map<string, string | null>();
    const groups = new Map<string, ClaimedRow[]>();
    for (const d of claimed) {
      if (d.payload !== null) {
        bodies.set(d.id, d.payload);
        continue;
      }
      const key = `${d.log_seq}:${endpoints.get(d.endpoint_id)!.role_id}:${d.event_kind}`;
      groups.set(key, [...(groups.get(key) ?? []), d]);
    }
    const renders = await Promise.all([...groups.values()].map((g) => this.render(tenantId, g[0]!, endpoints.get(g[0]!.endpoint_id)!.role_id)));
    const copies: { d: ClaimedRow; render: SharedRender }[] = [];
    [...groups.values()].forEach((g, i) => {
      if (renders[i]!.body === undefined) return;
      bodies.set(g[0]!.id, renders[i]!.body);
      for (const d of g.slice(1)) {
        bodies.set(d.id, renders[i]!.body);
        copies.push({ d, render: renders[i]! });
      }
    });
    if (copies.length) {
      await this.inTenant(tenantId, async (ctx) => {
        const reads = copies.flatMap(({ d, render }) => (typeof render.body !== 'string' ? [] : render.reads.map((r) => ({
          tenantId, actorKind: ActorKind.USER, actorUserId: d.endpoint_id, actorMemberId: d.endpoint_id, actorRoles: [PRINCIPAL_LABEL],
          action: r.action, targetType: r.target_type, targetId: r.target_id, incidentId: r.incident_id, reason: r.reason, requestId: `webhook-${d.id}`,
        }))));
        await appendTenantLogBatch(ctx.em, reads);
        await outboxSql.storePayloads(ctx.em, tenantId, copies.map(({ d, render }) => ({ id: d.id, payload: render.body ?? null })));
      });
    }
    return bodies;
  }

  /**
   * An endpoint's claimed prefix, one delivery after the other in log order.
   * It stops at the first failure (what follows waits for it: order), or when
   * the lease could run out during the next attempt (another worker could
   * then take it over while it is in flight); the rest are to be released.
   */
  private async sendPrefix(prefix: ClaimedRow[], claimedAt: Date, endpoint: EndpointForSend | undefined, bodies: Map<string, string | null>): Promise<{ attempted: Attempted[]; released: ClaimedRow[] }> {
    // An endpoint deleted since the claim: its leases run out unused.
    if (!endpoint) return { attempted: [], released: [] };
    const { leaseMs, timeoutMs } = this.deps.config.webhooks;
    const attempted: Attempted[] = [];
    let i = 0;
    for (; i < prefix.length; i++) {
      const elapsed = this.now().getTime() - claimedAt.getTime();
      if (i > 0 && elapsed + timeoutMs + leaseMs / 10 > leaseMs) break;
      const d = prefix[i]!;
      const body = bodies.get(d.id);
      // Not rendered (no principal): it stays leased, and what follows waits for it.
      if (body === undefined) {
        i++;
        break;
      }
      if (body === null) continue;
      const startedAt = this.now();
      const result = await this.send(d, endpoint, body, startedAt);
      attempted.push({ d, startedAt, result });
      if (!result.success) {
        i++;
        break;
      }
    }
    return { attempted, released: prefix.slice(i) };
  }

  /** One HTTP attempt of a claimed delivery (settled with the round). */
  private async send(d: ClaimedRow, endpoint: EndpointForSend, body: string, startedAt: Date): Promise<SendResult> {
    try {
      const target = await resolveTarget(endpoint.url, this.allowed);
      const secrets = [endpoint.secret];
      if (endpoint.previous_secret && endpoint.previous_secret_until && endpoint.previous_secret_until > startedAt) secrets.push(endpoint.previous_secret);
      const headers = webhookHeaders(secrets, d.id, Math.floor(startedAt.getTime() / 1000), body);
      return await postWebhook(target, headers, body, this.deps.config.webhooks.timeoutMs);
    } catch (err) {
      const message = err instanceof RefusedUrl ? `refused: ${err.message}` : err instanceof Error ? err.message : String(err);
      return { statusCode: null, excerpt: null, error: message, success: false, durationMs: 0 };
    }
  }

  /** Renders the body once, as the endpoint's principal; stores it, or marks the delivery SKIPPED. */
  private async render(tenantId: string, d: ClaimedRow, roleId: string): Promise<SharedRender> {
    const schema = await this.schema();
    const entry = await this.inTenant(tenantId, (ctx) => outboxSql.entry(ctx.em, tenantId, d.log_seq));
    if (!entry || entry.confidential) {
      await this.inTenant(tenantId, (ctx) => outboxSql.storePayload(ctx.em, tenantId, d.id, null));
      return { body: null, reads: [] };
    }
    const body = await withSystemContext(this.deps, null, async (ctx) => {
      await setTenantScope(ctx.em, tenantId, null);
      const principal = await endpointPrincipal(ctx, tenantId, d.endpoint_id, roleId);
      if (!principal) return { body: undefined, reads: [] };
      const as = { ...ctx, actor: principal, request: { ...ctx.request, requestId: `webhook-${d.id}`, userAgent: 'xinfang-webhooks' } };
      await setTenantScope(ctx.em, tenantId, principal.userId);
      const rendered = await renderDelivery(schema, as, tenantId, d.event_kind, {
        seq: entry.seq, createdAt: entry.created_at, actorKind: entry.actor_kind, actorMemberId: entry.actor_member_id, actorRoles: entry.actor_roles,
        action: entry.action, incidentId: entry.incident_id, targetId: entry.target_id, reason: entry.reason,
      });
      // The body and any personal-data read logged while rendering it commit together.
      await outboxSql.storePayload(ctx.em, tenantId, d.id, rendered);
      // What this render logged (uncommitted, visible in its own transaction): the others log the same.
      const reads = rendered === null ? [] : await outboxSql.readsLoggedBy(ctx.em, tenantId, d.log_seq, `webhook-${d.id}`);
      return { body: rendered, reads };
    });
    return body;
  }

  /** After the schedule ran out: the endpoint is disabled, logged as the system (a WEBHOOK_DISABLED event). */
  private async disable(tenantId: string, endpointId: string, reason: string): Promise<void> {
    await withSystemContext(this.deps, null, async (ctx) => {
      await setTenantScope(ctx.em, tenantId, null);
      await audited(ctx, 'webhook.disable', async (tx) => {
        const endpoint = await tx.em.findOneOrFail(WebhookEndpoint, { tenant: tenantId, id: endpointId });
        endpoint.enabled = false;
        endpoint.disabledReason = reason;
        return { result: null, target: { type: 'WebhookEndpoint', id: endpointId }, reason };
      }, { tenantId, actorKind: ActorKind.SYSTEM });
    });
    this.deps.logger.warn({ tenantId, endpointId, reason }, 'webhook endpoint disabled');
  }
}
