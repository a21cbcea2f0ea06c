// Real API processes (`node dist/src/main.js`) against one database: for
// multi-instance tests, restarts, benchmarks and soak runs. Build first
// (`npx tsc -p .`; the test run's global setup does it when dist is stale).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig, type Config } from '../../src/platform/config/config.js';
import { createOrm } from '../../src/server/database.js';
import { createLogger } from '../../src/server/logger.js';
import { createServices } from '../../src/server/services.js';
import type { SystemDeps } from '../../src/platform/system-context.js';
import { TEST_DATA_MASTER_KEY, TEST_JWT_SECRET, type TestServer } from './server.js';
import { freePort } from './free-port.js';

export { freePort, TEST_JWT_SECRET };

export const MAIN_JS = path.resolve('dist/src/main.js');

export interface SpawnOptions {
  /** Unset: the process starts its own embedded PostgreSQL under its data directory (on `EMBEDDED_PG_PORT`). */
  databaseUrl?: string;
  /** Its XINFANG_DATA_DIR; default a fresh temporary one. Reused across restarts either way. */
  dataDir?: string;
  /** In a process group of its own, as `npm start` in a terminal: `signal(..., { group: true })` is Ctrl-C. */
  ownProcessGroup?: boolean;
  /** Extra environment (ACCESS_TOKEN_TTL_SECONDS, WS_* limits, LOG_LEVEL ...). */
  env?: Record<string, string>;
  port?: number;
  /** Shown in failure messages. */
  name?: string;
  readyTimeoutMs?: number;
}

export interface ServerProcess {
  name: string;
  /** Its XINFANG_DATA_DIR (generated keys); removed when the test process exits. */
  dataDir: string;
  port: number;
  url: string;
  wsUrl: string;
  readonly pid: number | undefined;
  readonly running: boolean;
  /** The last lines the process printed (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM (graceful: drains HTTP, closes sockets with 1001), SIGKILL after the timeout. */
  stop(timeoutMs?: number): Promise<number | null>;
  /** SIGKILL: a crash, nothing drained. */
  kill(): Promise<number | null>;
  /** Sends a signal (to its whole process group with `group`, like Ctrl-C) without waiting. */
  signal(signal: NodeJS.Signals, options?: { group?: boolean }): void;
  /** Resolves with the exit code once the process has ended. */
  exited(): Promise<number | null>;
  /** Stops (gracefully unless `crash`) and starts again on the same port and environment. */
  restart(options?: { crash?: boolean }): Promise<void>;
  /** Resident set size in bytes (Linux /proc), or null when not running. */
  rssBytes(): number | null;
}

const OUTPUT_KEEP = 64 * 1024;

// Whatever happens to the test run, no API process outlives it and no data directory stays behind.
const children = new Set<ChildProcess>();
const dataDirs = new Set<string>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts one API process and resolves once /readyz answers 200. */
export async function spawnServer(options: SpawnOptions): Promise<ServerProcess> {
  if (!fs.existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npx tsc -p .\` first`);
  const port = options.port ?? (await freePort());
  const name = options.name ?? `api:${port}`;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'xinfang-proc-'));
  // As root the embedded PostgreSQL runs as the "postgres" user, which must be able to enter it.
  if (!options.dataDir) {
    fs.chmodSync(dataDir, 0o755);
    dataDirs.add(dataDir);
  }
  let child: ChildProcess | null = null;
  let output = '';
  let exited: Promise<number | null> = Promise.resolve(null);

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    JWT_SECRET: TEST_JWT_SECRET,
    DATA_MASTER_KEY: TEST_DATA_MASTER_KEY,
    SEED_DEMO: 'false',
    SWEEPER_ENABLED: 'false',
    XINFANG_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    ...options.env,
  };

  const start = async () => {
    output = '';
    const proc = spawn(process.execPath, [MAIN_JS], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: !!options.ownProcessGroup });
    child = proc;
    children.add(proc);
    proc.once('exit', () => children.delete(proc));
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEEP);
    };
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
    let gone = false;
    void exited.then(() => (gone = true));
    for (;;) {
      if (gone) throw new Error(`${name} exited during start:\n${output}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`${name} not ready in time:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const stopWith = async (signal: NodeJS.Signals, timeoutMs: number): Promise<number | null> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return proc?.exitCode ?? null;
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  await start();
  const handle: ServerProcess = {
    name,
    dataDir,
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    get pid() {
      return child?.pid;
    },
    get running() {
      return !!child && child.exitCode === null && child.signalCode === null;
    },
    output: () => output,
    stop: (timeoutMs = 15_000) => stopWith('SIGTERM', timeoutMs),
    kill: () => stopWith('SIGKILL', 5_000),
    signal: (signal, opts = {}) => {
      const pid = child?.pid;
      if (pid) process.kill(opts.group ? -pid : pid, signal);
    },
    exited: () => exited,
    restart: async (opts = {}) => {
      if (opts.crash) await handle.kill();
      else await handle.stop();
      await start();
    },
    rssBytes: () => {
      const pid = child?.pid;
      if (!pid || !handle.running) return null;
      try {
        const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
        const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
        return kb ? Number(kb) * 1024 : null;
      } catch {
        return null;
      }
    },
  };
  return handle;
}

export interface Cluster {
  databaseUrl: string;
  servers: ServerProcess[];
  /** In-process ORM and services on the same database, for fixtures (platform admin) and checks. */
  deps: SystemDeps;
  /** A fixture-compatible view of server i (URL of that process, shared deps). */
  server(i: number): TestServer;
  stop(): Promise<void>;
}

/** `count` API processes on one database (copied from the migrated template by the caller). */
export async function startCluster(options: { databaseUrl: string; count: number; env?: Record<string, string>; /** First port (then consecutive); default free ones. */ port?: number }): Promise<Cluster> {
  const servers = await Promise.all(
    Array.from({ length: options.count }, (_, i) =>
      spawnServer({ databaseUrl: options.databaseUrl, env: options.env, name: `api-${String.fromCharCode(65 + i)}`, port: options.port ? options.port + i : undefined }),
    ),
  );
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    JWT_SECRET: TEST_JWT_SECRET,
    DATA_MASTER_KEY: TEST_DATA_MASTER_KEY,
    LOG_LEVEL: 'silent',
    XINFANG_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'xinfang-cluster-')),
    ...options.env,
  });
  const orm: MikroORM = await createOrm(options.databaseUrl, 'app', 4);
  const deps: SystemDeps = { orm, config, logger: createLogger('silent'), services: createServices(config, orm) };
  return {
    databaseUrl: options.databaseUrl,
    servers,
    deps,
    server: (i) =>
      ({
        url: servers[i]!.url,
        wsUrl: servers[i]!.wsUrl,
        databaseUrl: options.databaseUrl,
        orm,
        config,
        services: deps.services,
        deps,
        stop: async () => undefined,
      }) as unknown as TestServer,
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await orm.close(true);
      fs.rmSync(config.dataDir, { recursive: true, force: true });
      for (const s of servers) {
        fs.rmSync(s.dataDir, { recursive: true, force: true });
        dataDirs.delete(s.dataDir);
      }
    },
  };
}
