// `npm run soak`: load and faults against two real API processes on a
// PostgreSQL of the soak's own (loopback only, bounded in time and count).
// Phases: 1 mixed load, 2 kill -9 of a process, 3 PostgreSQL restart, 4 abuse.
// Writes bench/SOAK.md (or --out). Flags: --minutes N (phase 1, default 10),
// --quick (about two minutes in all), --rate N (operations/s of phase 1),
// --tenants N, --phases 1,2,3,4.
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSoakEnv } from './soak/env.js';
import { mixedPhase } from './soak/phases/mixed.js';
import { crashPhase } from './soak/phases/crash.js';
import { dbRestartPhase } from './soak/phases/db-restart.js';
import { abusePhase } from './soak/phases/abuse.js';
import type { PhaseResult } from './soak/phases/types.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const quick = process.argv.includes('--quick');
const minutes = Number(flag('minutes') ?? (quick ? 0.75 : 10));
const rate = Number(flag('rate') ?? 15);
const tenants = Number(flag('tenants') ?? 4);
const phases = new Set((flag('phases') ?? '1,2,3,4').split(',').map(Number));
const out = path.resolve(flag('out') ?? 'bench/SOAK.md');
const NOTES = path.resolve('bench/SOAK-NOTES.md');
const log = (line: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);

// Ctrl-C or a timeout: exit through 'exit', whose handlers kill the API processes and stop PostgreSQL.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

async function main(): Promise<number> {
  const startedAt = new Date();
  log(`phases ${[...phases].join(',')}; phase 1: ${minutes} min at ${rate} ops/s; ${tenants} tenants${quick ? ' (quick)' : ''}`);
  const env = await startSoakEnv({ tenants, log });
  const results: PhaseResult[] = [];
  try {
    if (phases.has(1)) results.push(await mixedPhase(env, { minutes, rate, subscribersPerServer: quick ? 2 : 4, sampleEveryMs: quick ? 2_000 : 5_000, log }));
    if (phases.has(2)) results.push(await crashPhase(env, { rate: Math.max(10, Math.round(rate / 2)), beforeKillSeconds: quick ? 5 : 15, afterKillSeconds: 5, log }));
    if (phases.has(3)) results.push(await dbRestartPhase(env, { rate: Math.max(10, Math.round(rate / 2)), beforeSeconds: quick ? 5 : 10, downSeconds: 5, afterSeconds: quick ? 10 : 20, log }));
    if (phases.has(4)) results.push(await abusePhase(env, { baselineSeconds: quick ? 8 : 20, rate: 20, badLogins: quick ? 2_000 : 10_000, log }));
  } finally {
    await env.stop();
  }
  const failed = results.flatMap((r) => r.checks.filter((c) => !c.pass).map((c) => `${r.title}: ${c.name} (${c.detail})`));
  fs.writeFileSync(out, report(results, startedAt, failed));
  log(`wrote ${path.relative(process.cwd(), out)}`);
  for (const f of failed) log(`FAILED ${f}`);
  return failed.length ? 1 : 0;
}

function report(results: PhaseResult[], startedAt: Date, failed: string[]): string {
  const cpus = os.cpus();
  const lines = [
    '# Soak: load and faults',
    '',
    `Run ${startedAt.toISOString()} with \`npm run soak -- ${process.argv.slice(2).join(' ')}\`` + ` (phase 1: ${minutes} min at ${rate} operations/s, ${tenants} tenants).`,
    `Machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB, ${os.type()} ${os.release()}; Node ${process.version}. ` +
      'Client, two API processes (`node dist/src/main.js`) and an embedded PostgreSQL of the soak\'s own, all on loopback. ' +
      'The CPU is shared with other work: absolute latencies are noisy, compare ratios.',
    '',
    // Findings and how to read the figures: written by people, kept across runs.
    ...(fs.existsSync(NOTES) ? [fs.readFileSync(NOTES, 'utf8').trim(), ''] : []),
    '## Verdict',
    '',
    ...results.flatMap((r) => r.checks.map((c) => `- ${c.pass ? '✅' : '❌'} ${r.title.replace(/:.*/, '')}: ${c.name} — ${c.detail}`)),
    '',
    failed.length ? `**${failed.length} check(s) failed.**` : 'Every check passed.',
    '',
    ...results.flatMap((r) => [`## ${r.title}`, '', r.markdown, '']),
  ];
  return lines.join('\n');
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
