import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, superuserClient } from '../support/db.js';
import { spawnServer, startCluster, type Cluster, type ServerProcess } from '../support/processes.js';
import { addMember, createUnit, login, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { EventSubscription, WsSession, waitUntil } from '../support/ws.js';
import { INCIDENT_EVENTS_FULL, acknowledge, addReport, reportIncident } from '../support/realtime.js';
import { TEST_LEVELS, publishPlan } from '../support/incidents.js';
import { parseGlobalId } from '../../src/platform/ids.js';
import { IncidentEventKind } from '../../src/modules/incident/incident.model.js';

// Two real API processes (node dist/src/main.js) on one database.
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let cluster: Cluster;
let A: ServerProcess;
let B: ServerProcess;
let platform: { email: string; token: string };
let tenant: TenantFixture;
type M = { memberId: string; token: string; email: string };
let writer: M;
const sessions: WsSession[] = [];

/** Generous: two or three API processes share the machine with the rest of the suite (never a speed assertion). */
const SLOW = 240_000;

const seqOf = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))[1] as number;
const tenantOf = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))[0] as string;

async function connect(server: ServerProcess, token: string): Promise<WsSession> {
  const s = new WsSession(server.wsUrl, token);
  sessions.push(s);
  await s.connected();
  return s;
}

/** Strictly increasing log positions: in order, nothing twice. */
function expectInOrder(sub: EventSubscription): void {
  const seqs = sub.cursors().map(seqOf);
  for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!);
}

const OWN_KINDS = Object.values(IncidentEventKind).filter((k) => k !== IncidentEventKind.TASK_ASSIGNED);

/** A first event proves the subscription is registered on that process. */
async function primed(server: ServerProcess, token: string, variables: Record<string, unknown> = {}): Promise<{ session: WsSession; sub: EventSubscription; incident: string }> {
  const session = await connect(server, token);
  // The entries' own events: the report's TASK_ASSIGNED events would arrive after the first and shift the counts.
  const sub = session.subscribe(INCIDENT_EVENTS_FULL, { filter: { kinds: OWN_KINDS }, ...variables });
  const incident = await reportIncident(A.url, writer.token, tenant.rootUnitId);
  // The subscription may register just after that report: then a second change proves it.
  for (let i = 0; sub.events.length === 0 && i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    if (i % 10 === 9) await addReport(A.url, writer.token, incident, '确认订阅');
  }
  await sub.waitFor(1);
  return { session, sub, incident };
}

beforeAll(async () => {
  db = await createTestDatabase();
  cluster = await startCluster({ databaseUrl: db.url, count: 2 });
  [A, B] = cluster.servers as [ServerProcess, ServerProcess];
  platform = await platformAdmin(cluster.server(0));
  tenant = await provisionTenant(cluster.server(0), platform.token, 'TOWNSHIP');
  await publishPlan(cluster.server(0), tenant, TEST_LEVELS);
  writer = await addMember(cluster.server(0), tenant, ['MEMBER']);
});

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.dispose().catch(() => undefined)));
  await cluster?.stop();
  await db?.drop();
});

