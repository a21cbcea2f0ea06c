// `node dist/bench/scale.js [--tenants 40000] [--large 4] [--large-incidents 20000] [--database xinfang_scale] [--reuse] [--skip-check] [--now <iso>]`:
// the sweeper at scale. Makes a database of many tenants: a few large ones
// through the real services (bench/data/provision.ts) with incidents in bulk
// (bench/data/bulk.ts), and the many small ones as copies, in bulk SQL, of
// one tenant provisioned through tenantService.provision (so each holds what
// provisioning makes: roles, root unit, admin member, data key, working
// calendar, plan draft from the template, its log's first entry and one
// platform-log entry), with fresh ids, its own slug, data key and re-hashed
// log chains. Checks a sample through the API and the chain verifier, then
// times full sweeps with nothing due. Prints the figures as Markdown.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/platform/config/config.js';
import { createOrm } from '../src/server/database.js';
import { createLogger } from '../src/server/logger.js';
import { createServices } from '../src/server/services.js';
import { hashPassword } from '../src/modules/session/password.service.js';
import { tenantService } from '../src/modules/tenant/tenant.service.js';
import { TenantKind } from '../src/modules/tenant/tenant.enums.js';
import { inputOf } from '../src/platform/validation.js';
import { ProvisionTenantInput, TenantAdminInput } from '../src/modules/tenant/tenant.types.js';
import { ensurePlatformAdmin } from '../src/modules/user/platform-admin.service.js';
import { setTenantScope } from '../src/platform/db/tenant-scope.js';
import { platformActor, withSystemContext, type SystemDeps } from '../src/platform/system-context.js';
import { loadMasterKey, wrapDataKey } from '../src/platform/crypto/master-key.js';
import { chainHash } from '../src/platform/audit/log-hash.js';
import { hashedEntryOf, platformHashedEntryOf, type LogEntryRow, type PlatformLogRow } from '../src/modules/log/log-rows.js';
import { verifyChain, tenantChainSource, platformChainSource } from '../src/modules/log/log.verify.js';
import { runDeadlineSweep } from '../src/modules/accountability/sweeper.js';
import { openBenchDatabase, migrateBench, recreateDatabase, postgresVersion } from './lib/database.js';
import { BENCH_JWT_SECRET, BENCH_PASSWORD, provisionTenants } from './data/provision.js';
import { loadTenantBulk } from './data/bulk.js';
import { startApi } from './lib/spawn.js';
import { gql, login } from './lib/measure.js';

const { values } = parseArgs({
  options: {
    tenants: { type: 'string', default: '40000' },
    large: { type: 'string', default: '4' },
    'large-incidents': { type: 'string', default: '20000' },
    database: { type: 'string', default: 'xinfang_scale' },
    reuse: { type: 'boolean', default: false },
    sweeps: { type: 'string', default: '3' },
    /** The sweeps' "now": default a time before every deadline of the data (nothing due anywhere). */
    now: { type: 'string', default: '2025-11-01T00:00:00Z' },
    'skip-check': { type: 'boolean', default: false },
  },
});
const TOTAL = Number(values.tenants);
const LARGE = Number(values.large);
const LARGE_INCIDENTS = Number(values['large-incidents']);
const log = (line: string) => console.error(`[scale ${new Date().toISOString().slice(11, 19)}] ${line}`);
const TEMPLATE_SLUG = 'scale-template';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** One master key for the loader and the API started to check the sample (each tenant's data key is wrapped under it). */
const KEY_FILE = path.resolve('.data/scale-master-key');

function masterKeyText(): string {
  if (!fs.existsSync(KEY_FILE)) {
    fs.mkdirSync(path.dirname(KEY_FILE), { recursive: true });
    fs.writeFileSync(KEY_FILE, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return fs.readFileSync(KEY_FILE, 'utf8').trim();
}

async function withScaleDeps<T>(url: string, work: (deps: SystemDeps) => Promise<T>): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join('/tmp', 'xinfang-scale-'));
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, JWT_SECRET: BENCH_JWT_SECRET, LOG_LEVEL: 'silent', XINFANG_DATA_DIR: dataDir, DATA_MASTER_KEY: masterKeyText() });
  const orm = await createOrm(url, 'app', 4);
  try {
    return await work({ orm, config, logger: createLogger('silent'), services: createServices(config, orm) });
  } finally {
    await orm.close(true);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

type Row = Record<string, unknown>;

/** Every table's rows, keyed by table (a fresh database: small). */
async function allRows(client: pg.Client, tables: string[]): Promise<Map<string, Row[]>> {
  const out = new Map<string, Row[]>();
  for (const t of tables) out.set(t, (await client.query(`select * from "${t}"`)).rows);
  return out;
}

/** What provisioning one tenant added: the rows of every table that were not there before. */
function added(before: Map<string, Row[]>, after: Map<string, Row[]>): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const [t, rows] of after) {
    const seen = new Set((before.get(t) ?? []).map((r) => JSON.stringify(r)));
    const fresh = rows.filter((r) => !seen.has(JSON.stringify(r)));
    if (fresh.length) out.set(t, fresh);
  }
  return out;
}

