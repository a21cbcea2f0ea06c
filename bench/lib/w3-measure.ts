// W3's checks and figures: what each subscriber should have received, read
// from the log behind the API's back (superuser), against what it did receive.
import type pg from 'pg';
import type { W3Client, W3Tenant } from './w3-setup.js';
import type { Received } from './w3-subscribers.js';
import { IncidentEventKind } from '../../src/modules/incident/incident.model.js';

export interface LogEvent {
  seq: number;
  kind: string;
  /** Tasks the entry created with an assignee: each is also a TASK_ASSIGNED event under the entry's cursor. */
  assigned: number;
  requestId: string | null;
  /** log_entry.created_at (the event's `time`), wall-clock ms. */
  createdMs: number;
  unitPath: string;
  excluded: Set<string>;
}

export async function readHeads(db: pg.Client, tenants: W3Tenant[]): Promise<number[]> {
  const { rows } = await db.query<{ tenant_id: string; seq: string }>('select tenant_id, seq from log_head where tenant_id = any($1::uuid[])', [tenants.map((t) => t.uuid)]);
  const byId = new Map(rows.map((r) => [r.tenant_id, Number(r.seq)]));
  return tenants.map((t) => byId.get(t.uuid) ?? 0);
}

/** The incident events of each tenant with from < seq <= to, in log order, with their routing facts. */
export async function readEvents(db: pg.Client, tenants: W3Tenant[], from: number[], to: number[]): Promise<LogEvent[][]> {
  const kinds = Object.values(IncidentEventKind);
  const out: LogEvent[][] = [];
  // One client: one statement at a time.
  for (const [i, t] of tenants.entries()) {
    const { rows } = await db.query<{ seq: string; event: string; assigned: string; request_id: string | null; created_ms: string; unit_path: string; excluded: string[] | null }>(
        `select l.seq, l.event, l.request_id,
                case when l.event in ('TASK_ASSIGNED', 'TASK_REASSIGNED') then 0 else
                  (select count(*) from jsonb_array_elements(coalesce(l.changes, '[]'::jsonb)) t(c)
                    where t.c->>'type' = 'IncidentTask' and t.c->>'op' = 'create' and coalesce(t.c->'after'->>'assignee', '') <> '')
                end as assigned, extract(epoch from l.created_at) * 1000 as created_ms, u.path as unit_path,
                array(select x.member_id from incident_exclusion x where x.tenant_id = l.tenant_id and x.incident_id = l.incident_id) as excluded
           from log_entry l
           join incident i on i.tenant_id = l.tenant_id and i.id = l.incident_id
           join unit u on u.tenant_id = i.tenant_id and u.id = i.unit_id
          where l.tenant_id = $1 and l.seq > $2 and l.seq <= $3 and l.event = any($4::text[])
          order by l.seq`,
        [t.uuid, from[i], to[i], kinds],
      );
    out.push(rows.map((r) => ({ seq: Number(r.seq), kind: r.event, assigned: Number(r.assigned), requestId: r.request_id, createdMs: Number(r.created_ms), unitPath: r.unit_path, excluded: new Set(r.excluded ?? []) })));
  }
  return out;
}

/** Unit path of every subscribing member, by member uuid. */
export async function memberPaths(db: pg.Client, tenants: W3Tenant[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; path: string }>(
    'select m.id, u.path from member m join unit u on u.tenant_id = m.tenant_id and u.id = m.unit_id where m.tenant_id = any($1::uuid[])',
    [tenants.map((t) => t.uuid)],
  );
  return new Map(rows.map((r) => [r.id, r.path]));
}

export function decodeCursor(cursor: string): { tenantId: string; seq: number } {
  const [tenantId, seq] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, number];
  return { tenantId, seq };
}

