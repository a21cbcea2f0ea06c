// Phase 2: kill -9 of process A while writes stream at it; subscribers on B.
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import type { SoakEnv } from '../env.js';
import { Recorder, Traffic, WRITES, sleep } from '../traffic.js';
import { checkSubscribers, disposeAll, subscribeAll } from '../subscribers.js';
import { checkIntegrity, verifyTenantChain } from '../../../test/support/fault-checks.js';
import { TEST_JWT_SECRET } from '../../../test/support/processes.js';
import type { PhaseResult } from './types.js';

export async function crashPhase(env: SoakEnv, options: { rate: number; beforeKillSeconds: number; afterKillSeconds: number; log: (l: string) => void }): Promise<PhaseResult> {
  const [A, B] = env.servers as [typeof env.servers[0], typeof env.servers[0]];
  const subscribers = await subscribeAll(env.pg.url, env.tenants, [B], 2);
  const recorder = new Recorder();
  const traffic = new Traffic(env, recorder);
  let killedAt = Infinity;
  let stop = false;
  options.log(`phase 2: writes at ${A.name} (${options.rate}/s), kill -9 after ${options.beforeKillSeconds} s`);
  const atA = traffic.run({ rate: options.rate, mix: WRITES, servers: [A], until: () => stop, maxInFlight: 16 });
  await sleep(options.beforeKillSeconds * 1000);
  const pid = A.pid;
  killedAt = Date.now();
  await A.kill();
  options.log(`  killed ${A.name} (pid ${pid})`);
  await sleep(1000);
  stop = true;
  await atA;
  // B keeps taking writes; its subscribers must see them as well as everything before.
  const atB = new Recorder();
  await new Traffic(env, atB).run({ rate: options.rate, mix: WRITES, servers: [B], until: (() => { const end = Date.now() + options.afterKillSeconds * 1000; return () => Date.now() >= end; })() });

  const before = recorder.count((e) => e.at < killedAt && e.ok);
  const failedAtKill = recorder.timeline.filter((e) => !e.ok);
  const failureCodes = recorder.codes();
  const acknowledged = [...recorder.acknowledged, ...atB.acknowledged];

  const db = new pg.Client({ connectionString: env.pg.url });
  await db.connect();
  const integrity = [];
  try {
    const { rows } = await db.query<{ id: string; tenant_id: string }>('select id, tenant_id from incident');
    const tenantOf = new Map(rows.map((r) => [r.id, r.tenant_id]));
    for (const t of env.tenants) integrity.push(await checkIntegrity(db, t.id, acknowledged.filter((m) => tenantOf.get(m.incidentId) === t.id || !tenantOf.has(m.incidentId))));
  } finally {
    await db.end();
  }
  const missing = integrity.flatMap((i) => i.missing);
  const half = integrity.flatMap((i) => i.halfWritten);
  const chains = await Promise.all(env.tenants.map((t) => verifyTenantChain(env.cluster.deps, t.id)));
  const chainsOk = chains.every((c) => c.ok);
  // The operator's tool too: `npm run admin -- verify-log` on one tenant.
  const cli = spawnSync(process.execPath, ['dist/src/admin/cli.js', 'verify-log', '--tenant', env.tenants[0]!.fixture.slug], {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: env.pg.url, JWT_SECRET: TEST_JWT_SECRET, XINFANG_DATA_DIR: A.dataDir, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  const events = await checkSubscribers(env.pg.url, subscribers);
  await disposeAll(subscribers);
  const bAlive = B.running;
  await A.restart();
  options.log(`  ${A.name} restarted (pid ${A.pid})`);

  const markdown = [
    `Writes (reportIncident, acknowledgeIncident, addIncidentReport) paced at ${options.rate}/s to ${A.name}, at most 16 in flight; ${A.name} killed with SIGKILL after ${options.beforeKillSeconds} s, ` +
      `then ${options.afterKillSeconds} s of writes to ${B.name}. ${subscribers.length} subscribers on ${B.name} (2 per tenant).`,
    '',
    `- Succeeded at ${A.name} before the kill: ${before}; failed around and after the kill: ${failedAtKill.length} (${failureCodes}).`,
    `- Writes to ${B.name} after the kill: ${atB.total()} sent, ${atB.count((e) => e.ok)} succeeded.`,
    `- Every acknowledged mutation (${acknowledged.length}) looked up in the database with its log entry: missing ${missing.length}; incidents without their tasks or REPORTED entry, reports or acknowledgements without their entry: ${half.length}.`,
    `- Hash chains recomputed for ${chains.length} tenants: ${chains.filter((c) => c.ok).length} verify (${chains.reduce((s, c) => s + c.checkedEntries, 0)} entries). ` +
      `\`admin verify-log --tenant ${env.tenants[0]!.fixture.slug}\`: exit ${cli.status}, "${(cli.stdout || cli.stderr).trim().split('\n')[0]}".`,
    `- Subscribers on ${B.name}: ${events.received}/${events.expected} events, lost ${events.lost}, duplicated ${events.duplicated}, out of order ${events.outOfOrder}, errors ${events.errors}, closed ${events.closed.length}.`,
  ].join('\n');
  return {
    title: 'Phase 2: kill -9 of an API process mid-stream',
    markdown,
    checks: [
      { name: 'every acknowledged mutation stored with its log entry', pass: missing.length === 0 && acknowledged.length > 0, detail: `${acknowledged.length} checked, ${missing.length} missing${missing.slice(0, 3).map((m) => `; ${m}`).join('')}` },
      { name: 'nothing half written', pass: half.length === 0, detail: `${half.length}${half.slice(0, 3).map((m) => `; ${m}`).join('')}` },
      { name: 'log chains verify (and admin verify-log exits 0)', pass: chainsOk && cli.status === 0, detail: `${chains.filter((c) => c.ok).length}/${chains.length} chains, CLI exit ${cli.status}` },
      { name: 'subscribers on the surviving process lose nothing', pass: events.lost + events.duplicated + events.outOfOrder + events.errors === 0 && events.expected > 0, detail: `${events.received}/${events.expected}` },
      { name: 'surviving process stayed up', pass: bAlive, detail: bAlive ? 'up' : 'DOWN' },
    ],
  };
}