/** A copy of a value with the template's ids (whole or inside strings, JSON included) and slug replaced. */
function remap(value: unknown, ids: Map<string, string>, slug: string): unknown {
  if (typeof value === 'string') return value.replace(UUID, (u) => ids.get(u) ?? u).replaceAll(TEMPLATE_SLUG, slug);
  if (Array.isArray(value)) return value.map((v) => remap(v, ids, slug));
  if (value instanceof Date) return value;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, remap(v, ids, slug)]));
  return value;
}

async function tableNames(client: pg.Client): Promise<string[]> {
  return (await client.query(`select tablename from pg_tables where schemaname = 'public' and tablename not like 'mikro_orm%' order by 1`)).rows.map((r) => r.tablename as string);
}

/** `count` copies of the template tenant, in batches, with the log guard and foreign keys off for the loading session. */
async function cloneTenants(url: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await tableNames(client);
    const template = JSON.parse(fs.readFileSync(TEMPLATE_FILE, 'utf8')) as { rows: Record<string, Row[]>; tenantId: string };
    const rows = new Map(Object.entries(template.rows));
    // Ids to replace: every id of a row provisioning made (tenant rows, the admin user, tokens).
    const ownIds = new Set<string>();
    for (const list of rows.values()) for (const r of list) if (typeof r.id === 'string') ownIds.add(r.id);
    ownIds.add(template.tenantId);
    const master = loadMasterKey(loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, JWT_SECRET: BENCH_JWT_SECRET, XINFANG_DATA_DIR: '/tmp', DATA_MASTER_KEY: masterKeyText() }));
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    let platform = (await client.query(`select seq, hash from platform_log_entry order by seq desc limit 1`)).rows[0] as { seq: string; hash: string };
    let platformSeq = Number(platform.seq);
    let platformPrev = platform.hash;
    const BATCH = 500;
    const started = Date.now();
    for (let done = 0; done < count; done += BATCH) {
      const batch: Map<string, Row[]> = new Map(tables.map((t) => [t, []]));
      for (let i = done; i < Math.min(count, done + BATCH); i++) {
        const slug = `s${String(i + 1).padStart(5, '0')}`;
        const ids = new Map([...ownIds].map((id) => [id, randomUUID()]));
        const tenantId = ids.get(template.tenantId)!;
        let prev = '';
        for (const [table, list] of rows) {
          // A set-password token is a secret of its own (its hash is unique): copies sign in with the bench password instead.
          if (table === 'password_token') continue;
          for (const r of list) {
            const copy = remap(r, ids, slug) as Row;
            if (table === 'tenant_data_key') copy.wrapped_key = wrapDataKey(master, copy.algorithm as never, randomBytes(32), tenantId, Number(copy.version));
            if (table === 'app_user' && copy.password_hash !== undefined) copy.password_hash = passwordHash;
            batch.get(table)!.push(copy);
          }
        }
        // The tenant's chain from genesis, re-hashed over the copied content.
        const entries = (batch.get('log_entry') ?? []).filter((e) => e.tenant_id === tenantId).sort((a, b) => Number(a.seq) - Number(b.seq));
        prev = (rows.get('log_entry') ?? []).slice().sort((a, b) => Number(a.seq) - Number(b.seq))[0]?.prev_hash as string;
        for (const e of entries) {
          e.prev_hash = prev;
          e.hash = chainHash(prev, hashedEntryOf(e as unknown as LogEntryRow));
          prev = e.hash as string;
        }
        for (const h of batch.get('log_head') ?? []) if (h.tenant_id === tenantId) h.hash = prev;
        // The platform chain: each copy's provisioning entry appended in turn.
        for (const p of (batch.get('platform_log_entry') ?? []).filter((x) => x.tenant_id === tenantId || x.target_id === tenantId)) {
          platformSeq += 1;
          p.seq = platformSeq;
          p.prev_hash = platformPrev;
          p.hash = chainHash(platformPrev, platformHashedEntryOf(p as unknown as PlatformLogRow));
          platformPrev = p.hash as string;
        }
      }
      await client.query('begin');
      await client.query('set local session_replication_role = replica');
      for (const [table, list] of batch) {
        if (!list.length) continue;
        await client.query(`insert into "${table}" select * from json_populate_recordset(null::"${table}", $1::json)`, [JSON.stringify(list)]);
      }
      await client.query('commit');
      const n = Math.min(count, done + BATCH);
      if (n % 5000 === 0 || n === count) log(`copied ${n} tenants (${Math.round((Date.now() - started) / 1000)}s)`);
    }
  } finally {
    await client.end();
  }
}