function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function median(values: number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

export interface Latency {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

export function latencyOf(samples: number[]): Latency {
  const sorted = Float64Array.from(samples).sort();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.length ? sorted[sorted.length - 1]! : NaN, count: sorted.length };
}

export interface Delivery {
  expected: number;
  delivered: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  /** Events of another tenant, or that the member may not see, or outside the run. */
  unexpected: number;
  /** Subscribers that saw an error, a completion or a closed socket. */
  broken: number;
  sampleProblems: string[];
  /** From the log entry's `time` (insert, before commit) to receipt: an upper bound on commit-to-client. */
  fromTime: Latency;
  /** From the mutation's HTTP response at the driver (after commit) to receipt: a lower bound. */
  fromResponse: Latency;
  fromTimeByInstance: Latency[];
  /** Last receipt of the run (wall-clock ms). */
  lastReceipt: number;
}

/**
 * Checks every subscriber got exactly the events of its tenant it may see
 * (unit subtree, not excluded), each once, in cursor order, and measures the
 * delay of each delivery.
 */
export function evaluate(options: {
  tenants: W3Tenant[];
  clients: W3Client[];
  received: Received[];
  events: LogEvent[][];
  paths: Map<string, string>;
  respondedAt: Map<string, number>;
  instances: number;
}): Delivery {
  const { tenants, clients, received, events, paths, respondedAt } = options;
  const out: Delivery = {
    expected: 0, delivered: 0, lost: 0, duplicated: 0, outOfOrder: 0, unexpected: 0, broken: 0, sampleProblems: [],
    fromTime: latencyOf([]), fromResponse: latencyOf([]), fromTimeByInstance: [], lastReceipt: 0,
  };
  const note = (s: string) => out.sampleProblems.length < 5 && out.sampleProblems.push(s);
  const fromTime: number[] = [];
  const fromResponse: number[] = [];
  const byInstance: number[][] = Array.from({ length: options.instances }, () => []);
  const bySeq = events.map((list) => new Map(list.map((e) => [e.seq, e])));
  const byKey = new Map(received.map((r) => [r.key, r]));
  for (const client of clients) {
    const tenant = tenants[client.tenant]!;
    const member = tenant.subscribers[client.member]!;
    const memberUuid = member.uuid;
    const path = paths.get(memberUuid);
    const want = events[client.tenant]!.filter((e) => path !== undefined && e.unitPath.startsWith(path) && !e.excluded.has(memberUuid));
    const got = byKey.get(client.key) ?? { key: client.key, cursors: [], kinds: [], receivedAt: [], errors: [], closed: null };
    if (got.errors.length || got.closed) {
      out.broken += 1;
      note(`${client.key}: ${got.closed ?? ''} ${got.errors[0] ?? ''}`);
    }
    // Each entry is its own event once, and a TASK_ASSIGNED event per task it assigned (same cursor).
    const allowed = new Map<string, number>();
    for (const e of want) {
      allowed.set(`${e.seq}:own`, 1);
      if (e.assigned) allowed.set(`${e.seq}:task`, e.assigned);
      out.expected += 1 + e.assigned;
    }
    const seen = new Map<string, number>();
    let last = -Infinity;
    got.cursors.forEach((cursor, i) => {
      const { tenantId, seq } = decodeCursor(cursor);
      const at = got.receivedAt[i]!;
      out.lastReceipt = Math.max(out.lastReceipt, at);
      const event = tenantId === tenant.uuid ? bySeq[client.tenant]!.get(seq) : undefined;
      const slot = event && got.kinds[i] === event.kind ? `${seq}:own` : event && got.kinds[i] === IncidentEventKind.TASK_ASSIGNED ? `${seq}:task` : null;
      const limit = slot ? allowed.get(slot) ?? 0 : 0;
      if (!event || !limit) {
        out.unexpected += 1;
        note(`${client.key}: unexpected ${tenantId === tenant.uuid ? '' : 'foreign '}seq ${seq} ${got.kinds[i] ?? ''}`);
        return;
      }
      const count = seen.get(slot!) ?? 0;
      if (count >= limit) {
        out.duplicated += 1;
        note(`${client.key}: seq ${seq} ${got.kinds[i]} twice`);
        return;
      }
      if (seq < last) out.outOfOrder += 1;
      last = seq;
      seen.set(slot!, count + 1);
      out.delivered += 1;
      fromTime.push(at - event.createdMs);
      byInstance[client.instance]!.push(at - event.createdMs);
      const responded = event.requestId ? respondedAt.get(event.requestId) : undefined;
      if (responded !== undefined) fromResponse.push(at - responded);
    });
    let lost = 0;
    for (const [slot, n] of allowed) lost += n - Math.min(n, seen.get(slot) ?? 0);
    if (lost) note(`${client.key}: ${lost} of ${[...allowed.values()].reduce((a, b) => a + b, 0)} events missing`);
    out.lost += lost;
  }
  out.fromTime = latencyOf(fromTime);
  out.fromResponse = latencyOf(fromResponse);
  out.fromTimeByInstance = byInstance.map(latencyOf);
  return out;
}
