import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createOrm } from '../../src/server/database.js';
import { tenantOwnedTables } from '../../src/platform/db/table-policies.js';
import { tablePolicyRules } from '../../src/server/table-rules.js';
import { Unit } from '../../src/modules/unit/unit.entity.js';
import { setTenantScope } from '../../src/platform/db/tenant-scope.js';
import { parseGlobalId } from '../../src/platform/ids.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { createUnit, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';

let server: TestServer;
let su: pg.Client;
let a: TenantFixture;
let b: TenantFixture;

/**
 * Tables that carry a tenant_id but are platform-level (not distributed by tenant).
 * petition_receipt maps a receipt number to its tenant for the public petitionStatus lookup.
 */
// outbox_cursor: per tenant only the log position expanded and an endpoint count (the delivery worker finds its tenants in one statement).
const PLATFORM_TABLES_WITH_TENANT_COLUMN = new Set(['session', 'platform_log_entry', 'tenant', 'petition_receipt', 'outbox_cursor']);

beforeAll(async () => {
  server = await startTestServer();
  su = await superuserClient(server.databaseUrl);
  const platform = await platformAdmin(server);
  a = await provisionTenant(server, platform.token);
  b = await provisionTenant(server, platform.token);
  await createUnit(server, a.adminToken, a.rootUnitId, 'A office');
  await createUnit(server, b.adminToken, b.rootUnitId, 'B office');
});
afterAll(async () => {
  await su?.end();
  await server?.stop();
});

const rawId = (globalId: string) => parseGlobalId(globalId)!.id;

describe('row-level security backstop', () => {
  it('raw SQL and an unfiltered query builder inside tenant A see none of B', async () => {
    const em = server.orm.em.fork();
    await em.transactional(async (tx) => {
      await setTenantScope(tx, rawId(a.id), null);
      const raw = await tx.getConnection().execute<{ tenant_id: string }[]>('select tenant_id from unit', [], 'all', tx.getTransactionContext());
      expect(raw.length).toBeGreaterThan(0);
      expect(new Set(raw.map((r) => r.tenant_id))).toEqual(new Set([rawId(a.id)]));
      const qb = await tx.createQueryBuilder(Unit).select('*').getResultList();
      expect(qb.every((u) => u.tenant.id === rawId(a.id))).toBe(true);
      // Even asking for B's rows by name finds nothing.
      const asked = await tx.getConnection().execute('select * from unit where tenant_id = ?', [rawId(b.id)], 'all', tx.getTransactionContext());
      expect(asked).toHaveLength(0);
      const members = await tx.getConnection().execute<{ n: string }[]>('select count(*) as n from member where tenant_id = ?', [rawId(b.id)], 'all', tx.getTransactionContext());
      expect(Number(members[0]!.n)).toBe(0);
    });
  });

  it('a statement outside any tenant context sees no tenant rows at all', async () => {
    const rows = await server.orm.em.fork().getConnection().execute('select * from unit');
    expect(rows).toHaveLength(0);
  });

  it('a cross-tenant insert is rejected', async () => {
    const em = server.orm.em.fork();
    await expect(
      em.transactional(async (tx) => {
        await setTenantScope(tx, rawId(a.id), null);
        await tx.getConnection().execute(
          `insert into unit (tenant_id, id, kind, name, path, depth) values (?, gen_random_uuid(), 'OFFICE', 'sneaky', '/x/', 1)`,
          [rawId(b.id)], 'run', tx.getTransactionContext(),
        );
      }),
    ).rejects.toThrow(/row-level security/);
  });

  it('the ORM filter fails closed when no tenant was set', async () => {
    await expect(server.orm.em.fork().find(Unit, {})).rejects.toThrow(/No arguments provided for filter 'tenant'/);
  });

  it('the application role owns nothing and cannot bypass RLS', async () => {
    const { rows } = await su.query(`select rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = 'xinfang_app'`);
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false });
    const owned = await su.query(`select tablename from pg_tables where schemaname = 'public' and tableowner = 'xinfang_app'`);
    expect(owned.rows).toHaveLength(0);
  });
});