const TEMPLATE_FILE = path.resolve('.data/scale-template.json');

/** Provisions the template tenant through the service and records the rows it made. */
async function provisionTemplate(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await tableNames(client);
    return await withScaleDeps(url, async (deps) => {
      const admin = await withSystemContext(deps, null, (ctx) => ensurePlatformAdmin(ctx.em, 'platform@scale.test', '平台管理员', BENCH_PASSWORD));
      const before = await allRows(client, tables);
      const out = await withSystemContext(deps, platformActor(admin.id, admin.email), (ctx) =>
        tenantService.provision(ctx, inputOf(ProvisionTenantInput, {
          name: `规模镇 ${TEMPLATE_SLUG}`, slug: TEMPLATE_SLUG, kind: TenantKind.TOWN, timezone: 'Asia/Shanghai', locale: 'zh-CN',
          admin: inputOf(TenantAdminInput, { email: `admin@${TEMPLATE_SLUG}.test`, displayName: `${TEMPLATE_SLUG} 管理员` }),
        })),
      );
      if (!out.ok) throw new Error(`template: ${JSON.stringify(out.errors)}`);
      const made = added(before, await allRows(client, tables));
      fs.mkdirSync(path.dirname(TEMPLATE_FILE), { recursive: true });
      fs.writeFileSync(TEMPLATE_FILE, JSON.stringify({ tenantId: out.value.tenant.id, rows: Object.fromEntries(made) }));
      // After the rows were recorded: the template's admin signs in like the copies (checked with them).
      await client.query(`update app_user set password_hash = $2 where email = $1`, [`admin@${TEMPLATE_SLUG}.test`, await hashPassword(BENCH_PASSWORD)]);
      log(`template ${out.value.tenant.id}: ${[...made].map(([t, r]) => `${t} ${r.length}`).join(', ')}`);
      return out.value.tenant.id;
    });
  } finally {
    await client.end();
  }
}

/** A sample of copies behaves like provisioned tenants: sign-in, reads, the accountability report, a verifying log chain. */
async function checkSample(url: string, slugs: string[]): Promise<string[]> {
  const lines: string[] = [];
  const api = await startApi(url, { env: { DATA_MASTER_KEY: masterKeyText() } });
  const orm = await createOrm(url, 'owner', 2);
  try {
    for (const slug of slugs) {
      const token = await login(api.url, `admin@${slug}.test`, BENCH_PASSWORD);
      const me = await gql<any>(api.url, token, `query { me { tenant { slug } member { id } } roles(first: 50) { edges { node { id } } } units(first: 5) { edges { node { id name } } } }`);
      const made = await gql<any>(api.url, token, `mutation($input: CreateUnitInput!) { createUnit(input: $input) { unit { id } userErrors { code message } } }`, { input: { parentId: me.data.units.edges[0].node.id, name: '东村', kind: 'VILLAGE' } });
      const report = await gql<any>(api.url, token, `query { accountabilityReport(period: { from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z" }) { asOf bySource { __typename } } }`).catch((e: Error) => ({ error: e.message }));
      const tenantId = (await orm.em.fork().getConnection().execute<{ id: string }[]>(`select id from tenant where slug = ?`, [slug]))[0]!.id;
      const chain = await verifyChain(tenantChainSource(orm.em.fork(), tenantId), { pageSize: 1000 });
      // The copy's data key unwraps under the master key (bound to its tenant id).
      const key = await withScaleDeps(url, (deps) => withSystemContext(deps, null, async (ctx) => {
        await setTenantScope(ctx.em, tenantId, null);
        return deps.services.dataKeys.byVersion(ctx.em, tenantId, 1).then(() => 'unwraps', (e: Error) => `FAILS ${e.message}`);
      }));
      lines.push(`${slug}: signed in; tenant ${me.data.me.tenant.slug}, ${me.data.roles.edges.length} roles, units ${me.data.units.edges.map((e: any) => e.node.name).join('/')}; createUnit ${made.data.createUnit.unit ? 'written' : JSON.stringify(made.data.createUnit.userErrors)}; accountability report ${'error' in report ? `refused (${report.error.slice(0, 120)})` : 'answered'}; data key ${key}; log chain ${chain.ok ? 'verifies' : `BROKEN ${JSON.stringify(chain)}`}`);
    }
    const platform = await verifyChain(platformChainSource(orm.em.fork()), { pageSize: 5000 });
    lines.push(`platform log chain: ${platform.ok ? 'verifies' : `BROKEN ${JSON.stringify(platform)}`}`);
  } finally {
    await orm.close(true);
    await api.stop();
  }
  return lines;
}

