// The delivery worker alone (no W1, no reports while it runs), after `npm run bench -- --quick --only NONE --database D` loaded D:
//   node bench/w5-drain.mjs <built tree> <superuser URL of a copy of D> [reports, default 100] [first port, default 47101]
// Makes 20 endpoints (group leader) of tenant 2 and a backlog of reports with the worker off, then starts one API of that tree with the
// worker on and prints the deliveries per second from the first arrival to the last. Use a fresh copy of D per run (it writes).
import http from 'node:http';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
const [tree, dbUrl, REPORTS = '100', PORT = '47101'] = process.argv.slice(2);
const N = Number(REPORTS);
const [apiA, receiverPort, apiB] = [Number(PORT), Number(PORT) + 1, Number(PORT) + 2];
// bench/data/provision.ts's BENCH_DATA_MASTER_KEY: the loader's tenant data keys unwrap with it.
const key = Buffer.from('xinfang-bench-data-master-key-32').toString('base64');
const ck = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const arrivals = [];
const ids = new Set();
const receiver = http.createServer((req, res) => { req.resume(); req.on('end', () => { arrivals.push(Date.now()); ids.add(req.url + req.headers['webhook-id']); res.writeHead(204).end(); }); });
await new Promise((r) => receiver.listen(receiverPort, '127.0.0.1', r));
const start = (port, worker) => {
  const child = spawn(process.execPath, [`${tree}/dist/src/main.js`], { env: { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: dbUrl, PORT: String(port), HOST: '127.0.0.1', JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789', DB_POOL_MAX: '10', LOG_LEVEL: 'warn', SEED_DEMO: 'false', SWEEPER_ENABLED: 'false', XINFANG_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'xinfang-w5-drain-')), CHECKPOINT_PRIVATE_KEY: ck, PETITIONER_MATCH_KEY: 'bench-petitioner-match-key-0123456789abcdef', DATA_MASTER_KEY: key, WEBHOOK_WORKER_ENABLED: worker ? 'true' : 'false', WEBHOOK_ALLOW_PRIVATE_NETWORKS: '127.0.0.1', LOGIN_RATE_PER_ADDRESS: '100000', LOGIN_RATE_PER_ACCOUNT: '100000' }, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
};
const ready = async (port) => { for (;;) { try { if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) return; } catch {} await new Promise((r) => setTimeout(r, 300)); } };
const post = async (port, q, v, token) => (await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query: q, variables: v }) })).json();
const login = async (port, email) => (await post(port, `mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } } }`, { input: { email, password: 'xinfang-bench-2026' } })).data.login.tokens.accessToken;
const g = (t, id) => Buffer.from(`${t}:${id}`).toString('base64url');
const db = new pg.Client({ connectionString: dbUrl }); await db.connect();
const tenant = (await db.query(`select t->>'id' as id, t->>'slug' as slug from bench_data_marker, jsonb_array_elements(info->'tenants') t where (t->>'index')::int = 2`)).rows[0];
const role = (await db.query(`select id from role where tenant_id = $1 and key = 'GROUP_LEADER'`, [tenant.id])).rows[0].id;
const unit = (await db.query(`select id from unit where tenant_id = $1 and depth = 1 order by path limit 1`, [tenant.id])).rows[0].id;
const A = start(apiA, false); await ready(apiA);
const admin = await login(apiA, `admin@${tenant.slug}.test`);
for (let i = 0; i < 20; i++) {
  const r = await post(apiA, `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { userErrors { code } } }`, { input: { url: `http://127.0.0.1:${receiverPort}/hook/${i}`, eventKinds: ['REPORTED'], roleId: g('Role', role), description: `drain ${i}` } }, admin);
  if (r.errors || r.data.createWebhookEndpoint.userErrors.length) throw new Error(JSON.stringify(r));
}
const leader = await login(apiA, `leader@${tenant.slug}.test`);
let made = 0;
await Promise.all(Array.from({ length: 5 }, async () => { while (made < N) { made++; const r = await post(apiA, `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id } } }`, { input: { category: 'INDIVIDUAL_VISIT', levelReached: 'OWN', headcount: 1, place: '信访接待室', occurredAt: new Date(Date.now() - 3600000).toISOString(), summary: `drain ${made}`, demands: '要求尽快处理', unitId: g('Unit', unit), petitioners: [{ name: '张三', contact: '13800000000' }] } }, leader); if (!r.data?.reportIncident?.incident) throw new Error(JSON.stringify(r).slice(0, 300)); } }));
A.kill('SIGTERM'); await new Promise((r) => A.once('exit', r));
const expected = N * 20;
const B = start(apiB, true);
const deadline = Date.now() + 240_000;
while (ids.size < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
const span = (Math.max(...arrivals) - Math.min(...arrivals)) / 1000;
console.log(JSON.stringify({ tree, expected, received: arrivals.length, distinct: ids.size, spanSeconds: span, perSecond: Math.round(arrivals.length / span) }));
B.kill('SIGTERM'); await new Promise((r) => B.once('exit', r));
await db.end(); receiver.close();