describe('across instances', () => {
  it('a client on B sees a mutation made on A', async () => {
    const watcher = await addMember(cluster.server(0), tenant, ['LIAISON']);
    const { sub } = await primed(B, watcher.token);
    const incident = await reportIncident(A.url, writer.token, tenant.rootUnitId, { summary: '在A上报告，在B上看到' });
    await acknowledge(A.url, writer.token, incident);
    await waitUntil(() => sub.events.some((e) => e.incidentId === incident && e.kind === 'ACKNOWLEDGED'), 'the events on B');
    const mine = sub.events.filter((e) => e.incidentId === incident);
    expect(mine.map((e) => e.kind)).toEqual(['REPORTED', 'ACKNOWLEDGED']);
    expect(mine[0].incident.summary).toBe('在A上报告，在B上看到');
    expectInOrder(sub);
  }, SLOW);

  it('a client killed mid-stream resumes with its last cursor: exactly the 50 changes it missed, in order', async () => {
    const watcher = await addMember(cluster.server(0), tenant, ['LIAISON']);
    const { session, sub, incident } = await primed(B, watcher.token);
    const base = sub.events.length;
    for (let i = 0; i < 10; i++) await addReport(A.url, writer.token, incident, `断线前第${i}次`);
    await waitUntil(() => sub.events.length >= base + 10, 'the stream');
    const last = sub.lastCursor()!;
    session.terminate();
    await session.closed();
    const missed: string[] = [];
    for (let i = 0; i < 50; i++) {
      const body = `断线期间第${i}次`;
      await addReport(A.url, writer.token, incident, body);
      missed.push(body);
    }
    const again = await connect(B, watcher.token);
    const resumed = again.subscribe(INCIDENT_EVENTS_FULL, { after: last });
    await resumed.waitFor(50);
    // Then live, on the same subscription, without a duplicate at the seam.
    await addReport(A.url, writer.token, incident, '重连之后');
    await resumed.waitFor(51);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(resumed.events).toHaveLength(51);
    expect(resumed.events.every((e) => e.kind === 'REPORT_ADDED' && e.incidentId === incident)).toBe(true);
    expect(seqOf(resumed.events[0].cursor)).toBeGreaterThan(seqOf(last));
    expect(new Set(resumed.cursors()).size).toBe(51);
    expectInOrder(resumed);
  }, SLOW);

  it('a client killed in the middle of a burst loses nothing and sees nothing twice', async () => {
    const watcher = await addMember(cluster.server(0), tenant, ['LIAISON']);
    const { session, sub, incident } = await primed(B, watcher.token);
    const start = sub.lastCursor()!;
    const base = sub.events.length;
    let writing = true;
    const burst = (async () => {
      for (let i = 0; writing || i < 40; i++) await addReport(A.url, writer.token, incident, `连发第${i}次`);
    })();
    await waitUntil(() => sub.events.length >= base + 8, 'part of the burst');
    session.terminate();
    const before = sub.events.slice(base);
    writing = false;
    await burst;
    const again = await connect(B, watcher.token);
    const resumed = again.subscribe(INCIDENT_EVENTS_FULL, { after: sub.lastCursor() });
    // Everything after `start`, read behind the API's back.
    const su = await superuserClient(db.url);
    const { rows } = await su.query<{ seq: string }>(
      `select seq from log_entry where tenant_id = $1 and incident_id = $2 and event is not null and seq > $3 order by seq`,
      [parseGlobalId(tenant.id)!.id, parseGlobalId(incident)!.id, seqOf(start)],
    );
    await su.end();
    await resumed.waitFor(rows.length - before.length);
    await new Promise((r) => setTimeout(r, 1_000));
    const seen = [...before, ...resumed.events].map((e) => seqOf(e.cursor));
    expect(seen).toEqual(rows.map((r) => Number(r.seq)));
  }, SLOW);

  it('the same after the server process itself was restarted (crash and graceful stop)', async () => {
    const watcher = await addMember(cluster.server(0), tenant, ['LIAISON']);
    const { session, sub, incident } = await primed(B, watcher.token);
    let last = sub.lastCursor()!;

    await B.kill();
    expect((await session.closed()).code).toBe(1006);
    for (let i = 0; i < 50; i++) await addReport(A.url, writer.token, incident, `B宕机期间第${i}次`);
    await B.restart();
    let again = await connect(B, watcher.token);
    let resumed = again.subscribe(INCIDENT_EVENTS_FULL, { after: last });
    await resumed.waitFor(50);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(resumed.events).toHaveLength(50);
    expect(new Set(resumed.cursors()).size).toBe(50);
    expectInOrder(resumed);
    expect(seqOf(resumed.events[0].cursor)).toBeGreaterThan(seqOf(last));

    last = resumed.lastCursor()!;
    const stopping = B.stop();
    expect((await again.closed()).code).toBe(1001);
    await stopping;
    for (let i = 0; i < 50; i++) await addReport(A.url, writer.token, incident, `B重启期间第${i}次`);
    await B.restart();
    again = await connect(B, watcher.token);
    resumed = again.subscribe(INCIDENT_EVENTS_FULL, { after: last });
    await resumed.waitFor(50);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(resumed.events).toHaveLength(50);
    expectInOrder(resumed);
  }, SLOW);

  it('a dropped LISTEN connection is re-established and what happened meanwhile is delivered', async () => {
    const watcher = await addMember(cluster.server(0), tenant, ['LIAISON']);
    const { sub, incident } = await primed(B, watcher.token);
    const su = await superuserClient(db.url);
    const listeners = async () =>
      (await su.query<{ pid: number }>(`select pid from pg_stat_activity where application_name = 'xinfang-log-listener' and datname = current_database()`)).rows.map((r) => r.pid);
    const pidsBefore = await listeners();
    expect(pidsBefore).toHaveLength(2);
    // Cut both instances' listeners, write at once (likely before they are back), then again after.
    await su.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'xinfang-log-listener' and datname = current_database()`);
    const count = sub.events.length;
    for (let i = 0; i < 5; i++) await addReport(A.url, writer.token, incident, `监听中断期间第${i}次`);
    await waitUntil(async () => {
      const now = await listeners();
      return now.length === 2 && now.every((p) => !pidsBefore.includes(p));
    }, 'new listener connections');
    await su.end();
    await sub.waitFor(count + 5);
    await addReport(A.url, writer.token, incident, '恢复之后');
    await sub.waitFor(count + 6);
    expectInOrder(sub);
  }, SLOW);
});

describe('closing sockets across instances', () => {
  it('closes at token expiry (4401), on logout (4401) and on membership removal (4403), wherever the change was made', async () => {
    const shortLived = await spawnServer({ databaseUrl: db.url, env: { ACCESS_TOKEN_TTL_SECONDS: '4' }, name: 'api-short-ttl' });
    try {
      const expiring = await addMember(cluster.server(0), tenant, ['LIAISON']);
      const { accessToken } = await login({ url: shortLived.url } as never, expiring.email, undefined, tenant.slug);
      const s1 = new WsSession(shortLived.wsUrl, accessToken);
      sessions.push(s1);
      await s1.connected();
      const t1 = Date.now();
      const c1 = await s1.closed();
      expect(c1.code).toBe(4401);
      console.info(`token expiry closed the socket ${Date.now() - t1} ms after connect (token lives 4 s)`);
    } finally {
      await shortLived.stop();
    }

    const leaving = await addMember(cluster.server(0), tenant, ['LIAISON']);
    const s2 = await connect(B, leaving.token);
    s2.subscribe(INCIDENT_EVENTS_FULL);
    const t2 = Date.now();
    await ok(A.url, 'mutation { logout { revokedSessions userErrors { code } } }', {}, leaving.token);
    expect((await s2.closed()).code).toBe(4401);
    console.info(`logout on A closed the socket on B after ${Date.now() - t2} ms`);

    const removed = await addMember(cluster.server(0), tenant, ['LIAISON']);
    const s3 = await connect(B, removed.token);
    s3.subscribe(INCIDENT_EVENTS_FULL);
    const t3 = Date.now();
    await ok(A.url, `mutation($input: RemoveMemberInput!) { removeMember(input: $input) { member { id } userErrors { code } } }`, { input: { memberId: removed.memberId } }, tenant.adminToken);
    expect((await s3.closed()).code).toBe(4403);
    console.info(`membership removal on A closed the socket on B after ${Date.now() - t3} ms`);
  }, SLOW);
});

describe('tenant isolation', () => {
  it('a socket never receives another tenant\'s events (fuzz: several tenants, random mutations on both instances)', async () => {
    interface T { fixture: TenantFixture; uuid: string; village: string; writer: M; incidents: { id: string; unit: string }[] }
    interface Watcher { tenant: T; scope: 'root' | 'village'; sub: EventSubscription }
    const tenants: T[] = [];
    for (let i = 0; i < 3; i++) {
      const fixture = await provisionTenant(cluster.server(0), platform.token, 'TOWNSHIP');
      const village = await createUnit(cluster.server(0), fixture.adminToken, fixture.rootUnitId, '村', 'VILLAGE');
      tenants.push({ fixture, uuid: parseGlobalId(fixture.id)!.id, village, writer: await addMember(cluster.server(0), fixture, ['MEMBER']), incidents: [] });
    }
    const watchers: Watcher[] = [];
    for (const t of tenants) {
      for (const [scope, unit] of [['root', t.fixture.rootUnitId], ['village', t.village]] as const) {
        const m = await addMember(cluster.server(0), t.fixture, ['LIAISON'], unit);
        for (const server of [A, B]) {
          const s = await connect(server, m.token);
          watchers.push({ tenant: t, scope, sub: s.subscribe(INCIDENT_EVENTS_FULL) });
        }
      }
    }
    await waitUntil(() => watchers.every((w) => w.sub.errors.length === 0), 'subscriptions');
    await new Promise((r) => setTimeout(r, 1_500));

    // Random operations, four at a time, through either instance.
    let seed = 20261123;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <X>(xs: X[]) => xs[Math.floor(random() * xs.length)]!;
    const done: { tenant: T; incident: string; unit: string; kind: string }[] = [];
    const op = async () => {
      const t = pick(tenants);
      const via = pick([A, B]);
      if (!t.incidents.length || random() < 0.35) {
        const unit = random() < 0.5 ? t.fixture.rootUnitId : t.village;
        const id = await reportIncident(via.url, t.writer.token, unit);
        t.incidents.push({ id, unit });
        done.push({ tenant: t, incident: id, unit, kind: 'REPORTED' });
      } else {
        const i = pick(t.incidents);
        await addReport(via.url, t.writer.token, i.id, `随机报告${Math.floor(random() * 1000)}`);
        done.push({ tenant: t, incident: i.id, unit: i.unit, kind: 'REPORT_ADDED' });
      }
    };
    for (let round = 0; round < 15; round++) await Promise.all([op(), op(), op(), op()]);

    const expected = (w: Watcher) =>
      done
        .filter((d) => d.tenant === w.tenant && (w.scope === 'root' || d.unit === w.tenant.village))
        .map((d) => `${d.incident}:${d.kind}`)
        .sort();
    for (const w of watchers) await w.sub.waitFor(expected(w).length, 30_000);
    await new Promise((r) => setTimeout(r, 1_500));
    for (const w of watchers) {
      const ownIncidents = new Set(w.tenant.incidents.map((i) => i.id));
      for (const e of w.sub.events) {
        expect(tenantOf(e.cursor)).toBe(w.tenant.uuid);
        expect(ownIncidents.has(e.incidentId)).toBe(true);
        expect(e.incident.id).toBe(e.incidentId);
        if (w.scope === 'village') expect(e.incident.unit.id).toBe(w.tenant.village);
      }
      expect(w.sub.events.map((e) => `${e.incidentId}:${e.kind}`).sort()).toEqual(expected(w));
      expectInOrder(w.sub);
    }
  }, SLOW);
});
