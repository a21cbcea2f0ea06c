// `npm run bench [-- --runs 3 --duration 10 --only W1,W4 --quick --profile --database NAME]`:
// makes (or reuses) the bench data, runs the workloads, writes bench/RESULTS.md.
// W3's shape: `--w3-subscribers N --w3-tenants N --w3-rate N --w3-instances N --w3-clients thread|process`
// (defaults: W3's own, 1000/20/20, two API processes, a worker thread).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import type { BenchEnv, WorkloadReport } from './lib/types.js';
import { openBenchDatabase, postgresVersion, BENCH_DATABASE } from './lib/database.js';
import { ensureBenchData, FULL_SPEC, QUICK_SPEC } from './data/load.js';
import { WORKLOADS } from './workloads/index.js';
import { runW3WithOptions, type W3Options } from './workloads/w3-realtime.js';
import { latestProfile, topSelfTime } from './lib/cpuprofile.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/RESULTS.md' },
    /** Another database name on the server (several people benchmarking on one server). */
    database: { type: 'string' },
    'w3-subscribers': { type: 'string' },
    'w3-tenants': { type: 'string' },
    'w3-rate': { type: 'string' },
    'w3-instances': { type: 'string' },
    'w3-clients': { type: 'string' },
  },
});

const runs = Math.max(1, Number(values.runs));
const durationSeconds = Math.max(1, Number(values.duration));
const only = values.only ? values.only.split(',').map((s) => s.trim().toUpperCase()) : Object.keys(WORKLOADS);
const spec = values.quick ? QUICK_SPEC : FULL_SPEC;
const database = values.database ?? (values.quick ? `${BENCH_DATABASE}_quick` : BENCH_DATABASE);
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const w3Clients = values['w3-clients'];
if (w3Clients !== undefined && w3Clients !== 'thread' && w3Clients !== 'process') throw new Error('--w3-clients is thread or process');
const w3: W3Options = {
  subscribers: num(values['w3-subscribers']),
  tenants: num(values['w3-tenants']),
  rate: num(values['w3-rate']),
  instances: num(values['w3-instances']),
  clients: w3Clients,
};
const w3Custom = Object.values(w3).some((v) => v !== undefined);
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

function versionOf(pkg: string): string {
  const require = createRequire(path.resolve('package.json'));
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return (JSON.parse(fs.readFileSync(path.resolve('node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  }
}

const loadAtStart = os.loadavg();
const db = await openBenchDatabase(log, database);
const reports: WorkloadReport[] = [];
const profiles: { id: string; top: { frame: string; percent: number }[] }[] = [];
try {
  const data = await ensureBenchData(db, database, spec, log);
  const env: BenchEnv = { databaseUrl: db.url, runs, durationSeconds, log };
  for (const id of only) {
    const workload = WORKLOADS[id];
    if (!workload) {
      log(`no workload ${id} (have ${Object.keys(WORKLOADS).join(', ')})`);
      continue;
    }
    const profDir = path.resolve('.data/bench-prof', id);
    if (values.profile) {
      fs.rmSync(profDir, { recursive: true, force: true });
      process.env.BENCH_CPU_PROF_DIR = profDir;
    }
    log(`running ${id}`);
    reports.push(await (id === 'W3' && w3Custom ? runW3WithOptions(env, w3) : workload(env)));
    delete process.env.BENCH_CPU_PROF_DIR;
    const file = values.profile ? latestProfile(profDir) : null;
    if (file) profiles.push({ id, top: topSelfTime(file) });
  }
  const pgVersion = await postgresVersion(db.url);
  fs.writeFileSync(values.out!, results({ reports, profiles, pgVersion, server: db.server, dataLoadSeconds: data.loadSeconds, spec }));
  log(`wrote ${values.out}`);
} finally {
  await db.stop();
}

function results(r: { reports: WorkloadReport[]; profiles: typeof profiles; pgVersion: string; server: string; dataLoadSeconds: number; spec: typeof spec }): string {
  const cpus = os.cpus();
  const targets = r.reports.flatMap((w) => w.targets);
  const notesFile = path.resolve('bench/NOTES.md');
  return [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString()}. Re-run it on your machine: absolute figures depend on the machine ` +
      '(this one is shared with other jobs), the ratios taken inside one run are what to compare.',
    '',
    '## Machine and versions',
    '',
    `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} logical cores; RAM ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; ${os.type()} ${os.release()} (${os.arch()})`,
    `- Load average when the run started (1/5/15 min): ${loadAtStart.map((l) => l.toFixed(1)).join(' / ')} — the machine is shared with other jobs`,
    `- Node ${process.version}; PostgreSQL ${r.pgVersion} (${r.server}); client and servers on loopback`,
    `- Packages: @apollo/server ${versionOf('@apollo/server')}, type-graphql ${versionOf('type-graphql')}, @mikro-orm/core ${versionOf('@mikro-orm/core')}, ` +
      `graphql ${versionOf('graphql')}, pg ${versionOf('pg')}, jsonwebtoken ${versionOf('jsonwebtoken')}, autocannon ${versionOf('autocannon')}, ` +
      `postgraphile ${versionOf('postgraphile')} (the peer: PostGraphile 4.14.1 on Node 20, as version 5 needs Node 22)`,
    `- Options: ${runs} runs × ${durationSeconds} s per figure, 10 connections, median reported${values.quick ? ', **--quick data**' : ''}${values.profile ? '; `--profile`: our API ran under V8\'s CPU profiler (a few per cent of its throughput), the baseline and the peer did not' : ''}`,
    `- Data: ${r.spec.tenants} tenants × ${r.spec.incidentsPerTenant} incidents (tenant 1: ${r.spec.largeTenantIncidents}, a year of data), ` +
      `each with its plan's tasks, an acceptance clock, a situation report and a tenant-log entry (hash chains verified after loading); loaded in ${r.dataLoadSeconds} s.`,
    '- Servers: our API (`node dist/src/main.js`, NODE_ENV=production, LOG_LEVEL=warn, sweeper off, pool 10); the baseline (bench/baseline/server.ts: node:http + pg + jsonwebtoken, ' +
      'hand-written SQL, same JWT checks, same session lookup, same RLS scope as xinfang_app, pool 10); the peer (bench/peer/server.ts: PostGraphile in library mode, ' +
      'JWT checked the same way, the verified tenant/user set as pgSettings with role xinfang_app, pool 10).',
    '',
    '## Targets',
    '',
    '| target | met | measured |',
    '|---|---|---|',
    ...targets.map((t) => `| ${t.name} | ${t.met ? 'met' : '**missed**'} | ${t.detail} |`),
    '',
    ...r.reports.flatMap((w) => [`## ${w.title}`, '', w.markdown, '']),
    '## Profile and what would close the gaps',
    '',
    ...(r.profiles.length
      ? r.profiles.flatMap((p) => [
          `Top self-time frames of our API under ${p.id} (node --cpu-prof over the whole workload; share of the busy, non-idle samples):`,
          '',
          '| frame | self % |',
          '|---|---:|',
          ...p.top.map((f) => `| \`${f.frame.replace(/\|/g, '\\|')}\` | ${f.percent.toFixed(1)} |`),
          '',
        ])
      : ['(run with `--profile` to include CPU profiles of our API)', '']),
    ...(fs.existsSync(notesFile) ? [fs.readFileSync(notesFile, 'utf8').trim(), ''] : []),
  ].join('\n');
}