describe('database catalog: keys ready for distribution by tenant', () => {
  const tenantTables = () => tenantOwnedTables(server.orm.getMetadata());

  it('every table with a tenant_id column is tenant-owned or a known platform table', async () => {
    const { rows } = await su.query(
      `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id'`,
    );
    const owned = new Set(tenantTables());
    const stray = rows.map((r) => r.table_name).filter((t: string) => !owned.has(t) && !PLATFORM_TABLES_WITH_TENANT_COLUMN.has(t));
    expect(stray).toEqual([]);
  });

  it('tenant-owned tables: primary key (tenant_id, id), RLS enabled and forced, isolation policy', async () => {
    const problems: string[] = [];
    for (const table of tenantTables()) {
      const pk = await su.query(
        `select array_agg(a.attname::text order by k.ord) as cols from pg_constraint c
         cross join lateral unnest(c.conkey) with ordinality as k(attnum, ord)
         join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
         where c.conrelid = $1::regclass and c.contype = 'p'`,
        [table],
      );
      const cols: string[] = pk.rows[0]?.cols ?? [];
      const hasId = (await su.query(`select 1 from information_schema.columns where table_name = $1 and column_name = 'id'`, [table])).rowCount;
      const expected = hasId ? ['tenant_id', 'id'] : ['tenant_id'];
      if (cols.join(',') !== expected.join(',')) problems.push(`${table}: primary key (${cols}) should be (${expected})`);
      const rls = await su.query(`select relrowsecurity, relforcerowsecurity from pg_class where oid = $1::regclass`, [table]);
      if (!rls.rows[0]?.relrowsecurity || !rls.rows[0]?.relforcerowsecurity) problems.push(`${table}: RLS not enabled and forced`);
      const policy = await su.query(`select qual, with_check from pg_policies where tablename = $1 and policyname = 'tenant_isolation'`, [table]);
      if (!policy.rowCount || !String(policy.rows[0].qual).includes("current_setting('app.tenant_id'")) problems.push(`${table}: no tenant_isolation policy`);
    }
    expect(problems).toEqual([]);
  });

  it('every unique constraint and unique index of a tenant-owned table leads with tenant_id', async () => {
    const { rows } = await su.query(
      `select t.relname as table, i.relname as index, (select attname from pg_attribute where attrelid = t.oid and attnum = x.indkey[0]) as first_col
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace
       where n.nspname = 'public' and x.indisunique and t.relname = any($1)`,
      [tenantTables()],
    );
    const bad = rows.filter((r) => r.first_col !== 'tenant_id').map((r) => `${r.table}.${r.index}`);
    expect(bad).toEqual([]);
  });

  it('foreign keys between tenant-owned tables share tenant_id; none cascades updates or sets null over it', async () => {
    const { rows } = await su.query(
      `select c.conname, src.relname as src, dst.relname as dst, c.confupdtype, c.confdeltype,
         (select array_agg(attname::text order by k.ord) from unnest(c.conkey) with ordinality k(n, ord) join pg_attribute on attrelid = c.conrelid and attnum = k.n) as cols,
         (select array_agg(attname::text order by k.ord) from unnest(c.confkey) with ordinality k(n, ord) join pg_attribute on attrelid = c.confrelid and attnum = k.n) as refcols
       from pg_constraint c join pg_class src on src.oid = c.conrelid join pg_class dst on dst.oid = c.confrelid
       join pg_namespace n on n.oid = src.relnamespace
       where c.contype = 'f' and n.nspname = 'public'`,
    );
    const owned = new Set(tenantTables());
    const problems: string[] = [];
    for (const fk of rows) {
      const overTenant = (fk.cols as string[]).includes('tenant_id');
      if (overTenant && fk.confupdtype === 'c') problems.push(`${fk.conname}: ON UPDATE CASCADE over tenant_id`);
      if (overTenant && (fk.confdeltype === 'n' || fk.confdeltype === 'd')) problems.push(`${fk.conname}: ON DELETE SET NULL/DEFAULT over tenant_id`);
      if (owned.has(fk.src) && owned.has(fk.dst)) {
        const i = (fk.cols as string[]).indexOf('tenant_id');
        if (i < 0 || (fk.refcols as string[])[i] !== 'tenant_id') problems.push(`${fk.conname}: ${fk.src} → ${fk.dst} does not share tenant_id`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every tenant-owned table except the log itself and the outbox\'s bookkeeping refuses changes without a log entry', async () => {
    const { rows } = await su.query(
      `select c.relname from pg_trigger t join pg_class c on c.oid = t.tgrelid where t.tgname = 'require_log_entry' and t.tgdeferrable`,
    );
    const guarded = new Set(rows.map((r) => r.relname));
    const operational = new Set(tablePolicyRules.operational ?? []);
    const missing = tenantTables().filter((t) => !guarded.has(t) && t !== 'log_entry' && t !== 'log_head' && !operational.has(t));
    // Bookkeeping is the exception, not a way around the log: only these four (an export job's
    // claim, lease and progress; its start, completion and downloads are logged by the service).
    expect([...operational].sort()).toEqual(['export_job', 'notification', 'webhook_attempt', 'webhook_delivery']);
    expect(missing).toEqual([]);
    // The deferred check only sees what the immediate trigger marks: both, on every guarded table.
    const marked = await su.query(`select c.relname from pg_trigger t join pg_class c on c.oid = t.tgrelid where t.tgname = 'mark_unlogged' and not t.tgdeferrable`);
    expect([...guarded].filter((t) => !marked.rows.some((r) => r.relname === t))).toEqual([]);
  });
});

describe('migrations', () => {
  it('entities and migrations agree (no schema difference after migrating)', async () => {
    const orm = await createOrm(server.databaseUrl, 'owner', 1);
    try {
      const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
      expect(diff.trim()).toBe('');
    } finally {
      await orm.close(true);
    }
  });
});
