// Phase 3: PostgreSQL stopped under load for a few seconds and started again;
// the API processes answer with codes meanwhile and recover by themselves.
import type { SoakEnv } from '../env.js';
import { MIXED, Recorder, Traffic, sleep, type OpKind } from '../traffic.js';
import { checkSubscribers, disposeAll, subscribeAll } from '../subscribers.js';
import { Tally } from '../stats.js';
import type { PhaseResult } from './types.js';

/** Distinct error and warning messages in the processes' JSON log lines. */
function serverErrors(outputs: string[]): Tally {
  const t = new Tally();
  for (const out of outputs) {
    for (const line of out.split('\n')) {
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string; origin?: string; err?: { message?: string; type?: string; stack?: string } | string };
        if ((entry.level ?? 0) < 40) continue;
        let err = typeof entry.err === 'string' ? entry.err : entry.err ? `${entry.err.type ?? ''} ${entry.err.message ?? ''}`.trim() : '';
        // Outside any request: where it came from matters more than the SQL.
        if (entry.origin && typeof entry.err === 'object') err = `${entry.origin} ${err.slice(0, 80)} ${(entry.err.stack ?? '').split('\n').filter((l) => l.includes('/dist/') || l.includes('node_modules')).slice(0, 3).map((l) => l.trim()).join(' ')}`;
        t.add(`${entry.msg ?? ''}${err ? `: ${err.slice(0, entry.origin ? 400 : 120)}` : ''}`.replace(/\|/g, '/'));
      } catch {
        // not a log line
      }
    }
  }
  return t;
}

