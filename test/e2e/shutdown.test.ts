import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort, spawnServer, type ServerProcess } from '../support/processes.js';
import { gql } from '../support/client.js';
import { WsSession, waitUntil } from '../support/ws.js';
import { DEMO_PASSWORD } from '../../src/server/demo/seed.js';

// `npm start` (node dist/src/main.js) on an embedded PostgreSQL of its own:
// Ctrl-C or SIGTERM closes websockets with 1001, stops the sweeper and the
// embedded server it started, and exits 0 within a few seconds; after a
// crash (kill -9) the next start adopts the PostgreSQL left running and
// stops it at its own shutdown.
const SLOW = 240_000;
const QUICK_EXIT_MS = 5_000;

let dataDir: string;
let pgPort: number;
let env: Record<string, string>;

const pgDir = () => path.join(dataDir, 'pg');
const postmasterPid = (): number | null => {
  const file = path.join(pgDir(), 'postmaster.pid');
  return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').split('\n')[0]) : null;
};
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

async function start(): Promise<ServerProcess> {
  return spawnServer({ dataDir, env, ownProcessGroup: true, readyTimeoutMs: 180_000, name: 'npm-start' });
}

/** Sends the signal and measures until the process is gone. */
async function stopWith(api: ServerProcess, signal: NodeJS.Signals, group: boolean): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  api.signal(signal, { group });
  const code = await api.exited();
  return { code, ms: Date.now() - started };
}

beforeAll(async () => {
  // Under the working tree like the test run's own PostgreSQL; 0755 so the "postgres" user (as root) can enter it.
  fs.mkdirSync('.test-data', { recursive: true });
  dataDir = fs.mkdtempSync(path.resolve('.test-data', 'shutdown-'));
  fs.chmodSync(dataDir, 0o755);
  pgPort = await freePort();
  env = {
    EMBEDDED_PG_PORT: String(pgPort),
    SEED_DEMO: 'true',
    // The sweeper runs (and is stopped) like in production, often enough to be mid-sweep at the signal.
    SWEEPER_ENABLED: 'true',
    SWEEPER_INTERVAL_MS: '200',
    LOG_LEVEL: 'info',
  };
});

afterAll(() => {
  // Whatever failed, no PostgreSQL of this test outlives it.
  const pid = postmasterPid();
  if (pid && alive(pid)) process.kill(pid, 'SIGQUIT');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('Ctrl-C: websockets close with 1001, the embedded PostgreSQL stops, exit 0 within seconds', async () => {
    const api = await start();
    const pid = postmasterPid();
    expect(pid && alive(pid)).toBe(true);
    const login = await gql<any>(api.url, `mutation { login(input: { email: "leader@zhaocun.demo", password: "${DEMO_PASSWORD}" }) { tokens { accessToken } } }`);
    const session = new WsSession(api.wsUrl, login.data.login.tokens.accessToken);
    await session.connected();
    const sub = session.subscribe('subscription { incidentEvents { cursor } }');
    await new Promise((r) => setTimeout(r, 500));
    expect(sub.errors).toEqual([]);

    // Ctrl-C in a terminal signals the whole process group: node and its PostgreSQL alike.
    const { code, ms } = await stopWith(api, 'SIGINT', true);
    expect({ code, quick: ms < QUICK_EXIT_MS }, api.output()).toEqual({ code: 0, quick: true });
    expect((await session.closed()).code).toBe(1001);
    expect(api.output()).toMatch(/"msg":"shut down"/);
    await waitUntil(() => !alive(pid!), 'postgres to be gone', 5_000);
    expect(postmasterPid()).toBeNull();
    expect(await portOpen(pgPort)).toBe(false);
    await session.dispose();
  }, SLOW);

  it('SIGTERM alone (a process manager): the same clean exit', async () => {
    const api = await start();
    const pid = postmasterPid()!;
    const { code, ms } = await stopWith(api, 'SIGTERM', false);
    expect({ code, quick: ms < QUICK_EXIT_MS }, api.output()).toEqual({ code: 0, quick: true });
    // An ended postgres is reaped by init once node is gone: a moment, not seconds.
    await waitUntil(() => !alive(pid), 'postgres to be gone', 2_000);
    expect(postmasterPid()).toBeNull();
    expect(await portOpen(pgPort)).toBe(false);
  }, SLOW);

  it('after kill -9 the next start adopts the PostgreSQL left running and stops it at its shutdown', async () => {
    const first = await start();
    const pid = postmasterPid()!;
    await first.kill();
    // The crash left the server running on its own.
    expect(alive(pid)).toBe(true);
    expect(await portOpen(pgPort)).toBe(true);

    const second = await start();
    expect(postmasterPid()).toBe(pid);
    expect(second.output()).toMatch(/adopted, stopped at shutdown/);
    const { code, ms } = await stopWith(second, 'SIGINT', false);
    expect({ code, quick: ms < QUICK_EXIT_MS }, second.output()).toEqual({ code: 0, quick: true });
    await waitUntil(() => !alive(pid), 'the adopted postgres to be gone', 5_000);
    expect(postmasterPid()).toBeNull();
    expect(await portOpen(pgPort)).toBe(false);
  }, SLOW);
});
