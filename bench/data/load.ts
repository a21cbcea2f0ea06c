// Makes the bench data once per database and reuses it: a marker row records
// the data spec and what later runs need (tenant ids, sign-in emails).
import pg from 'pg';
import { canonicalJson } from '../../src/platform/audit/canonical-json.js';
import { verifyChain, tenantChainSource } from '../../src/modules/log/log.verify.js';
import { createOrm } from '../../src/server/database.js';
import { migrateBench, recreateDatabase, type BenchDatabase } from '../lib/database.js';
import { provisionTenants, withDeps, type ProvisionedTenant } from './provision.js';
import { loadTenantBulk } from './bulk.js';

export interface DataSpec {
  version: number;
  tenants: number;
  incidentsPerTenant: number;
  /** Tenant 1, for W2: a year of a large tenant. */
  largeTenantIncidents: number;
}

export const FULL_SPEC: DataSpec = { version: 2, tenants: 20, incidentsPerTenant: 5000, largeTenantIncidents: 20000 };
export const QUICK_SPEC: DataSpec = { version: 2, tenants: 4, incidentsPerTenant: 500, largeTenantIncidents: 2000 };

export interface BenchData {
  spec: DataSpec;
  tenants: ProvisionedTenant[];
  loadedAt: string;
  loadSeconds: number;
}

const MARKER_TABLE = 'bench_data_marker';

export async function readBenchData(url: string): Promise<BenchData | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = (await client.query(`select to_regclass($1) as t`, [MARKER_TABLE])).rows[0].t;
    if (!exists) return null;
    const row = (await client.query(`select info from ${MARKER_TABLE} limit 1`)).rows[0];
    return (row?.info as BenchData) ?? null;
  } finally {
    await client.end();
  }
}

/** Ensures the database holds data of `spec` (loading it if not) and returns it. */
export async function ensureBenchData(db: BenchDatabase, database: string, spec: DataSpec, log: (line: string) => void): Promise<BenchData> {
  const existing = await readBenchData(db.url).catch(() => null);
  if (existing && canonicalJson(existing.spec) === canonicalJson(spec)) {
    log(`bench data present (loaded ${existing.loadedAt} in ${existing.loadSeconds}s)`);
    return existing;
  }
  log(`loading bench data: ${JSON.stringify(spec)}`);
  await recreateDatabase(db.adminUrl, database);
  await migrateBench(db.url);
  const started = Date.now();
  const tenants = await withDeps(db.url, (deps) => provisionTenants(deps, spec.tenants, log));
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  try {
    for (const t of tenants) {
      const count = t.index === 1 ? spec.largeTenantIncidents : spec.incidentsPerTenant;
      await loadTenantBulk(pool, t.id, count, t.index === 1);
      log(`loaded ${count} incidents into ${t.slug}`);
    }
    await pool.query('analyze');
    const data: BenchData = { spec, tenants, loadedAt: new Date().toISOString(), loadSeconds: Math.round((Date.now() - started) / 1000) };
    await checkChains(db.url, tenants);
    await pool.query(`create table ${MARKER_TABLE} (info jsonb not null)`);
    await pool.query(`insert into ${MARKER_TABLE} (info) values ($1)`, [JSON.stringify(data)]);
    log(`bench data loaded in ${data.loadSeconds}s`);
    return data;
  } finally {
    await pool.end();
  }
}

/** Every tenant's log chain verifies (the real verifier), or loading fails. */
async function checkChains(url: string, tenants: ProvisionedTenant[]): Promise<void> {
  const orm = await createOrm(url, 'owner', 2);
  try {
    for (const t of tenants) {
      const result = await verifyChain(tenantChainSource(orm.em.fork(), t.id), { pageSize: 5000 });
      if (!result.ok) throw new Error(`log chain of ${t.slug} does not verify at ${result.firstBrokenSeq}: ${result.reason} ${result.detail}`);
    }
  } finally {
    await orm.close(true);
  }
}
