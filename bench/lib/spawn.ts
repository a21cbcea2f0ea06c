// The three servers of a comparison, as child processes on loopback: our API
// (dist/src/main.js, production settings), the baseline and the peer.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DATA_MASTER_KEY, BENCH_JWT_SECRET } from '../data/provision.js';
import { freePort } from '../../test/support/free-port.js';

export interface BenchServer {
  name: string;
  url: string;
  pid: number | undefined;
  /** Statements sent to PostgreSQL so far (baseline and peer count in their pool; null for the API, which reports per response). */
  statements(): Promise<number | null>;
  stop(): Promise<void>;
}


const CHECKPOINT_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

export async function startApi(databaseUrl: string, options: { cpuProfDir?: string; env?: Record<string, string> } = {}): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinfang-bench-api-'));
  const server = await startScript('api', 'dist/src/main.js', databaseUrl, {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    SWEEPER_ENABLED: 'false',
    XINFANG_DATA_DIR: dataDir,
    CHECKPOINT_PRIVATE_KEY: CHECKPOINT_KEY,
    PETITIONER_MATCH_KEY: 'bench-petitioner-match-key-0123456789abcdef',
    // The loader's: every API instance must unwrap the tenant keys the bench data was made with.
    DATA_MASTER_KEY: BENCH_DATA_MASTER_KEY,
    EXPOSE_SQL_COUNT: 'true',
    ACCESS_TOKEN_TTL_SECONDS: String(24 * 3600),
    LOGIN_RATE_PER_ADDRESS: '100000',
    LOGIN_RATE_PER_ACCOUNT: '100000',
    ...options.env,
  }, options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []);
  return {
    ...server,
    statements: async () => null,
    stop: async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startScript(name: string, script: string, databaseUrl: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<BenchServer> {
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, path.resolve(script)], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: String(port), JWT_SECRET: BENCH_JWT_SECRET, DB_POOL_MAX: '10', ...env },
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
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export const startBaseline = (databaseUrl: string) => startScript('baseline', 'dist/bench/baseline/server.js', databaseUrl);
export const startPeer = (databaseUrl: string) => startScript('peer', 'dist/bench/peer/server.js', databaseUrl);
