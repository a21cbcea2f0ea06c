import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, publishPlan, raw, reportInput } from '../support/incidents.js';
import { CREATE_ENDPOINT, DELIVERIES, startReceiver, type Received, type Receiver } from '../support/webhook-receiver.js';
import { OutboxWorker } from '../../src/modules/notify/outbox.worker.js';
import { outboxSql } from '../../src/modules/notify/outbox.sql.js';
import { getSchema } from '../../src/server/schema.js';
import { withSystemContext } from '../../src/platform/system-context.js';
import { setTenantScope } from '../../src/platform/db/tenant-scope.js';

// An endpoint's deliveries are claimed as a prefix (several per round) and sent
// in log order; a failure stops the prefix; workers never overlap.
let server: TestServer;
let receiver: Receiver;
let platformToken: string;

beforeAll(async () => {
  server = await startTestServer({ env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: '127.0.0.1' } });
  platformToken = (await platformAdmin(server)).token;
  receiver = await startReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await server?.stop();
});

interface Setup { tenant: TenantFixture; tenantId: string; reporter: { token: string }; endpoints: string[] }

async function setup(paths: string[], roleKey = 'AUDITOR'): Promise<Setup> {
  const tenant = await provisionTenant(server, platformToken, 'TOWNSHIP');
  await publishPlan(server, tenant, TEST_LEVELS);
  const reporter = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  const endpoints: string[] = [];
  for (const path of paths) {
    const data = await ok<any>(server.url, CREATE_ENDPOINT, { input: { url: `${receiver.url}${path}`, eventKinds: ['REPORTED'], roleId: tenant.roles[roleKey] } }, tenant.adminToken);
    expect(data.createWebhookEndpoint.userErrors).toEqual([]);
    endpoints.push(data.createWebhookEndpoint.endpoint.id);
  }
  return { tenant, tenantId: raw(tenant.id), reporter, endpoints };
}

async function reportMany(s: Setup, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const data = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(s.tenant.rootUnitId, { summary: `第${i}件` }) }, s.reporter.token);
    expect(data.reportIncident.userErrors).toEqual([]);
  }
}

const inTenant = <T>(tenantId: string, work: (em: any) => Promise<T>) =>
  withSystemContext(server.deps, null, async (ctx) => {
    await setTenantScope(ctx.em, tenantId, null);
    return work(ctx.em);
  });
const seqOf = (r: Received) => (JSON.parse(r.body) as { seq: number }).seq;
const at = (path: string) => receiver.received.filter((r) => r.path === path);

async function deliveries(s: Setup, endpointId: string): Promise<{ logSeq: number; status: string; attemptCount: number }[]> {
  const data = await ok<any>(server.url, DELIVERIES, { filter: { endpointId }, first: 50 }, s.tenant.adminToken);
  return data.webhookDeliveries.edges.map((e: any) => e.node).map((n: any) => ({ logSeq: Number(n.logSeq), status: n.status, attemptCount: n.attemptCount })).sort((a: any, b: any) => a.logSeq - b.logSeq);
}

