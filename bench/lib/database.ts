// The benchmark database: on the server named by DATABASE_URL, or on an
// embedded PostgreSQL of its own (data kept under .data/bench-pg, its own port).
import path from 'node:path';
import pg from 'pg';
import { ensureDatabase, startEmbeddedPostgres } from '../../src/platform/db/embedded.js';
import { migrate } from '../../src/server/database.js';

export const BENCH_DATABASE = 'xinfang_bench';
const EMBEDDED_PORT = Number(process.env.BENCH_PG_PORT ?? 54339);

export interface BenchDatabase {
  /** Superuser URL of the bench database. */
  url: string;
  /** Superuser URL of the server's maintenance database (drop/create). */
  adminUrl: string;
  server: string;
  stop: () => Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function openBenchDatabase(log: (line: string) => void, database = BENCH_DATABASE): Promise<BenchDatabase> {
  let url: string;
  let adminUrl: string;
  let stop = async () => undefined as void;
  let server: string;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
    await ensureDatabase(adminUrl, database);
    url = withDatabase(adminUrl, database);
    server = 'DATABASE_URL';
  } else {
    const dir = path.resolve(process.env.BENCH_PG_DIR ?? '.data/bench-pg');
    log(`starting embedded PostgreSQL in ${dir} on port ${EMBEDDED_PORT}`);
    const db = await startEmbeddedPostgres({ dir, port: EMBEDDED_PORT, database });
    url = db.url;
    adminUrl = db.adminUrl;
    stop = db.stop;
    server = `embedded (port ${EMBEDDED_PORT})`;
  }
  return { url, adminUrl, server, stop };
}

/** Applies pending migrations; returns their names. */
export async function migrateBench(url: string): Promise<string[]> {
  return migrate(url);
}

/** Drops and re-creates a database (a half-loaded bench database is thrown away). */
export async function recreateDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${database}" with (force)`);
    await client.query(`create database "${database}"`);
  } finally {
    await client.end();
  }
}

/** The server's version string. */
export async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>('select current_setting($1) as v', ['server_version']);
    return rows[0]!.v;
  } finally {
    await client.end();
  }
}
