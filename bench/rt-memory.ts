// What one incidentEvents subscription keeps on the API: one process, N sockets
// with one subscription each (from this process), RSS and a heap snapshot before
// and after, constructors compared. `node dist/bench/rt-memory.js [N] [database]`.
import fs from 'node:fs';
import path from 'node:path';
import { recreateDatabase, migrateBench } from './lib/database.js';
import { startCluster } from '../test/support/processes.js';
import { addMember, platformAdmin, provisionTenant } from '../test/support/fixtures.js';
import { WsSession, INCIDENT_EVENTS, waitUntil } from '../test/support/ws.js';
import { inBatches } from './lib/w3-setup.js';

const N = Number(process.argv[2] ?? 2000);
const database = process.argv[3] ?? 'rtmem_bench';
const MEMBERS = 10;
const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = admin.replace(/\/[^/]*$/, `/${database}`);

/** Self size and count per constructor (objects and closures) of a .heapsnapshot. */
function byConstructor(file: string): Map<string, { count: number; size: number }> {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8'));
  const fields: string[] = snap.snapshot.meta.node_fields;
  const types: string[] = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [ti, ni, si] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const out = new Map<string, { count: number; size: number }>();
  const nodes: number[] = snap.nodes;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + ti]!]!;
    const name = type === 'object' || type === 'closure' ? `${snap.strings[nodes[i + ni]!]}${type === 'closure' ? '()' : ''}` : `(${type})`;
    const row = out.get(name) ?? { count: 0, size: 0 };
    row.count += 1;
    row.size += nodes[i + si]!;
    out.set(name, row);
  }
  return out;
}

async function snapshot(pid: number, dir: string, base: string): Promise<string> {
  const before = new Set(fs.readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  let file: string | undefined;
  await waitUntil(() => {
    file = fs.readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    return !!file;
  }, 'the heap snapshot', 120_000);
  // Written synchronously: once the process answers again, the file is complete.
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const tail = fs.readFileSync(path.join(dir, file!)).subarray(-2).toString();
    if (tail.trimEnd().endsWith('}') && (await fetch(`${base}/readyz`).then((r) => r.ok, () => false))) break;
  }
  return path.join(dir, file!);
}

async function main(): Promise<void> {
  await recreateDatabase(admin, database);
  await migrateBench(url);
  const cwd = process.cwd();
  const cluster = await startCluster({
    databaseUrl: url,
    count: 1,
    port: Number(process.env.RT_MEMORY_PORT ?? 0) || undefined,
    env: { NODE_OPTIONS: '--heapsnapshot-signal=SIGUSR2', WS_MAX_SOCKETS_PER_MEMBER: String(N), ACCESS_TOKEN_TTL_SECONDS: '86400', LOGIN_RATE_PER_ADDRESS: '100000', LOGIN_RATE_PER_ACCOUNT: '100000' },
  });
  const api = cluster.servers[0]!;
  const server = cluster.server(0);
  const platform = await platformAdmin(server);
  const tenant = await provisionTenant(server, platform.token);
  const roles = ['MEMBER', 'LIAISON', 'OFFICE_DIRECTOR', 'DEPUTY_LEADER', 'AUDITOR'];
  const members = await inBatches(Array.from({ length: MEMBERS }, (_, i) => i), 2, (i) => addMember(server, tenant, [roles[i % roles.length]!]));
  // Warm-up: one socket and subscription so lazily built code paths are not counted.
  const warm = new WsSession(api.wsUrl, members[0]!.token);
  await warm.connected();
  warm.subscribe(INCIDENT_EVENTS);
  await new Promise((r) => setTimeout(r, 3000));
  const rss0 = api.rssBytes()!;
  const snap0 = await snapshot(api.pid!, cwd, api.url.replace(/\/graphql$/, ''));
  const rss0b = api.rssBytes()!;
  const sessions = await inBatches(Array.from({ length: N }, (_, i) => i), 50, async (i) => {
    const s = new WsSession(api.wsUrl, members[i % MEMBERS]!.token);
    await s.connected(60_000);
    s.subscribe(INCIDENT_EVENTS);
    return s;
  });
  // Subscriptions are registered asynchronously (one transaction each): let them settle.
  await new Promise((r) => setTimeout(r, 15_000));
  if (sessions.some((s) => s.closedWith)) throw new Error('a socket closed');
  const rss1 = api.rssBytes()!;
  const snap1 = await snapshot(api.pid!, cwd, api.url.replace(/\/graphql$/, ''));
  const rss1b = api.rssBytes()!;
  const a = byConstructor(snap0);
  const b = byConstructor(snap1);
  const rows = [...new Set([...a.keys(), ...b.keys()])].map((name) => {
    const x = a.get(name) ?? { count: 0, size: 0 };
    const y = b.get(name) ?? { count: 0, size: 0 };
    return { name, dCount: y.count - x.count, dSize: y.size - x.size };
  });
  const total = (m: Map<string, { size: number }>) => [...m.values()].reduce((s, r) => s + r.size, 0);
  const heapDelta = total(b) - total(a);
  console.log(`N=${N} sockets, one subscription each, ${MEMBERS} members`);
  console.log(`RSS before ${(rss0 / 1e6).toFixed(1)} MB, after ${(rss1 / 1e6).toFixed(1)} MB: ${Math.round((rss1 - rss0) / N)} B per subscription (after the snapshots' GC: ${(rss0b / 1e6).toFixed(1)} → ${(rss1b / 1e6).toFixed(1)} MB)`);
  console.log(`live heap before ${(total(a) / 1e6).toFixed(1)} MB, after ${(total(b) / 1e6).toFixed(1)} MB: ${Math.round(heapDelta / N)} B per subscription`);
  console.log('constructor                                   count/N    bytes/N');
  for (const r of rows.sort((p, q) => q.dSize - p.dSize).slice(0, 40)) {
    console.log(`${r.name.slice(0, 44).padEnd(44)} ${(r.dCount / N).toFixed(2).padStart(8)} ${Math.round(r.dSize / N).toString().padStart(10)}`);
  }
  fs.rmSync(snap0);
  fs.rmSync(snap1);
  await Promise.all([...sessions, warm].map((s) => s.dispose()));
  await cluster.stop();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
