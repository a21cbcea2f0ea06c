// The outbox's statements over its own tables (and the log it reads).
import type { EntityManager } from '@mikro-orm/postgresql';
import { incidentVisibility } from '../incident/incident.access.js';
import { DeliveryStatus } from './notify.enums.js';

export interface LogRow {
  seq: number;
  created_at: Date;
  actor_kind: string;
  actor_member_id: string | null;
  actor_roles: string[];
  action: string;
  event: string | null;
  incident_id: string | null;
  target_id: string | null;
  reason: string | null;
  confidential: boolean;
}

export interface ClaimedRow {
  id: string;
  endpoint_id: string;
  log_seq: number;
  logged_at: Date;
  event_kind: string;
  attempts: number;
  /** The body stored at an earlier attempt (every attempt sends the same bytes). */
  payload: string | null;
}

export interface EndpointForSend {
  url: string;
  role_id: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Date | null;
}

export const outboxSql = {
  /** Tenants with endpoints: the only ones the worker visits. */
  async tenantsWithEndpoints(em: EntityManager): Promise<string[]> {
    const rows = await em.execute<{ tenant_id: string }[]>(
      `select c.tenant_id from outbox_cursor c join tenant t on t.id = c.tenant_id where c.endpoints > 0 and t.status = 'ACTIVE' order by c.tenant_id`,
    );
    return rows.map((r) => r.tenant_id);
  },

  /** After an endpoint or channel changes: the tenant's cursor exists (first at the log head) and counts its endpoints and channels. */
  async syncCursor(em: EntityManager, tenantId: string): Promise<void> {
    const conn = em;
    await conn.execute(
      `insert into outbox_cursor (tenant_id, seq, endpoints) values (?, coalesce((select seq from log_head where tenant_id = ?), 0), 0) on conflict (tenant_id) do nothing`,
      [tenantId, tenantId],
    );
    await conn.execute(
      `update outbox_cursor set endpoints = (select count(*) from webhook_endpoint where tenant_id = ? and deleted_at is null)
         + (select count(*) from notification_channel where tenant_id = ? and enabled) where tenant_id = ?`,
      [tenantId, tenantId, tenantId],
    );
  },

  async logHead(em: EntityManager, tenantId: string): Promise<number> {
    const [row] = await em.execute<{ seq: string | number }[]>(`select seq from log_head where tenant_id = ?`, [tenantId]);
    return Number(row?.seq ?? 0);
  },

  /** The cursor, locked for this expansion; null when another worker is expanding this tenant now. */
  async lockCursor(em: EntityManager, tenantId: string): Promise<number | null> {
    const [row] = await em.execute<{ seq: string | number }[]>(`select seq from outbox_cursor where tenant_id = ? for update skip locked`, [tenantId]);
    return row ? Number(row.seq) : null;
  },

  async entriesAfter(em: EntityManager, tenantId: string, seq: number, limit: number): Promise<LogRow[]> {
    const rows = await em.execute<LogRow[]>(
      `select l.seq, l.created_at, l.actor_kind, l.actor_member_id, l.actor_roles, l.action, l.event, l.incident_id, l.target_id, l.reason,
         (l.incident_id is not null and ${incidentVisibility.confidentialSql('l.tenant_id', 'l.incident_id')}) as confidential
       from log_entry l where l.tenant_id = ? and l.seq > ? order by l.seq limit ?`,
      [tenantId, seq, limit],
    );
    return rows.map((r) => ({ ...r, seq: Number(r.seq), created_at: new Date(r.created_at) }));
  },

  async entry(em: EntityManager, tenantId: string, seq: number): Promise<LogRow | null> {
    const rows = await this.entriesAfter(em, tenantId, seq - 1, 1);
    return rows[0]?.seq === seq ? rows[0] : null;
  },

  async endpointsForExpansion(em: EntityManager, tenantId: string): Promise<{ id: string; event_kinds: string[]; since_seq: number }[]> {
    const rows = await em.execute<{ id: string; event_kinds: string[]; since_seq: string | number }[]>(
      `select id, event_kinds, since_seq from webhook_endpoint where tenant_id = ? and deleted_at is null`,
      [tenantId],
    );
    return rows.map((r) => ({ ...r, since_seq: Number(r.since_seq) }));
  },

  async insertDeliveries(em: EntityManager, tenantId: string, now: Date, rows: { endpointId: string; seq: number; loggedAt: Date; kind: string }[]): Promise<void> {
    if (!rows.length) return;
    await em.execute(
      `insert into webhook_delivery (tenant_id, id, created_at, endpoint_id, log_seq, logged_at, event_kind, status, attempts, next_attempt_at)
       select ?, gen_random_uuid(), ?, x.e, x.s, x.t, x.k, '${DeliveryStatus.PENDING}', 0, ?
       from unnest(?::uuid[], ?::bigint[], ?::timestamptz[], ?::text[]) as x(e, s, t, k)
       on conflict do nothing`,
      [tenantId, now, now, `{${rows.map((r) => r.endpointId).join(',')}}`, `{${rows.map((r) => r.seq).join(',')}}`,
        `{${rows.map((r) => `"${r.loggedAt.toISOString()}"`).join(',')}}`, `{${rows.map((r) => `"${r.kind}"`).join(',')}}`],
    );
  },

  async advanceCursor(em: EntityManager, tenantId: string, seq: number): Promise<void> {
    await em.execute(`update outbox_cursor set seq = greatest(seq, ?) where tenant_id = ?`, [seq, tenantId]);
  },

  /**
   * Claims due deliveries in two statements of one transaction. The first
   * locks up to `endpoints` enabled endpoints whose oldest pending delivery is
   * due and not leased (rows other workers lock are skipped); the lock is held
   * until commit, so the second statement, whose snapshot starts after it was
   * granted, sees every lease another worker committed for those endpoints.
   * The second leases each one's prefix: up to `perEndpoint` pending
   * deliveries in log order, stopping before the first one not due or still
   * leased (per-endpoint order is log order), the attempt counted before
   * anything is sent.
   */
  async claim(em: EntityManager, tenantId: string, now: Date, leaseMs: number, endpoints: number, perEndpoint: number): Promise<ClaimedRow[]> {
    const locked = await em.execute<{ id: string }[]>(
      `select e.id from webhook_endpoint e
       cross join lateral (
         select h.log_seq, h.next_attempt_at, h.lease_until from webhook_delivery h
         where h.tenant_id = e.tenant_id and h.endpoint_id = e.id and h.status = '${DeliveryStatus.PENDING}'
         order by h.log_seq limit 1
       ) head
       where e.tenant_id = ? and e.enabled and e.deleted_at is null
         and head.next_attempt_at <= ? and (head.lease_until is null or head.lease_until <= ?)
       order by head.log_seq limit ? for no key update of e skip locked`,
      [tenantId, now, now, endpoints],
    );
    if (!locked.length) return [];
    const rows = await em.execute<ClaimedRow[]>(
      `update webhook_delivery d set lease_until = ?::timestamptz + (? * interval '1 millisecond'), attempts = d.attempts + 1
       from (
         select p.id from unnest(?::uuid[]) as e(id)
         cross join lateral (
           select q.id, bool_and(q.ready) over (order by q.log_seq) as in_prefix from (
             select c.id, c.log_seq, (c.next_attempt_at <= ? and (c.lease_until is null or c.lease_until <= ?)) as ready
             from webhook_delivery c
             where c.tenant_id = ? and c.endpoint_id = e.id and c.status = '${DeliveryStatus.PENDING}'
             order by c.log_seq limit ?
           ) q
         ) p
         where p.in_prefix
       ) picked
       where d.tenant_id = ? and d.id = picked.id and d.status = '${DeliveryStatus.PENDING}'
       returning d.id, d.endpoint_id, d.log_seq, d.logged_at, d.event_kind, d.attempts, d.payload`,
      [now, leaseMs, `{${locked.map((r) => r.id).join(',')}}`, now, now, tenantId, perEndpoint, tenantId],
    );
    return rows
      .map((r) => ({ ...r, log_seq: Number(r.log_seq), logged_at: new Date(r.logged_at) }))
      .sort((a, b) => (a.endpoint_id === b.endpoint_id ? a.log_seq - b.log_seq : a.endpoint_id < b.endpoint_id ? -1 : 1));
  },

  /** The entries a render appended under its request id (after the entry it rendered). */
  async readsLoggedBy(em: EntityManager, tenantId: string, afterSeq: number, requestId: string): Promise<{ action: string; target_type: string | null; target_id: string | null; incident_id: string | null; reason: string | null }[]> {
    return em.execute(
      `select action, target_type, target_id, incident_id, reason from log_entry where tenant_id = ? and seq > ? and request_id = ? order by seq`,
      [tenantId, afterSeq, requestId],
    );
  },

  async storePayload(em: EntityManager, tenantId: string, deliveryId: string, payload: string | null): Promise<void> {
    if (payload === null) {
      await em.execute(
        `update webhook_delivery set status = '${DeliveryStatus.SKIPPED}', lease_until = null where tenant_id = ? and id = ?`,
        [tenantId, deliveryId],
      );
    } else {
      await em.execute(`update webhook_delivery set payload = ? where tenant_id = ? and id = ?`, [payload, tenantId, deliveryId]);
    }
  },

  /** Bodies reused from another endpoint's render (null: SKIPPED), in one statement. */
  async storePayloads(em: EntityManager, tenantId: string, rows: { id: string; payload: string | null }[]): Promise<void> {
    if (!rows.length) return;
    await em.execute(
      `update webhook_delivery d set payload = x.payload,
         status = case when x.payload is null then '${DeliveryStatus.SKIPPED}' else d.status end,
         lease_until = case when x.payload is null then null else d.lease_until end
       from jsonb_to_recordset(?::jsonb) as x(id uuid, payload text)
       where d.tenant_id = ? and d.id = x.id`,
      [JSON.stringify(rows), tenantId],
    );
  },

  /** The claimed endpoints' sending details, in one statement. */
  async endpointsForSend(em: EntityManager, tenantId: string, ids: string[]): Promise<Map<string, EndpointForSend>> {
    const rows = await em.execute<(EndpointForSend & { id: string })[]>(
      `select id, url, role_id, secret, previous_secret, previous_secret_until from webhook_endpoint where tenant_id = ? and id = any(?::uuid[])`,
      [tenantId, `{${ids.join(',')}}`],
    );
    return new Map(rows.map(({ id, ...r }) => [id, { ...r, previous_secret_until: r.previous_secret_until ? new Date(r.previous_secret_until) : null }]));
  },

  /**
   * A claim round's end, in one statement: every attempt recorded, each
   * attempted delivery settled if this attempt still holds it (`attempts`
   * unchanged since the claim; otherwise another worker took it over), and
   * the deliveries not attempted after all released (lease dropped, attempt
   * uncounted). Returns the ids settled.
   */
  async settleRound(
    em: EntityManager,
    tenantId: string,
    at: Date,
    attempted: { id: string; attempt: number; startedAt: Date; durationMs: number; statusCode: number | null; excerpt: string | null; error: string | null; success: boolean; status: DeliveryStatus; nextAttemptAt: Date | null }[],
    released: { id: string; attempt: number }[],
  ): Promise<Set<string>> {
    if (!attempted.length && !released.length) return new Set();
    const rows = await em.execute<{ id: string }[]>(
      `with x as (
         select * from jsonb_to_recordset(?::jsonb) as x(id uuid, attempt int, started_at timestamptz, duration_ms int, status_code int,
           excerpt text, error text, success boolean, status text, next_attempt_at timestamptz)
       ), a as (
         insert into webhook_attempt (tenant_id, id, created_at, delivery_id, attempt, started_at, duration_ms, status_code, response_excerpt, error, success)
         select ?::uuid, gen_random_uuid(), x.started_at, x.id, x.attempt, x.started_at, x.duration_ms, x.status_code, x.excerpt, x.error, x.success from x
       ), r as (
         update webhook_delivery d set lease_until = null, attempts = d.attempts - 1
         from jsonb_to_recordset(?::jsonb) as y(id uuid, attempt int)
         where d.tenant_id = ? and d.id = y.id and d.attempts = y.attempt and d.status = '${DeliveryStatus.PENDING}'
       )
       update webhook_delivery d set status = x.status, lease_until = null, next_attempt_at = coalesce(x.next_attempt_at, d.next_attempt_at),
         last_status_code = x.status_code,
         delivered_at = case when x.status = '${DeliveryStatus.DELIVERED}' then ?::timestamptz else d.delivered_at end
       from x where d.tenant_id = ? and d.id = x.id and d.attempts = x.attempt
       returning d.id`,
      [
        JSON.stringify(attempted.map((t) => ({
          id: t.id, attempt: t.attempt, started_at: t.startedAt.toISOString(), duration_ms: t.durationMs, status_code: t.statusCode,
          excerpt: t.excerpt, error: t.error, success: t.success, status: t.status, next_attempt_at: t.nextAttemptAt?.toISOString() ?? null,
        }))),
        tenantId, JSON.stringify(released), tenantId, at, tenantId,
      ],
    );
    return new Set(rows.map((r) => r.id));
  },
};