describe('webhooks: an endpoint\'s prefix per claim', () => {
  it('one claim round takes several deliveries of one endpoint in log order; a second claimer sees them leased', async () => {
    const s = await setup(['/prefix']);
    await reportMany(s, 5);
    const worker = new OutboxWorker(server.deps, getSchema, { tenantIds: [s.tenantId] });
    await worker.expand(s.tenantId);
    const now = new Date();
    const first = await inTenant(s.tenantId, (em) => outboxSql.claim(em, s.tenantId, now, 30_000, 32, 16));
    expect(first).toHaveLength(5);
    expect(new Set(first.map((d) => d.endpoint_id)).size).toBe(1);
    const seqs = first.map((d) => d.log_seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(first.every((d) => d.attempts === 1)).toBe(true);
    // The leases are committed: another claimer gets nothing of this endpoint.
    expect(await inTenant(s.tenantId, (em) => outboxSql.claim(em, s.tenantId, now, 30_000, 32, 16))).toEqual([]);
    // Released (not attempted after all): claimable again, the attempt uncounted.
    await inTenant(s.tenantId, (em) => outboxSql.settleRound(em, s.tenantId, new Date(), [], first.map((d) => ({ id: d.id, attempt: d.attempts }))));
    expect((await deliveries(s, s.endpoints[0]!)).map((d) => d.attemptCount)).toEqual([0, 0, 0, 0, 0]);

    // One pass with a prefix limit above 5 sends all five in one round, in log order.
    const result = await worker.runOnce();
    expect(result.delivered).toBe(5);
    expect(at('/prefix').map(seqOf)).toEqual(seqs);
    // One kept-alive connection for the five.
    expect(new Set(at('/prefix').map((r) => r.remotePort)).size).toBe(1);
    expect((await deliveries(s, s.endpoints[0]!)).map((d) => [d.status, d.attemptCount])).toEqual(Array(5).fill(['DELIVERED', 1]));
  });

  it('a failure in the middle of a prefix stops that endpoint there: what follows is released and later sent in order', async () => {
    const s = await setup(['/mid', '/beside']);
    await reportMany(s, 5);
    let now = new Date();
    const worker = () => new OutboxWorker(server.deps, getSchema, { tenantIds: [s.tenantId], now: () => now, random: () => 0.5 });
    let failSeq: number | null = null;
    receiver.respond = (r) => {
      if (r.path !== '/mid' || failSeq !== null || at('/mid').length !== 3) return 200;
      failSeq = seqOf(r);
      return 500;
    };
    await worker().runOnce();
    // 1, 2 delivered, 3 failed, 4 and 5 not tried; the other endpoint got all five.
    expect(at('/mid')).toHaveLength(3);
    expect(at('/beside')).toHaveLength(5);
    expect((await deliveries(s, s.endpoints[0]!)).map((d) => [d.status, d.attemptCount])).toEqual([
      ['DELIVERED', 1], ['DELIVERED', 1], ['PENDING', 1], ['PENDING', 0], ['PENDING', 0],
    ]);
    // Before the retry is due, nothing of that endpoint goes out (4 and 5 wait for 3).
    await worker().runOnce();
    expect(at('/mid')).toHaveLength(3);
    // At the retry (5 s later) 3 succeeds and 4, 5 follow in the same pass.
    now = new Date(now.getTime() + 5_000);
    await worker().runOnce();
    receiver.respond = () => 200;
    const seqs = at('/mid').map(seqOf);
    expect(seqs).toHaveLength(6);
    expect(seqs[3]).toBe(failSeq);
    expect(seqs.slice(3)).toEqual([...seqs.slice(3)].sort((a, b) => a - b));
    expect(seqs.slice(0, 3)).toEqual([...seqs.slice(0, 3)].sort((a, b) => a - b));
    expect((await deliveries(s, s.endpoints[0]!)).map((d) => [d.status, d.attemptCount])).toEqual([
      ['DELIVERED', 1], ['DELIVERED', 1], ['DELIVERED', 2], ['DELIVERED', 1], ['DELIVERED', 1],
    ]);
  });

  it('two workers at once never send the same delivery concurrently, and each endpoint still gets log order', async () => {
    const paths = ['/w-a', '/w-b', '/w-c'];
    const s = await setup(paths);
    await reportMany(s, 8);
    const inFlight = new Map<string, number>();
    let overlap = 0;
    receiver.respond = async (r) => {
      const n = (inFlight.get(r.path) ?? 0) + 1;
      inFlight.set(r.path, n);
      if (n > 1) overlap++;
      await new Promise((res) => setTimeout(res, 15));
      inFlight.set(r.path, inFlight.get(r.path)! - 1);
      return 200;
    };
    const worker = () => new OutboxWorker(server.deps, getSchema, { tenantIds: [s.tenantId] });
    await worker().expand(s.tenantId);
    const [a, b] = await Promise.all([worker().runOnce(), worker().runOnce()]);
    receiver.respond = () => 200;
    expect(a.delivered + b.delivered).toBe(24);
    expect(overlap).toBe(0);
    for (const path of paths) {
      const got = at(path);
      expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(8);
      expect(got).toHaveLength(8);
      const seqs = got.map(seqOf);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
  });

  it('the personal-data reads of a shared render are logged for every endpoint of the role (one batch append), and the chain still verifies', async () => {
    const paths = ['/pii-1', '/pii-2', '/pii-3'];
    const s = await setup(paths, 'GROUP_LEADER');
    await reportMany(s, 3);
    receiver.respond = () => 200;
    await new OutboxWorker(server.deps, getSchema, { tenantIds: [s.tenantId] }).runOnce();
    for (const path of paths) {
      expect(at(path)).toHaveLength(3);
      expect(at(path).every((r) => JSON.parse(r.body).data.incident.petitioners[0].name === '张三')).toBe(true);
    }
    const su = await (await import('../support/db.js')).superuserClient(server.databaseUrl);
    const reads = await su.query(`select actor_user_id::text as who, incident_id::text as incident, request_id from log_entry where tenant_id = $1 and action = 'petitioner.read_pii'`, [s.tenantId]);
    await su.end();
    // Each endpoint read each incident's petitioner once, as itself, under its own delivery's request id.
    const pairs = new Set(reads.rows.map((r: any) => `${r.who} ${r.incident}`));
    expect(pairs.size).toBe(9);
    expect(new Set(reads.rows.map((r: any) => r.who))).toEqual(new Set(s.endpoints.map(raw)));
    expect(new Set(reads.rows.map((r: any) => r.request_id)).size).toBe(9);
    const verified = await ok<any>(server.url, '{ verifyAuditLog { ok firstBrokenSeq } }', {}, s.tenant.adminToken);
    expect(verified.verifyAuditLog).toEqual({ ok: true, firstBrokenSeq: null });
  });
});
