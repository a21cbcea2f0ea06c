// Us against the baseline on one operation: warm-up, `runs` runs, medians and in-run ratios.
import type { BenchEnv } from './types.js';
import { fmt, load, median, ratio, type LoadResult } from './measure.js';
import type { BenchServer } from './spawn.js';

export interface Comparison {
  us: LoadResult;
  baseline: LoadResult;
  /** Median of the per-run us ÷ baseline req/s ratios. */
  ratio: number;
  failures: number;
}

export async function compareWithBaseline(
  env: BenchEnv,
  id: string,
  servers: { us: BenchServer; baseline: BenchServer },
  request: { token: string; body: string } | { next: () => { token: string; body: string } },
): Promise<Comparison> {
  const opts = (url: string, durationSeconds: number) =>
    'next' in request ? { url, token: '', body: '', next: request.next, durationSeconds } : { url, ...request, durationSeconds };
  for (const s of [servers.us, servers.baseline]) await load(opts(s.url, Math.min(3, env.durationSeconds)));
  const runs: { us: LoadResult; baseline: LoadResult }[] = [];
  for (let r = 0; r < env.runs; r++) {
    const us = await load(opts(servers.us.url, env.durationSeconds));
    const baseline = await load(opts(servers.baseline.url, env.durationSeconds));
    env.log(`${id} run ${r + 1}: us ${fmt(us.rps)} req/s p99 ${us.p99} ms; baseline ${fmt(baseline.rps)} req/s p99 ${baseline.p99} ms`);
    runs.push({ us, baseline });
  }
  const med = (pick: (r: { us: LoadResult; baseline: LoadResult }) => LoadResult): LoadResult => ({
    rps: median(runs.map((r) => pick(r).rps)),
    p50: median(runs.map((r) => pick(r).p50)),
    p99: median(runs.map((r) => pick(r).p99)),
    errors: runs.reduce((n, r) => n + pick(r).errors, 0),
    non2xx: runs.reduce((n, r) => n + pick(r).non2xx, 0),
  });
  const us = med((r) => r.us);
  const baseline = med((r) => r.baseline);
  return { us, baseline, ratio: median(runs.map((r) => ratio(r.us.rps, r.baseline.rps))), failures: us.errors + us.non2xx + baseline.errors + baseline.non2xx };
}

export function comparisonTable(c: Comparison, sql?: { us: number; baseline: number }): string {
  const row = (label: string, r: LoadResult, s?: number) => `| ${label} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} |${sql ? ` ${fmt(s!, 1)} |` : ''}`;
  return [
    `| server | req/s | p50 ms | p99 ms |${sql ? ' SQL statements / request |' : ''}`,
    `|---|---:|---:|---:|${sql ? '---:|' : ''}`,
    row('us', c.us, sql?.us),
    row('baseline', c.baseline, sql?.baseline),
    '',
    `us ÷ baseline req/s = **${fmt(c.ratio, 2)}×** (median of the in-run ratios). Errors or non-2xx answers: ${c.failures}.`,
  ].join('\n');
}
