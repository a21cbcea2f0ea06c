// One comparison: our API, the baseline and the peer started on the bench
// database, with a signed-in group leader per tenant.
import type { BenchEnv } from './types.js';
import { readBenchData, type BenchData } from '../data/load.js';
import { BENCH_PASSWORD } from '../data/provision.js';
import { startApi, startBaseline, startPeer, type BenchServer } from './spawn.js';
import { login } from './measure.js';

export interface Trio {
  data: BenchData;
  api: BenchServer;
  baseline: BenchServer;
  peer: BenchServer | null;
  /** Access tokens of each tenant's group leader, by tenant index (1 = the large tenant). */
  tokens: Map<number, string>;
  stop(): Promise<void>;
}

export async function startTrio(env: BenchEnv, options: { peer: boolean; cpuProfDir?: string; apiEnv?: Record<string, string> }): Promise<Trio> {
  const data = await readBenchData(env.databaseUrl);
  if (!data) throw new Error('bench data missing: run through bench/run.ts');
  const started: BenchServer[] = [];
  try {
    const api = await startApi(env.databaseUrl, { cpuProfDir: options.cpuProfDir ?? process.env.BENCH_CPU_PROF_DIR, env: options.apiEnv });
    started.push(api);
    const baseline = await startBaseline(env.databaseUrl);
    started.push(baseline);
    const peer = options.peer ? await startPeer(env.databaseUrl) : null;
    if (peer) started.push(peer);
    const tokens = new Map<number, string>();
    for (const t of data.tenants) tokens.set(t.index, await login(api.url, t.leaderEmail, BENCH_PASSWORD));
    return { data, api, baseline, peer, tokens, stop: () => stopAll(started) };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

async function stopAll(servers: BenchServer[]): Promise<void> {
  for (const s of servers.reverse()) await s.stop().catch(() => undefined);
}