async function sizes(client: pg.Client): Promise<string[]> {
  const db = (await client.query(`select pg_size_pretty(pg_database_size(current_database())) as s`)).rows[0].s;
  const idx = (await client.query(
    `select indexrelname as name, pg_size_pretty(pg_relation_size(indexrelid)) as size from pg_stat_user_indexes where indexrelname like '%agenda%' order by indexrelname`,
  )).rows;
  const total = (await client.query(`select pg_size_pretty(sum(pg_relation_size(indexrelid))) as s from pg_stat_user_indexes`)).rows[0].s;
  return [`database ${db}; all indexes ${total}`, ...idx.map((r) => `${r.name}: ${r.size}`)];
}

async function main(): Promise<void> {
  const db = await openBenchDatabase(log, values.database);
  try {
    const client = new pg.Client({ connectionString: db.url });
    if (!values.reuse) {
      await recreateDatabase(db.adminUrl, values.database!);
      await migrateBench(db.url);
      const t0 = Date.now();
      // The template first, while the database is small (its rows are found by difference).
      await provisionTemplate(db.url);
      await withScaleDeps(db.url, async (deps) => {
        const large = await provisionTenants(deps, LARGE, log);
        const pool = new pg.Pool({ connectionString: db.url, max: 2 });
        try {
          for (const t of large) {
            await loadTenantBulk(pool, t.id, LARGE_INCIDENTS, true);
            log(`loaded ${LARGE_INCIDENTS} incidents into ${t.slug}`);
          }
        } finally {
          await pool.end();
        }
      });
      const t1 = Date.now();
      await cloneTenants(db.url, TOTAL - LARGE - 1);
      await client.connect();
      await client.query('analyze');
      log(`loaded: large ${Math.round((t1 - t0) / 1000)}s, copies ${Math.round((Date.now() - t1) / 1000)}s`);
    } else {
      await client.connect();
    }
    const counts = (await client.query(`select (select count(*) from tenant)::int as tenants, (select count(*) from incident)::int as incidents, (select count(*) from incident_task)::int as tasks, (select count(*) from log_entry)::int as log_entries`)).rows[0];
    console.log(`tenants ${counts.tenants}, incidents ${counts.incidents}, tasks ${counts.tasks}, log entries ${counts.log_entries}`);
    for (const line of await sizes(client)) console.log(line);
    if (!values['skip-check']) for (const line of await checkSample(db.url, [TEMPLATE_SLUG, 's00001', 's00002', `s${String(Math.floor((TOTAL - LARGE - 1) / 2)).padStart(5, '0')}`, `s${String(TOTAL - LARGE - 1).padStart(5, '0')}`])) console.log(line);
    // Nothing due (by default): a time before every deadline of the data; the indexes are still probed over all of it.
    await withScaleDeps(db.url, async (deps) => {
      const now = new Date(values.now!);
      for (let i = 0; i < Number(values.sweeps); i++) {
        const started = process.hrtime.bigint();
        const r = await runDeadlineSweep(deps, { now });
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        console.log(`sweep ${i + 1}: ${ms.toFixed(0)} ms, visited ${r.tenants} tenants, findings ${r.findings}, occurrences ${r.occurrences}, due soon ${r.dueSoon}, deferred ${r.deferred.length}, failures ${r.failures.length}`);
      }
    });
    console.log(`PostgreSQL ${await postgresVersion(db.url)}`);
    await client.end();
  } finally {
    await db.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