export async function dbRestartPhase(env: SoakEnv, options: { rate: number; beforeSeconds: number; downSeconds: number; afterSeconds: number; log: (l: string) => void }): Promise<PhaseResult> {
  const subscribers = await subscribeAll(env.pg.url, env.tenants, env.servers, 1);
  const logFrom = env.servers.map((s) => s.output().length);
  const pids = env.servers.map((s) => s.pid);
  const recorder = new Recorder();
  const traffic = new Traffic(env, recorder);
  let stop = false;
  options.log(`phase 3: mixed load at ${options.rate}/s; PostgreSQL down for ${options.downSeconds} s`);
  const load = traffic.run({ rate: options.rate, mix: MIXED, servers: env.servers, until: () => stop, maxInFlight: 64 });
  await sleep(options.beforeSeconds * 1000);

  const ready: { at: number; server: number; status: number }[] = [];
  let polling = true;
  const poll = (async () => {
    while (polling) {
      for (const [i, s] of env.servers.entries()) {
        const status = await fetch(`http://127.0.0.1:${s.port}/readyz`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status, () => 0);
        ready.push({ at: Date.now(), server: i, status });
      }
      await sleep(250);
    }
  })();
  const stoppedAt = Date.now();
  await env.pg.stop();
  const downAt = Date.now();
  options.log(`  PostgreSQL stopped (${downAt - stoppedAt} ms)`);
  await sleep(options.downSeconds * 1000);
  const startingAt = Date.now();
  await env.pg.start();
  const upAt = Date.now();
  options.log(`  PostgreSQL started (${upAt - startingAt} ms)`);
  // Recovered: both report ready and a write succeeds again.
  let readyAt = Infinity;
  let writeAt = Infinity;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && (readyAt === Infinity || writeAt === Infinity)) {
    if (readyAt === Infinity && env.servers.every((_, i) => ready.filter((r) => r.server === i && r.at > upAt).some((r) => r.status === 200))) readyAt = Date.now();
    const w = recorder.timeline.find((e) => e.at > upAt && e.ok && (e.kind === 'report' || e.kind === 'addReport' || e.kind === 'acknowledge'));
    if (w) writeAt = w.at;
    await sleep(100);
  }
  await sleep(options.afterSeconds * 1000);
  stop = true;
  polling = false;
  await load;
  await poll;

  const windows: [string, number, number][] = [
    ['before the stop', 0, stoppedAt],
    ['PostgreSQL down', stoppedAt, upAt],
    ['restarted, recovering', upAt, Math.min(readyAt, writeAt) === Infinity ? Date.now() : Math.max(readyAt, writeAt)],
    ['after recovery', Math.max(readyAt, writeAt), Infinity],
  ];
  const rows = windows.map(([name, from, to]) => {
    const entries = recorder.timeline.filter((e) => e.at >= from && e.at < to);
    const statuses = new Tally();
    const codes = new Tally();
    for (const e of entries) {
      statuses.add(String(e.status));
      if (e.code) codes.add(e.code);
    }
    return { name, entries, statuses, codes };
  });
  const during = [rows[1]!, rows[2]!].flatMap((r) => r.entries);
  const duringBad = during.filter((e) => !e.ok && (e.status === 0 || (e.status >= 500 && e.code !== 'SERVICE_UNAVAILABLE') || !e.code));
  const afterRows = rows[3]!.entries;
  // The first requests after recovery may still meet a pooled connection the restart closed: count failures after a 2 s grace.
  const afterFail = afterRows.filter((e) => !e.ok && e.at > Math.max(readyAt, writeAt) + 2_000);
  const kindsOk = (['list', 'me', 'login', 'report', 'acknowledge', 'addReport'] as OpKind[]).filter((k) => afterRows.some((e) => e.kind === k && e.ok));
  const readyDown = new Tally();
  for (const r of ready.filter((r) => r.at > downAt && r.at < startingAt)) readyDown.add(String(r.status));
  const alive = env.servers.every((s, i) => s.running && s.pid === pids[i]);
  const logged = serverErrors(env.servers.map((s, i) => s.output().slice(s.output().length >= logFrom[i]! ? logFrom[i] : 0)));
  const events = await checkSubscribers(env.pg.url, subscribers);
  await disposeAll(subscribers);
  // A process that died: what it printed last (the crash).
  const crashes = env.servers.filter((s) => !s.running).map((s) => `${s.name}:\n\n\`\`\`\n${s.output().split('\n').filter((l) => !l.startsWith('{')).slice(-25).join('\n')}\n\`\`\``);
  for (const c of crashes) options.log(`  crashed ${c}`);

  const markdown = [
    `Mixed load at ${options.rate} operations/s on both processes; ${subscribers.length} subscribers (one per tenant on each process). ` +
      `PostgreSQL (the soak's embedded server) stopped with a fast shutdown, kept down ${options.downSeconds} s, started again; the API processes were not touched.`,
    '',
    `- Stop took ${downAt - stoppedAt} ms, start ${upAt - startingAt} ms. After the start: both processes ready again in ${readyAt === Infinity ? 'never (60 s)' : `${readyAt - upAt} ms`}, first successful write after ${writeAt === Infinity ? 'never (60 s)' : `${writeAt - upAt} ms`}.`,
    `- \`/readyz\` while PostgreSQL was down: ${readyDown}.`,
    `- Processes: ${env.servers.map((s, i) => `${s.name} ${s.running ? 'alive' : 'DEAD'}, pid ${s.pid === pids[i] ? 'unchanged' : 'CHANGED'}`).join('; ')}.`,
    '',
    '| window | requests | succeeded | HTTP status | codes |',
    '|---|---:|---:|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.entries.length} | ${r.entries.filter((e) => e.ok).length} | ${r.statuses} | ${r.codes} |`),
    '',
    `- After recovery every kind of operation succeeded again: ${kindsOk.join(', ')}; failures more than 2 s after recovery: ${afterFail.length}.`,
    `- Errors and warnings the API processes logged meanwhile: ${logged.toString()}.`,
    ...(crashes.length ? ['', 'Crashed:', '', ...crashes, ''] : []),
    `- Subscribers (opened before the outage, never reconnected): ${events.received}/${events.expected} events, lost ${events.lost}, duplicated ${events.duplicated}, out of order ${events.outOfOrder}, errors ${events.errors}, closed ${events.closed.length}${events.closed.length ? ` (${[...new Set(events.closed)].join('; ')})` : ''}.`,
  ].join('\n');
  return {
    title: 'Phase 3: PostgreSQL restart under load',
    markdown,
    checks: [
      { name: 'while down: every failure is an answer with a code (503 SERVICE_UNAVAILABLE, no 500, no dropped connection)', pass: duringBad.length === 0, detail: `${during.length} requests, ${duringBad.length} without a clean code; ${rows[1]!.codes}` },
      { name: '/readyz not ready while down', pass: readyDown.total() > 0 && readyDown.get('200') === 0, detail: `${readyDown}` },
      { name: 'processes alive, never restarted', pass: alive, detail: alive ? 'yes' : 'no' },
      { name: 'recovered without a restart (ready, logins, reads, writes)', pass: readyAt !== Infinity && kindsOk.length === 6 && afterFail.length === 0, detail: `ready after ${readyAt - upAt} ms; ${kindsOk.length}/6 kinds ok; ${afterFail.length} late failures` },
      { name: 'subscriptions resumed, nothing lost or duplicated', pass: events.lost + events.duplicated + events.outOfOrder + events.errors === 0 && events.expected > 0, detail: `${events.received}/${events.expected}` },
    ],
  };
}
