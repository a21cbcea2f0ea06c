// graphql-ws subscribers of incidentEvents, each started from a known log
// position, and the check that each got exactly its tenant's events in order.
import pg from 'pg';
import { WsSession, type EventSubscription } from '../../test/support/ws.js';
import { INCIDENT_EVENTS_FULL } from '../../test/support/realtime.js';
import { incidentEventSeqs, seqOfCursor } from '../../test/support/fault-checks.js';
import type { ServerProcess } from '../../test/support/processes.js';
import type { SoakTenant } from './env.js';

export interface Subscriber {
  tenant: SoakTenant;
  server: ServerProcess;
  session: WsSession;
  sub: EventSubscription;
  /** Events after this log sequence are expected. */
  startSeq: number;
}

export interface SubscriberCheck {
  subscribers: number;
  expected: number;
  received: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  foreign: number;
  errors: number;
  closed: string[];
}

const tenantOfCursor = (cursor: string): string => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))[0] as string;
const cursorOf = (tenantId: string, seq: number) => Buffer.from(JSON.stringify([tenantId, seq]), 'utf8').toString('base64url');

export async function headSeq(db: pg.Client, tenantId: string): Promise<number> {
  const { rows } = await db.query<{ seq: string }>('select coalesce(max(seq), 0) as seq from log_entry where tenant_id = $1', [tenantId]);
  return Number(rows[0]!.seq);
}

/** `perServer` subscribers per tenant on each server, starting at the tenant's current log head. */
export async function subscribeAll(dbUrl: string, tenants: SoakTenant[], servers: ServerProcess[], perServer: number): Promise<Subscriber[]> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const out: Subscriber[] = [];
    for (const tenant of tenants) {
      const startSeq = await headSeq(db, tenant.id);
      for (const [i, server] of servers.entries()) {
        const watcher = tenant.watchers[i % tenant.watchers.length]!;
        for (let k = 0; k < perServer; k++) {
          const session = new WsSession(server.wsUrl, watcher.token);
          await session.connected();
          const sub = session.subscribe(INCIDENT_EVENTS_FULL, { after: cursorOf(tenant.id, startSeq) });
          out.push({ tenant, server, session, sub, startSeq });
        }
      }
    }
    return out;
  } finally {
    await db.end();
  }
}

/** Waits (bounded) for each subscriber to catch up with the log, then compares exactly. */
export async function checkSubscribers(dbUrl: string, subscribers: Subscriber[], waitMs = 60_000): Promise<SubscriberCheck> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const result: SubscriberCheck = { subscribers: subscribers.length, expected: 0, received: 0, lost: 0, duplicated: 0, outOfOrder: 0, foreign: 0, errors: 0, closed: [] };
  try {
    const expectedByTenant = new Map<string, Map<number, number[]>>();
    const deadline = Date.now() + waitMs;
    for (const s of subscribers) {
      let perStart = expectedByTenant.get(s.tenant.id);
      if (!perStart) expectedByTenant.set(s.tenant.id, (perStart = new Map()));
      let expected = perStart.get(s.startSeq);
      if (!expected) perStart.set(s.startSeq, (expected = await incidentEventSeqs(db, s.tenant.id, s.startSeq)));
      const last = expected[expected.length - 1] ?? s.startSeq;
      while (Date.now() < deadline && !s.session.closedWith && !s.sub.errors.length && !s.sub.events.some((e) => seqOfCursor(e.cursor) >= last)) {
        await new Promise((r) => setTimeout(r, 50));
      }
      result.foreign += s.sub.events.filter((e) => tenantOfCursor(e.cursor) !== s.tenant.id).length;
      const got = s.sub.events.filter((e) => tenantOfCursor(e.cursor) === s.tenant.id && seqOfCursor(e.cursor) <= last);
      const seqs = got.map((e) => seqOfCursor(e.cursor));
      const want = new Set(expected);
      const have = new Set(seqs);
      result.expected += expected.length;
      result.received += seqs.length;
      result.lost += expected.filter((q) => !have.has(q)).length;
      result.duplicated += seqs.length - have.size;
      result.foreign += seqs.filter((q) => !want.has(q)).length;
      for (let i = 1; i < seqs.length; i++) if (seqs[i]! <= seqs[i - 1]!) result.outOfOrder += 1;
      result.errors += s.sub.errors.length;
      if (s.session.closedWith) result.closed.push(`${s.server.name}: ${s.session.closedWith.code} ${s.session.closedWith.reason}`);
    }
    return result;
  } finally {
    await db.end();
  }
}

export async function disposeAll(subscribers: Subscriber[]): Promise<void> {
  await Promise.all(subscribers.map((s) => s.session.dispose().catch(() => undefined)));
}
