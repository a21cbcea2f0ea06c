// Phase 1: mixed load at a steady rate; no 5xx, exact event delivery, flat
// memory and connections after warm-up.
import pg from 'pg';
import type { SoakEnv } from '../env.js';
import { MIXED, Recorder, Traffic, forMs, type OpKind } from '../traffic.js';
import { checkSubscribers, disposeAll, subscribeAll } from '../subscribers.js';
import { Sampler, summarize, type SeriesSummary } from '../sampler.js';
import { checkIntegrity } from '../../../test/support/fault-checks.js';
import { mb, ms, percentile } from '../stats.js';
import type { PhaseResult } from './types.js';

export async function mixedPhase(env: SoakEnv, options: { minutes: number; rate: number; subscribersPerServer: number; sampleEveryMs: number; log: (l: string) => void }): Promise<PhaseResult> {
  const durationMs = options.minutes * 60_000;
  const warmupMs = Math.max(20_000, durationMs * 0.2);
  const subscribers = await subscribeAll(env.pg.url, env.tenants, env.servers, options.subscribersPerServer);
  options.log(`phase 1: ${subscribers.length} subscribers, ${options.rate} ops/s for ${options.minutes} min (warm-up ${Math.round(warmupMs / 1000)} s)`);
  const sampler = new Sampler(env.servers, env.pg.url, options.sampleEveryMs);
  const recorder = new Recorder();
  const traffic = new Traffic(env, recorder);
  const started = Date.now();
  sampler.start();
  const progress = setInterval(() => {
    const s = sampler.samples[sampler.samples.length - 1];
    options.log(`  ${Math.round((Date.now() - started) / 1000)} s: ${recorder.total()} ops, statuses ${recorder.statuses()}, rss ${s?.rss.map((r) => (r ? mb(r) : '-')).join('/')}, pg ${s?.pgConnections}`);
  }, 30_000);
  await traffic.run({ rate: options.rate, mix: MIXED, servers: env.servers, until: forMs(durationMs) });
  clearInterval(progress);
  await sampler.sample();
  await sampler.stop();
  const elapsed = (Date.now() - started) / 1000;

  const events = await checkSubscribers(env.pg.url, subscribers);
  await disposeAll(subscribers);
  const db = new pg.Client({ connectionString: env.pg.url });
  await db.connect();
  const integrity = [];
  try {
    const tenantOf = new Map<string, string>();
    const { rows } = await db.query<{ id: string; tenant_id: string }>('select id, tenant_id from incident');
    for (const r of rows) tenantOf.set(r.id, r.tenant_id);
    for (const t of env.tenants) integrity.push(await checkIntegrity(db, t.id, recorder.acknowledged.filter((m) => tenantOf.get(m.incidentId) === t.id || !tenantOf.has(m.incidentId))));
  } finally {
    await db.end();
  }
  const missing = integrity.flatMap((i) => i.missing);
  const half = integrity.flatMap((i) => i.halfWritten);

  const statuses = recorder.statuses();
  const fivexx = [...statuses.counts].filter(([k]) => k.startsWith('5') || k === '0').reduce((s, [, n]) => s + n, 0);
  const from = started + warmupMs;
  const series: [string, SeriesSummary | null, (v: number) => string][] = [];
  for (const [i, s] of env.servers.entries()) {
    series.push([`RSS ${s.name}`, summarize(sampler.samples, from, (x) => x.rss[i] ?? null), mb]);
    series.push([`open sockets ${s.name}`, summarize(sampler.samples, from, (x) => x.sockets[i] ?? null), String]);
    series.push([`file descriptors ${s.name}`, summarize(sampler.samples, from, (x) => x.fds[i] ?? null), String]);
  }
  series.push(['PostgreSQL backends (pg_stat_activity)', summarize(sampler.samples, from, (x) => x.pgConnections), String]);
  const rssGrowth = env.servers.map((_, i) => summarize(sampler.samples, from, (x) => x.rss[i] ?? null));
  // Flat: the trend over the measured window moves the series by less than 10% of its level (or a small absolute floor).
  const windowMin = Math.max(0, (Date.now() - from) / 60_000);
  const drift = (s: SeriesSummary | null) => (s ? s.perMinute * windowMin : Infinity);
  const level = (s: SeriesSummary | null) => (s ? (s.min + s.max) / 2 : 0);
  const rssFlat = rssGrowth.every((r) => drift(r) <= Math.max(20 * 2 ** 20, 0.1 * level(r)));
  const conn = summarize(sampler.samples, from, (x) => x.pgConnections);
  const sockets = env.servers.map((_, i) => summarize(sampler.samples, from, (x) => x.sockets[i] ?? null));
  const connFlat = [conn, ...sockets].every((s) => Math.abs(drift(s)) <= Math.max(3, 0.1 * level(s)));

  const kinds: OpKind[] = ['list', 'me', 'login', 'report', 'acknowledge', 'addReport'];
  const opRows = kinds.map((k) => {
    const s = recorder.byKind.get(k);
    if (!s) return `| ${k} | 0 | | | | | |`;
    return `| ${k} | ${s.latencies.length} | ${s.ok} | ${s.statuses} | ${s.codes} | ${ms(percentile(s.latencies, 50))} | ${ms(percentile(s.latencies, 99))} |`;
  });
  const markdown = [
    `${recorder.total()} operations in ${elapsed.toFixed(0)} s (${(recorder.total() / elapsed).toFixed(1)}/s, target ${options.rate}/s; ${recorder.skipped} skipped because 64 were in flight), ` +
      `round-robin over ${env.servers.length} API processes and ${env.tenants.length} tenants; ${subscribers.length} graphql-ws subscribers of \`incidentEvents\` ` +
      `(${options.subscribersPerServer} per tenant on each process, each from a known log position).`,
    '',
    '| operation | sent | succeeded | HTTP status | codes | p50 | p99 |',
    '|---|---:|---:|---|---|---:|---:|',
    ...opRows,
    '',
    `Events: ${events.expected} expected (the tenants' incident events in the log after each subscriber's start position), ${events.received} received; ` +
      `lost ${events.lost}, duplicated ${events.duplicated}, out of order ${events.outOfOrder}, of another tenant ${events.foreign}; subscription errors ${events.errors}; sockets closed by the server ${events.closed.length}.`,
    `Writes: ${integrity.reduce((s, i) => s + i.acknowledged, 0)} acknowledged mutations checked in the database (missing ${missing.length}, half-written incidents ${half.length}); ` +
      `${integrity.reduce((s, i) => s + i.incidents, 0)} incidents and ${integrity.reduce((s, i) => s + i.logEntries, 0)} log entries in the soak tenants.`,
    '',
    `Resources after a ${Math.round(warmupMs / 1000)} s warm-up, sampled every ${options.sampleEveryMs / 1000} s (${sampler.samples.filter((s) => s.at >= from).length} samples):`,
    '',
    '| series | first | last | min | max | slope per minute |',
    '|---|---:|---:|---:|---:|---:|',
    ...series.map(([name, s, f]) => (s ? `| ${name} | ${f(s.first)} | ${f(s.last)} | ${f(s.min)} | ${f(s.max)} | ${f === mb ? mb(s.perMinute) : s.perMinute.toFixed(2)} |` : `| ${name} | – | | | | |`)),
  ].join('\n');
  return {
    title: 'Phase 1: mixed load',
    markdown,
    checks: [
      { name: 'zero 5xx (and no dropped connection)', pass: fivexx === 0, detail: `${fivexx} of ${recorder.total()}; statuses ${statuses}` },
      { name: 'zero lost, duplicated or out-of-order events', pass: events.lost + events.duplicated + events.outOfOrder + events.foreign + events.errors === 0 && events.expected > 0, detail: `${events.received}/${events.expected} received, lost ${events.lost}, duplicated ${events.duplicated}, out of order ${events.outOfOrder}` },
      { name: 'every acknowledged write stored whole', pass: missing.length + half.length === 0, detail: `missing ${missing.length}, half-written ${half.length}${[...missing, ...half].slice(0, 3).map((m) => `; ${m}`).join('')}` },
      { name: 'RSS flat after warm-up (trend over the window < max(20 MB, 10%))', pass: rssFlat, detail: rssGrowth.map((r) => (r ? `${mb(r.perMinute)}/min, ${mb(drift(r))} over ${windowMin.toFixed(1)} min` : '–')).join('; ') },
      { name: 'connections flat after warm-up (trend < max(3, 10%))', pass: connFlat, detail: `pg backends ${conn?.perMinute.toFixed(2)}/min; sockets ${sockets.map((s) => s?.perMinute.toFixed(2)).join(', ')}/min` },
    ],
  };
}
