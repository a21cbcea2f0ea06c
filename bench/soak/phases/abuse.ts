// Phase 4: hostile requests, case after case, while a steady stream of normal
// reads runs; each case must be refused quickly with a code, and the normal
// stream must keep its latency.
import type { SoakEnv } from '../env.js';
import { Recorder, Traffic, READS, sleep } from '../traffic.js';
import { abuseCases, type AbuseCase } from '../abuse-cases.js';
import { Tally, ms, percentile, ratio } from '../stats.js';
import type { PhaseResult } from './types.js';

interface CaseResult {
  c: AbuseCase;
  statuses: Tally;
  codes: Tally;
  latencies: number[];
  stack: number;
  seconds: number;
  from: number;
  to: number;
}

async function runCase(env: SoakEnv, c: AbuseCase): Promise<CaseResult> {
  const statuses = new Tally();
  const codes = new Tally();
  const latencies: number[] = [];
  let stack = 0;
  let next = 0;
  const token = env.tenants[0]!.writer.token;
  const started = performance.now();
  const from = Date.now();
  const worker = async () => {
    for (let i = next++; i < c.count; i = next++) {
      const wait = started + (i * 1000) / c.rate - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const server = env.servers[i % env.servers.length]!;
      const req = c.make(i);
      const t0 = performance.now();
      try {
        const res = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(req.auth ? { authorization: `Bearer ${token}` } : {}), ...req.headers },
          body: req.body,
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        latencies.push(performance.now() - t0);
        statuses.add(String(res.status));
        let code = 'NO_CODE';
        try {
          const body = JSON.parse(text);
          const payload = body?.data ? (Object.values(body.data)[0] as { userErrors?: { code: string }[] } | null) : null;
          code = body?.errors?.[0]?.extensions?.code ?? payload?.userErrors?.[0]?.code ?? (body?.errors ? 'NO_CODE' : 'ACCEPTED');
        } catch {
          code = 'NON_JSON';
        }
        if (/\bat .+\.(js|ts):\d+|stacktrace|<html/i.test(text)) stack += 1;
        codes.add(code);
      } catch (error) {
        latencies.push(performance.now() - t0);
        statuses.add('0');
        codes.add(`NETWORK:${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name}`);
      }
    }
  };
  await Promise.all(Array.from({ length: c.concurrency }, worker));
  return { c, statuses, codes, latencies, stack, seconds: (performance.now() - started) / 1000, from, to: Date.now() };
}

export async function abusePhase(env: SoakEnv, options: { baselineSeconds: number; rate: number; badLogins: number; log: (l: string) => void }): Promise<PhaseResult> {
  const recorder = new Recorder();
  const traffic = new Traffic(env, recorder);
  let done = false;
  const normal = traffic.run({ rate: options.rate, mix: READS, servers: env.servers, until: () => done });
  const baselineFrom = Date.now();
  await sleep(options.baselineSeconds * 1000);
  const abuseFrom = Date.now();
  const t = env.tenants[0]!;
  const results: CaseResult[] = [];
  for (const c of abuseCases(t.fixture.adminEmail, t.fixture.rootUnitId, options.badLogins)) {
    const r = await runCase(env, c);
    results.push(r);
    options.log(`  abuse ${c.name}: ${r.statuses} | ${r.codes} | p50 ${ms(percentile(r.latencies, 50))} max ${ms(Math.max(...r.latencies))}`);
  }
  const abuseTo = Date.now();
  done = true;
  await normal;

  const base50 = recorder.p(50, baselineFrom, abuseFrom);
  const base99 = recorder.p(99, baselineFrom, abuseFrom);
  const dur50 = recorder.p(50, abuseFrom, abuseTo);
  const dur99 = recorder.p(99, abuseFrom, abuseTo);
  const normalFailures = recorder.count((e) => !e.ok);
  const alive = env.servers.every((s) => s.running);
  const fivexx = results.reduce((n, r) => n + [...r.statuses.counts].filter(([k]) => k.startsWith('5') || k === '0').reduce((s, [, v]) => s + v, 0), 0);
  const noCode = results.reduce((n, r) => n + r.codes.get('NO_CODE') + r.codes.get('NON_JSON') + r.codes.get('ACCEPTED'), 0);
  const stacks = results.reduce((n, r) => n + r.stack, 0);

  const rows = results.map((r) =>
    `| ${r.c.name} | ${r.c.what} | ${r.c.count.toLocaleString('en')} | ${r.c.rate} / ${(r.c.count / r.seconds).toFixed(0)} | ${r.statuses} | ${r.codes} | ${ms(percentile(r.latencies, 50))} | ${ms(percentile(r.latencies, 99))} | ${ms(Math.max(...r.latencies))} | ${ratio(recorder.p(50, r.from, r.to), base50)} | ${ratio(recorder.p(99, r.from, r.to), base99)} |`);
  const markdown = [
    `Normal traffic: ${options.rate} reads/s (incidents list, me) over both processes, ${options.baselineSeconds} s alone, then during every abuse case (${((abuseTo - abuseFrom) / 1000).toFixed(0)} s). ` +
      `Abuse requests went to both processes in turn, paced at the stated rate (at most 4–16 open). The normal ratios compare normal reads during each case with the baseline (p50 ${ms(base50)}, p99 ${ms(base99)}).`,
    '',
    '| case | request | sent | req/s paced / achieved | HTTP status | code (extensions.code / userErrors) | p50 | p99 | max | normal p50 ratio | normal p99 ratio |',
    '|---|---|---:|---:|---|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    '| normal reads | p50 | p99 | requests | failed |',
    '|---|---:|---:|---:|---:|',
    `| before abuse | ${ms(base50)} | ${ms(base99)} | ${recorder.count((e) => e.at < abuseFrom)} | ${recorder.count((e) => e.at < abuseFrom && !e.ok)} |`,
    `| during abuse | ${ms(dur50)} | ${ms(dur99)} | ${recorder.count((e) => e.at >= abuseFrom)} | ${recorder.count((e) => e.at >= abuseFrom && !e.ok)} |`,
    `| ratio during / before | ${ratio(dur50, base50)} | ${ratio(dur99, base99)} | | |`,
    '',
    `Normal requests skipped because ${64} were already in flight: ${recorder.skipped}.`,
  ].join('\n');
  return {
    title: 'Phase 4: abuse while normal traffic runs',
    markdown,
    checks: [
      { name: 'no abuse request answered 5xx or dropped', pass: fivexx === 0, detail: `${fivexx}` },
      { name: 'every abuse answer carries a code', pass: noCode === 0, detail: `${noCode} without` },
      { name: 'no stack trace or HTML page in any answer', pass: stacks === 0, detail: `${stacks}` },
      { name: 'normal traffic kept working', pass: normalFailures === 0, detail: `${normalFailures} failed of ${recorder.total()}` },
      { name: 'API processes alive', pass: alive, detail: env.servers.map((s) => `${s.name} ${s.running ? 'up' : 'DOWN'}`).join(', ') },
      { name: 'normal p50 during abuse / before (reported, CPU shared)', pass: true, detail: ratio(dur50, base50) },
      { name: 'normal p99 during abuse / before (reported, CPU shared)', pass: true, detail: ratio(dur99, base99) },
    ],
  };
}
