import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster, type ServerProcess } from '../support/processes.js';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-pg.js';
import { addMember, gql, login, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { TEST_LEVELS, publishPlan } from '../support/incidents.js';
import { EventSubscription, WsSession, waitUntil } from '../support/ws.js';
import { INCIDENT_EVENTS_FULL, acknowledge, addReport, reportIncident } from '../support/realtime.js';

// PostgreSQL goes away under a running API process and comes back: the
// process answers with codes meanwhile and recovers without a restart.
// Its own embedded PostgreSQL: the run's shared server must not be stopped.
let pg: PrivatePostgres;
let cluster: Cluster;
let api: ServerProcess;
let tenant: TenantFixture;
let member: { email: string; token: string };
let session: WsSession;

const SLOW = 120_000;

async function readyStatus(): Promise<number> {
  return (await fetch(`http://127.0.0.1:${api.port}/readyz`)).status;
}

beforeAll(async () => {
  pg = await startPrivatePostgres();
  cluster = await startCluster({ databaseUrl: pg.url, count: 1 });
  api = cluster.servers[0]!;
  const platform = await platformAdmin(cluster.server(0));
  tenant = await provisionTenant(cluster.server(0), platform.token, 'TOWNSHIP');
  await publishPlan(cluster.server(0), tenant, TEST_LEVELS);
  member = await addMember(cluster.server(0), tenant, ['OFFICE_DIRECTOR']);
}, 180_000);

afterAll(async () => {
  await session?.dispose().catch(() => undefined);
  if (pg && !pg.up) await pg.start().catch(() => undefined);
  await cluster?.stop();
  await pg?.destroy();
});

describe('PostgreSQL restart under a running API', () => {
  it('answers with codes while the database is down, and recovers without a restart', async () => {
    session = new WsSession(api.wsUrl, member.token);
    await session.connected();
    const sub: EventSubscription = session.subscribe(INCIDENT_EVENTS_FULL);
    const before = await reportIncident(api.url, member.token, tenant.rootUnitId, { summary: '停库之前' });
    await waitUntil(() => sub.events.some((e) => e.incidentId === before), 'the event before the outage');
    const pid = api.pid;

    // Requests in flight when it goes: clients keep reading and writing through the outage.
    let busy = true;
    const answers: { status: number; code: string | null }[] = [];
    const load = Array.from({ length: 4 }, async (_, i) => {
      while (busy) {
        const res = i % 2
          ? await gql<any>(api.url, `{ incidents(first: 20) { edges { node { id tasks { id } } } } }`, {}, member.token)
          : await gql<any>(api.url, `mutation($input: AddIncidentReportInput!) { addIncidentReport(input: $input) { report { id } userErrors { code } } }`, { input: { incidentId: before, kind: 'SITUATION', body: '停库期间' } }, member.token);
        answers.push({ status: res.status, code: res.errors?.[0]?.extensions?.code ?? null });
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    await pg.stop();
    await new Promise((r) => setTimeout(r, 1_000));
    busy = false;
    await Promise.all(load);
    expect(answers.some((a) => a.code === 'SERVICE_UNAVAILABLE')).toBe(true);
    for (const a of answers) expect(a.status === 200 ? 'ok' : `${a.status} ${a.code}`).toMatch(/^(ok|503 SERVICE_UNAVAILABLE)$/);
    const read = await gql(api.url, `{ me { email } incidents(first: 5) { edges { node { id } } } }`, {}, member.token);
    const write = await gql(
      api.url,
      `mutation($input: AcknowledgeIncidentInput!) { acknowledgeIncident(input: $input) { incident { id } userErrors { code message } } }`,
      { input: { incidentId: before } },
      member.token,
    );
    const signIn = await gql(api.url, `mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } userErrors { code } } }`, {
      input: { email: member.email, password: 'correct-horse-battery', tenantSlug: tenant.slug },
    });
    for (const res of [read, write, signIn]) {
      expect(res.status).toBe(503);
      expect(res.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(res)).not.toMatch(/stacktrace|ECONNREFUSED|at .+\.js/);
    }
    expect(await readyStatus()).toBe(503);
    expect(api.running).toBe(true);

    await pg.start();
    await waitUntil(async () => (await readyStatus()) === 200, 'readiness after the restart', 60_000);
    expect(api.running).toBe(true);
    expect(api.pid).toBe(pid);

    const tokens = await login(cluster.server(0), member.email, undefined, tenant.slug);
    const list = await gql<any>(api.url, `{ incidents(first: 5) { edges { node { id } } } }`, {}, tokens.accessToken);
    expect(list.errors).toBeUndefined();
    expect(list.data.incidents.edges.map((e: any) => e.node.id)).toContain(before);
    await acknowledge(api.url, tokens.accessToken, before);
    const after = await reportIncident(api.url, tokens.accessToken, tenant.rootUnitId, { summary: '恢复之后' });
    await addReport(api.url, tokens.accessToken, after);
    // The subscription opened before the outage resumes: the listener listens again.
    await waitUntil(
      () => sub.events.some((e) => e.incidentId === after && e.kind === 'REPORT_ADDED'),
      'events after the restart on the old subscription',
      60_000,
    );
    const kinds = sub.events.filter((e) => e.incidentId === before || e.incidentId === after).map((e) => `${e.incidentId === before ? 'before' : 'after'}:${e.kind}`);
    // TASK_ASSIGNED events derived from a report are checked in task-inbox.test.ts.
    expect(kinds.filter((k) => k !== 'before:REPORT_ADDED' && !k.endsWith(':TASK_ASSIGNED'))).toEqual(['before:REPORTED', 'before:ACKNOWLEDGED', 'after:REPORTED', 'after:REPORT_ADDED']);
    // And a subscription opened after the restart works too.
    const fresh = session.subscribe(INCIDENT_EVENTS_FULL);
    // It may register just after a change: keep changing until one arrives.
    for (let i = 0; fresh.events.length === 0 && i < 40; i++) {
      await addReport(api.url, tokens.accessToken, after, `新订阅${i}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    await waitUntil(() => fresh.events.some((e) => e.incidentId === after && e.kind === 'REPORT_ADDED'), 'an event on a new subscription');
    expect(fresh.errors).toEqual([]);
  }, SLOW);
});
