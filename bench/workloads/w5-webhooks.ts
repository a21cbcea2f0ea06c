// W5 webhooks: 20 endpoints of one tenant on a loopback receiver, reportIncident
// at a steady rate; deliveries per second and commit-to-receiver latency
// (from the mutation's answer, which comes after its commit), and W1's ratio
// to the baseline measured while the deliveries flow.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { BenchEnv, Workload, WorkloadReport } from '../lib/types.js';
import { startTrio } from '../lib/trio.js';
import { fmt, gql, login } from '../lib/measure.js';
import { compareWithBaseline, comparisonTable } from '../lib/compare.js';
import { BENCH_PASSWORD } from '../data/provision.js';
import { W1_QUERY } from './w1-list.js';
import { W4_MUTATION } from './w4-write.js';

const ENDPOINTS = 20;
const EVENTS_PER_SECOND = 50;
const DRAIN_MS = 60_000;

const toGlobalId = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);

const CREATE_ENDPOINT = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } userErrors { code message } } }`;

export const runW5: Workload = async (env: BenchEnv): Promise<WorkloadReport> => {
  // Receipt number → when the mutation's answer arrived; every delivery's arrival.
  const committed = new Map<string, number>();
  const latencies: number[] = [];
  const arrivals: number[] = [];
  const ids = new Set<string>();
  let duplicates = 0;
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      res.writeHead(204).end();
      const key = `${req.url} ${req.headers['webhook-id']}`;
      if (ids.has(key)) duplicates++;
      ids.add(key);
      arrivals.push(at);
      const receipt = /"receiptNumber":"([^"]+)"/.exec(Buffer.concat(chunks).toString('utf8'))?.[1];
      const t = receipt ? committed.get(receipt) : undefined;
      if (t !== undefined) latencies.push(at - t);
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const trio = await startTrio(env, { peer: false, apiEnv: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: '127.0.0.1' } });
  const db = new pg.Client({ connectionString: env.databaseUrl });
  await db.connect();
  let timer: NodeJS.Timeout | undefined;
  try {
    // Tenant 2: its admin makes the endpoints (role: group leader), its leader reports; W1 reads tenant 3 (or 2).
    const tenant = trio.data.tenants.find((t) => t.index === 2) ?? trio.data.tenants[0]!;
    const reader = trio.data.tenants.find((t) => t.index === 3) ?? tenant;
    const adminToken = await login(trio.api.url, `admin@${tenant.slug}.test`, BENCH_PASSWORD);
    const role = (await db.query(`select id from role where tenant_id = $1 and key = 'GROUP_LEADER'`, [tenant.id])).rows[0];
    const unit = (await db.query(`select id from unit where tenant_id = $1 and depth = 1 order by path limit 1`, [tenant.id])).rows[0];
    for (let i = 0; i < ENDPOINTS; i++) {
      const made = await gql<{ createWebhookEndpoint: { userErrors: unknown[] } }>(trio.api.url, adminToken, CREATE_ENDPOINT, {
        input: { url: `${receiverUrl}/hook/${i}`, eventKinds: ['REPORTED'], roleId: toGlobalId('Role', role.id), description: `W5 ${i}` },
      });
      if (!made.data || made.data.createWebhookEndpoint.userErrors.length) throw new Error(`W5: createWebhookEndpoint failed: ${JSON.stringify(made)}`);
    }
    const token = trio.tokens.get(tenant.index)!;
    let n = 0;
    let inFlight = 0;
    let skipped = 0;
    let failed = 0;
    // The first failed report's answer, in the log (a count alone does not say why).
    let firstFailure: string | null = null;
    const report = async () => {
      const i = ++n;
      const input = {
        category: 'INDIVIDUAL_VISIT', levelReached: 'OWN', headcount: 1, place: '信访接待室', occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
        summary: `W5 上报 ${i}`, demands: '要求尽快处理', unitId: toGlobalId('Unit', unit.id), petitioners: [{ name: '张三', contact: '13800000000' }],
      };
      const out = await gql<{ reportIncident: { incident: { receiptNumber: string } | null } }>(trio.api.url, token, W4_MUTATION, { input }, 'W4Report');
      const receipt = out.data?.reportIncident.incident?.receiptNumber;
      if (receipt) committed.set(receipt, Date.now());
      else {
        failed++;
        firstFailure ??= JSON.stringify(out.errors ?? out.data).slice(0, 500);
      }
    };
    // A steady rate; when the API falls behind, ticks are skipped (counted), not queued.
    timer = setInterval(() => {
      if (inFlight >= 20) return void skipped++;
      inFlight++;
      report().catch((err) => {
        failed++;
        firstFailure ??= String(err).slice(0, 500);
      }).finally(() => inFlight--);
    }, 1000 / EVENTS_PER_SECOND);
    const started = Date.now();
    const w1 = await compareWithBaseline(env, 'W5/W1', { us: trio.api, baseline: trio.baseline }, {
      token: trio.tokens.get(reader.index)!, body: JSON.stringify({ query: W1_QUERY, variables: { first: 50 }, operationName: 'W1List' }),
    });
    clearInterval(timer);
    timer = undefined;
    while (inFlight > 0) await new Promise((r) => setTimeout(r, 50));
    const generatedSeconds = (Date.now() - started) / 1000;
    const expected = committed.size * ENDPOINTS;
    const drainUntil = Date.now() + DRAIN_MS;
    while (latencies.length < expected && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 200));
    const sorted = [...latencies].sort((a, b) => a - b);
    const span = arrivals.length > 1 ? (Math.max(...arrivals) - Math.min(...arrivals)) / 1000 : NaN;
    const rate = committed.size / generatedSeconds;
    const dps = arrivals.length / span;
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);
    if (firstFailure) env.log(`W5: first failed report: ${firstFailure}`);
    env.log(`W5: ${committed.size} events (${fmt(rate, 1)}/s), ${arrivals.length}/${expected} deliveries, ${fmt(dps)}/s, p50 ${p50} ms p99 ${p99} ms, W1 ratio ${fmt(w1.ratio, 2)}×`);
    const markdown = [
      `${ENDPOINTS} webhook endpoints of one tenant (role: group leader, event kind REPORTED) on one loopback receiver answering 204; ` +
        `\`reportIncident\` in that tenant at a target ${EVENTS_PER_SECOND}/s (ticks skipped while 20 are in flight) for as long as W1 runs beside it ` +
        `(${env.runs} runs × ${env.durationSeconds} s for us and the baseline, plus warm-up), then up to ${DRAIN_MS / 1000} s to drain.`,
      '',
      '| events | events/s | deliveries received / expected | duplicates | deliveries/s | commit→receiver p50 ms | p99 ms | mutation failures | ticks skipped |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      `| ${committed.size} | ${fmt(rate, 1)} | ${arrivals.length} / ${expected} | ${duplicates} | ${fmt(dps)} | ${fmt(p50)} | ${fmt(p99)} | ${failed} | ${skipped} |`,
      '',
      'Latency runs from the arrival of the mutation\'s answer (after its commit) to the delivery\'s arrival at the receiver, over the deliveries ' +
        'received (one not received by the end of the drain is not in the percentiles: compare received with expected). ' +
        'Deliveries per second: deliveries received over the time from the first to the last.',
      '',
      'W1 (`incidents(first: 50)`, another tenant) while the deliveries flow:',
      '',
      comparisonTable(w1),
    ].join('\n');
    return {
      id: 'W5', title: 'W5 webhooks: 20 endpoints, steady reports', markdown,
      targets: [
        { name: 'W5 commit→receiver p99 < 1 s at 50 events/s, 20 endpoints', met: p99 < 1000 && rate >= EVENTS_PER_SECOND * 0.95 && arrivals.length >= expected, detail: `p99 ${fmt(p99)} ms at ${fmt(rate, 1)} events/s, ${arrivals.length}/${expected} delivered` },
      ],
    };
  } finally {
    if (timer) clearInterval(timer);
    await db.end();
    await trio.stop();
    await new Promise((r) => receiver.close(r));
  }
};
