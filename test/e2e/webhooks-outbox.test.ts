import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { createTestDatabase } from '../support/db.js';
import { startCluster, type Cluster, type ServerProcess } from '../support/processes.js';
import { addMember, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, publishPlan, reportInput } from '../support/incidents.js';
import { CREATE_ENDPOINT, startReceiver, type Received, type Receiver } from '../support/webhook-receiver.js';
import { waitUntil } from '../support/ws.js';

// The outbox across real API processes: kill -9 in the middle of deliveries
// loses nothing and resends with the same webhook-id, in log order per
// endpoint; two instances running the worker at once never send a delivery
// twice because of each other.
const ENV = {
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: '127.0.0.1',
  WEBHOOK_POLL_INTERVAL_MS: '50',
  WEBHOOK_LEASE_MS: '2000',
  WEBHOOK_TIMEOUT_MS: '1500',
};
const SLOW = 120_000;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let cluster: Cluster;
let receiver: Receiver;

beforeAll(async () => {
  db = await createTestDatabase();
  receiver = await startReceiver();
  cluster = await startCluster({ databaseUrl: db.url, count: 2, env: ENV });
}, SLOW);

afterAll(async () => {
  await cluster?.stop();
  await receiver?.close();
  await db?.drop();
});

async function setup(server: number, path: string): Promise<{ tenant: TenantFixture; reporter: { token: string }; secret: string }> {
  const s = cluster.server(server);
  const platform = await platformAdmin(s);
  const tenant = await provisionTenant(s, platform.token, 'TOWNSHIP');
  await publishPlan(s, tenant, TEST_LEVELS);
  const reporter = await addMember(s, tenant, ['OFFICE_DIRECTOR']);
  const data = await ok<any>(s.url, CREATE_ENDPOINT, { input: { url: `${receiver.url}${path}`, eventKinds: ['REPORTED'], roleId: tenant.roles.AUDITOR } }, tenant.adminToken);
  expect(data.createWebhookEndpoint.userErrors).toEqual([]);
  return { tenant, reporter, secret: data.createWebhookEndpoint.secret };
}

async function reportMany(url: string, tenant: TenantFixture, token: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const data = await ok<any>(url, REPORT_INCIDENT, { input: reportInput(tenant.rootUnitId, { summary: `第${i}件` }) }, token);
    expect(data.reportIncident.userErrors).toEqual([]);
  }
}

const seqOf = (r: Received) => (JSON.parse(r.body) as { seq: number }).seq;

describe('outbox across processes', () => {
  it('kill -9 mid-delivery: every event arrives at least once, duplicates share the webhook-id, order per endpoint is log order', async () => {
    const [A, B] = cluster.servers as [ServerProcess, ServerProcess];
    // B stays out of it: this test is about one process dying and coming back.
    await B.stop();
    const { tenant, reporter, secret } = await setup(0, '/crash');
    // Slow answers keep deliveries in flight; the 5th request is never answered before the kill.
    let hung = false;
    let release: (() => void) | null = null;
    receiver.respond = async (r) => {
      if (r.path !== '/crash') return 200;
      if (receiver.received.filter((x) => x.path === '/crash').length === 5 && !hung) {
        hung = true;
        await new Promise<void>((resolve) => (release = resolve));
        return 200;
      }
      await new Promise((res) => setTimeout(res, 40));
      return 200;
    };
    const N = 20;
    await reportMany(A.url, tenant, reporter.token, N);
    await waitUntil(() => hung, 'the 5th delivery is in flight');
    await A.kill();
    release!();
    await A.restart();
    const got = () => receiver.received.filter((r) => r.path === '/crash');
    await waitUntil(() => new Set(got().map(seqOf)).size >= N, `all ${N} events delivered (have ${new Set(got().map(seqOf)).size})`, 60_000);
    await new Promise((r) => setTimeout(r, 500));

    const all = got();
    const wh = new Webhook(secret);
    for (const r of all) wh.verify(r.body, r.headers);
    // One id per log entry, whatever the number of attempts.
    const idsBySeq = new Map<number, Set<string>>();
    for (const r of all) idsBySeq.set(seqOf(r), (idsBySeq.get(seqOf(r)) ?? new Set()).add(r.headers['webhook-id']!));
    expect([...idsBySeq.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(idsBySeq.size).toBe(N);
    // The hung one was sent again after the restart, with the same id.
    expect(all.length).toBeGreaterThan(N);
    const seqs = all.map(seqOf);
    const fifth = seqs[4]!;
    expect(seqs.filter((s) => s === fifth).length).toBeGreaterThanOrEqual(2);
    // First arrivals are in log order.
    const firsts = seqs.filter((s, i) => seqs.indexOf(s) === i);
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
    await B.restart();
  }, SLOW);

  it('two instances run the worker at once: no delivery goes out twice because of them', async () => {
    const [A, B] = cluster.servers as [ServerProcess, ServerProcess];
    receiver.respond = () => 200;
    const { tenant, reporter } = await setup(1, '/pair');
    const N = 30;
    await Promise.all([reportMany(A.url, tenant, reporter.token, N / 2), reportMany(B.url, tenant, reporter.token, N / 2)]);
    const got = () => receiver.received.filter((r) => r.path === '/pair');
    await waitUntil(() => got().length >= N, `all ${N} delivered (have ${got().length})`, 60_000);
    // Both keep polling a while longer: nothing more may come.
    await new Promise((r) => setTimeout(r, 1500));
    const ids = got().map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(N);
    expect(new Set(ids).size).toBe(N);
    const seqs = got().map(seqOf);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  }, SLOW);
});
