// Starts a real PostgreSQL (embedded, or the server named by DATABASE_URL),
// builds a migrated template database once, and hands its name to the tests;
// each test file then copies it into a database of its own.
import 'reflect-metadata';
import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';
import { spawnSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/platform/db/embedded.js';
import { migrate } from '../../src/server/database.js';
import { freePort } from './free-port.js';

let embedded: EmbeddedDatabase | null = null;
let adminUrl = '';
let template = '';


function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Whether some source under src/ is newer than its compiled file in dist/. */
function distIsStale(): boolean {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  return walk(path.resolve('src'))
    .filter((f) => f.endsWith('.ts'))
    .some((f) => {
      const out = path.resolve('dist', path.relative(process.cwd(), f)).replace(/\.ts$/, '.js');
      return !fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(f).mtimeMs;
    });
}

export async function setup(project: TestProject): Promise<void> {
  // Tests that spawn API processes (test/support/processes.ts) run dist/src/main.js.
  if (distIsStale()) {
    const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build for process tests failed:\n${build.stdout}${build.stderr}`);
  }
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    const dir = path.resolve('.test-data', `pg-${process.pid}`);
    fs.rmSync(dir, { recursive: true, force: true });
    embedded = await startEmbeddedPostgres({ dir, port: await freePort(), database: 'postgres' });
    adminUrl = embedded.adminUrl;
  }
  template = `xf_tpl_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  await admin.end();
  await migrate(withDatabase(adminUrl, template));
  project.provide('db', { adminUrl, template, prefix: `xf_t_${process.pid}` });
}

export async function teardown(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const { rows } = await admin.query(`select datname from pg_database where datname like $1 or datname = $2`, [`xf_t_${process.pid}_%`, template]);
  for (const r of rows) await admin.query(`drop database if exists "${r.datname}" with (force)`).catch(() => undefined);
  await admin.end();
  if (embedded) {
    await embedded.stop();
    fs.rmSync(path.resolve('.test-data', `pg-${process.pid}`), { recursive: true, force: true });
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    db: { adminUrl: string; template: string; prefix: string };
  }
}
