// W3 on its own: `npx tsc -p . && node dist/bench/w3.js [--runs 3] [--duration 10]
// [--subscribers 1000] [--tenants 20] [--rate 20] [--instances 2] [--clients thread|process]
// [--database NAME] [--profile dir]`. With
// DATABASE_URL (a superuser URL) it works in a fresh database on that server,
// dropped afterwards; without, in an embedded PostgreSQL in a temporary directory.
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/platform/db/embedded.js';
import { migrate } from '../src/server/database.js';
import { freePort } from '../test/support/processes.js';
import { runW3WithOptions } from './workloads/w3-realtime.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    subscribers: { type: 'string' },
    tenants: { type: 'string' },
    rate: { type: 'string' },
    profile: { type: 'string' },
    instances: { type: 'string' },
    clients: { type: 'string' },
    /** Name of the scratch database (default xf_w3_<pid>); dropped afterwards. */
    database: { type: 'string' },
  },
});
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function main(): Promise<void> {
  let embedded: EmbeddedDatabase | null = null;
  let tmp: string | null = null;
  let adminUrl = process.env.DATABASE_URL;
  try {
    if (!adminUrl) {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xinfang-w3-pg-'));
      // As root, PostgreSQL runs as a "postgres" user: it must be able to enter the directory.
      fs.chmodSync(tmp, 0o755);
      embedded = await startEmbeddedPostgres({ dir: path.join(tmp, 'data'), port: await freePort(), database: 'postgres' });
      adminUrl = embedded.adminUrl;
    }
    await runIn(adminUrl);
  } finally {
    await embedded?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Works in a fresh database on the server of `adminUrl`, dropped afterwards. */
async function runIn(adminUrl: string): Promise<void> {
  const database = values.database ?? `xf_w3_${process.pid}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`--database: ${database} is not a plain lower-case name`);
  const clients = values.clients;
  if (clients !== undefined && clients !== 'thread' && clients !== 'process') throw new Error('--clients is thread or process');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  const databaseUrl = withDatabase(adminUrl, database);
  try {
    await migrate(databaseUrl);
    const profileDir = values.profile ? path.resolve(values.profile) : null;
    if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
    const report = await runW3WithOptions(
      {
        databaseUrl,
        runs: Math.max(1, Number(values.runs)),
        durationSeconds: Number(values.duration),
        log: (line) => console.error(line),
      },
      { subscribers: num(values.subscribers), tenants: num(values.tenants), rate: num(values.rate), profileDir, instances: num(values.instances), clients },
    );
    console.log(`## ${report.title}\n\n${report.markdown}\n`);
    for (const t of report.targets) console.log(`- ${t.met ? 'met' : 'MISSED'}: ${t.name} (${t.detail})`);
    if (profileDir) console.log(`\nCPU profiles of the API processes: ${profileDir}`);
  } finally {
    await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
