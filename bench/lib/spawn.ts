// The three servers of a comparison, as child processes on loopback: our API
// (dist/src/main.js, production settings), the baseline and the peer.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { freePort, spawnServer, type ServerProcess } from '../../test/support/processes.js';
import { BENCH_JWT_SECRET } from '../data/provision.js';

export interface BenchServer {
  name: string;
  url: string;
  pid: number | undefined;
  /** Statements sent to PostgreSQL so far (baseline and peer count in their pool; null for the API, which reports per response). */
  statements(): Promise<number | null>;
  stop(): Promise<void>;
}

const CHECKPOINT_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

export async function startApi(databaseUrl: string, options: { cpuProfDir?: string } = {}): Promise<BenchServer> {
  const proc: ServerProcess = await spawnServer({
    databaseUrl,
    name: 'api',
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SWEEPER_ENABLED: 'false',
      JWT_SECRET: BENCH_JWT_SECRET,
      CHECKPOINT_PRIVATE_KEY: CHECKPOINT_KEY,
      EXPOSE_SQL_COUNT: 'true',
      ACCESS_TOKEN_TTL_SECONDS: String(24 * 3600),
      LOGIN_RATE_PER_ADDRESS: '100000',
      LOGIN_RATE_PER_ACCOUNT: '100000',
      DB_POOL_MAX: '10',
      ...(options.cpuProfDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${options.cpuProfDir}` } : {}),
    },
  });
  return {
    name: 'api',
    url: proc.url,
    get pid() {
      return proc.pid;
    },
    statements: async () => null,
    stop: async () => {
      await proc.stop(30_000);
    },
  };
}

async function startScript(name: string, script: string, databaseUrl: string): Promise<BenchServer> {
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [path.resolve(script)], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: String(port), JWT_SECRET: BENCH_JWT_SECRET, DB_POOL_MAX: '10' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (c: Buffer) => (output = (output + c.toString()).slice(-16_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  process.once('exit', () => child.kill('SIGKILL'));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited:\n${output}`);
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} not ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name,
    url: `${base}/graphql`,
    pid: child.pid,
    statements: async () => ((await (await fetch(`${base}/stats`)).json()) as { statements: number }).statements,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export const startBaseline = (databaseUrl: string) => startScript('baseline', 'dist/bench/baseline/server.js', databaseUrl);
export const startPeer = (databaseUrl: string) => startScript('peer', 'dist/bench/peer/server.js', databaseUrl);
