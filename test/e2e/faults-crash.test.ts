import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, superuserClient } from '../support/db.js';
import { startCluster, type Cluster, type ServerProcess } from '../support/processes.js';
import { addMember, gql, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, publishPlan, raw, reportInput } from '../support/incidents.js';
import { EventSubscription, WsSession, waitUntil } from '../support/ws.js';
import { INCIDENT_EVENTS_FULL, addReport, reportIncident } from '../support/realtime.js';
import { checkIntegrity, incidentEventSeqs, seqOfCursor, verifyTenantChain, type AcknowledgedMutation } from '../support/fault-checks.js';

// kill -9 of one API process while clients stream mutations at it: what a
// client saw succeed is stored whole, nothing is half written, the chain
// verifies, and a subscriber on the other process misses nothing.
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let cluster: Cluster;
let A: ServerProcess;
let B: ServerProcess;
let tenant: TenantFixture;
let writer: { token: string };
let watcher: { token: string };
let session: WsSession;
let su: pg.Client;

const SLOW = 120_000;

beforeAll(async () => {
  db = await createTestDatabase();
  cluster = await startCluster({ databaseUrl: db.url, count: 2 });
  [A, B] = cluster.servers as [ServerProcess, ServerProcess];
  const platform = await platformAdmin(cluster.server(1));
  tenant = await provisionTenant(cluster.server(1), platform.token, 'TOWNSHIP');
  await publishPlan(cluster.server(1), tenant, TEST_LEVELS);
  writer = await addMember(cluster.server(1), tenant, ['MEMBER']);
  watcher = await addMember(cluster.server(1), tenant, ['LIAISON']);
  su = await superuserClient(db.url);
});

afterAll(async () => {
  await session?.dispose().catch(() => undefined);
  await su?.end();
  await cluster?.stop();
  await db?.drop();
});

/** One client's stream at A: report, acknowledge, add a report; stops at the first transport failure. */
async function stream(seen: AcknowledgedMutation[]): Promise<void> {
  const call = async (query: string, input: Record<string, unknown>) => {
    const res = await gql<any>(A.url, query, { input }, writer.token);
    const payload = res.data ? (Object.values(res.data)[0] as { userErrors?: unknown[] } | null) : null;
    return res.status === 200 && !res.errors?.length && payload && !payload.userErrors?.length ? payload : null;
  };
  try {
    for (;;) {
      const reported = (await call(REPORT_INCIDENT, reportInput(tenant.rootUnitId))) as { incident: { id: string } } | null;
      if (!reported) continue;
      const id = reported.incident.id;
      seen.push({ kind: 'REPORTED', incidentId: raw(id) });
      if (await call(`mutation($input: AcknowledgeIncidentInput!) { acknowledgeIncident(input: $input) { incident { id } userErrors { code } } }`, { incidentId: id })) {
        seen.push({ kind: 'ACKNOWLEDGED', incidentId: raw(id) });
      }
      if (await call(`mutation($input: AddIncidentReportInput!) { addIncidentReport(input: $input) { report { id } userErrors { code } } }`, { incidentId: id, kind: 'SITUATION', body: '现场平稳' })) {
        seen.push({ kind: 'REPORT_ADDED', incidentId: raw(id) });
      }
    }
  } catch {
    // The process is gone: the connection was refused or reset.
  }
}

describe('kill -9 mid-stream', () => {
  it('keeps every acknowledged mutation whole, the chain intact and the other instance\'s subscribers complete', async () => {
    session = new WsSession(B.wsUrl, watcher.token);
    await session.connected();
    const sub: EventSubscription = session.subscribe(INCIDENT_EVENTS_FULL);
    // A first event proves the subscription is registered on B.
    const probe = await reportIncident(B.url, writer.token, tenant.rootUnitId);
    for (let i = 0; sub.events.length === 0 && i < 40; i++) {
      await new Promise((r) => setTimeout(r, 250));
      await addReport(B.url, writer.token, probe, `确认订阅${i}`);
    }
    await sub.waitFor(1);
    const startSeq = seqOfCursor(sub.events[0].cursor) - 1;

    const seen: AcknowledgedMutation[] = [];
    // Four clients keep requests in flight at A when it dies.
    const clients = Array.from({ length: 4 }, () => stream(seen));
    await waitUntil(() => seen.length >= 40, '40 acknowledged mutations', 60_000);
    await A.kill();
    await Promise.all(clients);
    expect(A.running).toBe(false);
    expect(B.running).toBe(true);

    // B keeps serving writes; the subscriber sees them after the crash too.
    const after = await reportIncident(B.url, writer.token, tenant.rootUnitId, { summary: '崩溃之后' });
    await waitUntil(() => sub.events.some((e) => e.incidentId === after), 'the event written after the crash');
    seen.push({ kind: 'REPORTED', incidentId: raw(after) });

    const integrity = await checkIntegrity(su, raw(tenant.id), seen);
    expect(integrity.missing).toEqual([]);
    expect(integrity.halfWritten).toEqual([]);
    expect(integrity.acknowledged).toBeGreaterThanOrEqual(41);

    const chain = await verifyTenantChain(cluster.deps, raw(tenant.id));
    expect(chain.reason).toBeNull();
    expect(chain.ok).toBe(true);

    const expected = await incidentEventSeqs(su, raw(tenant.id), startSeq);
    // A report's TASK_ASSIGNED events are derived from its entry and share its cursor: one entry, one cursor here.
    const entryCursors = () => sub.cursors().filter((c, i, all) => c !== all[i - 1]);
    await waitUntil(() => entryCursors().length >= expected.length, `${expected.length} events on B (have ${entryCursors().length})`);
    expect(entryCursors().map(seqOfCursor)).toEqual(expected);
    expect(sub.errors).toEqual([]);
  }, SLOW);
});
