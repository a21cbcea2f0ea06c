// The Citus distribution script (docker/citus/distribute.sql) is generated
// from the migrated catalog; this holds it to the migrations: a tenant-owned
// table added without regenerating it fails here, and so does a key or
// foreign key Citus would refuse.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createTestDatabase, superuserClient } from '../support/db.js';
import { generateCitusScript, type Query } from '../../src/admin/citus-script.js';

const committedPath = path.resolve(__dirname, '../../docker/citus/distribute.sql');
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let client: pg.Client;
const query: Query = async (sql) => (await client.query(sql)).rows;

beforeAll(async () => {
  db = await createTestDatabase();
  client = await superuserClient(db.url);
});
afterAll(async () => {
  await client?.end();
  await db?.drop();
});

describe('the Citus distribution script', () => {
  it('is the one the migrations produce (regenerate: npm run admin -- citus-script --out docker/citus/distribute.sql)', async () => {
    const script = await generateCitusScript(query);
    expect(script.problems).toEqual([]);
    expect(script.sql).toBe(fs.readFileSync(committedPath, 'utf8'));
  });

  it('distributes every table with a tenant_id by it, co-located with the log', async () => {
    const script = await generateCitusScript(query);
    const { rows } = await client.query(`select c.relname from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id'
      where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' order by 1`);
    const own = rows.map((r) => r.relname as string).filter((n) => !['petition_receipt', 'platform_log_entry', 'session'].includes(n));
    expect(own.length).toBeGreaterThan(40);
    for (const name of own) {
      expect(script.placement.get(name), name).toBe('distributed(tenant_id)');
      expect(script.sql).toContain(`create_distributed_table('${name}', 'tenant_id', colocate_with => '${name === 'log_head' ? 'none' : 'log_head'}')`);
    }
  });

  it('fails for a new tenant-owned table left out, and names a key Citus would refuse', async () => {
    await client.query('begin');
    try {
      await client.query(`create table citus_probe_table (tenant_id uuid not null, id uuid not null, code text, primary key (tenant_id, id), unique (code))`);
      const script = await generateCitusScript(query);
      expect(script.sql).not.toBe(fs.readFileSync(committedPath, 'utf8'));
      expect(script.sql).toContain(`create_distributed_table('citus_probe_table', 'tenant_id'`);
      expect(script.problems).toEqual([expect.stringContaining('citus_probe_table: unique key citus_probe_table_code_key (code) lacks the distribution column tenant_id')]);
      await client.query(`create table citus_unplaced (id uuid primary key)`);
      await expect(generateCitusScript(query)).rejects.toThrow(/citus_unplaced/);
    } finally {
      await client.query('rollback');
    }
  });

  it('names foreign keys Citus would refuse, and shows sequences and triggers on a new table', async () => {
    await client.query('begin');
    try {
      await client.query(`create table citus_probe_fk (tenant_id uuid not null, id uuid not null, incident_id uuid, other_id uuid, n serial,
        primary key (tenant_id, id),
        constraint citus_probe_set_null foreign key (tenant_id, incident_id) references incident (tenant_id, id) on delete set null,
        constraint citus_probe_crossed foreign key (other_id, tenant_id) references incident (tenant_id, id))`);
      await client.query(`create trigger probe_append_only before update on citus_probe_fk for each row execute function xf_append_only()`);
      const script = await generateCitusScript(query);
      expect(script.problems.sort()).toEqual([
        'citus_probe_crossed: citus_probe_fk(other_id, tenant_id) → incident(tenant_id, id) does not join on the distribution columns',
        'citus_probe_set_null: citus_probe_fk(tenant_id, incident_id) holds the distribution column tenant_id and ON DELETE SET NULL',
      ]);
      expect(script.sql).toContain('-- * Sequences on distributed or reference tables: citus_probe_fk.n (integer).');
      expect(script.sql).toMatch(/-- {3}probe_append_only → xf_append_only\(\):\n-- {5}citus_probe_fk\./);
      expect(script.sql).toContain('2 Citus would refuse (the generator names them)');
    } finally {
      await client.query('rollback');
    }
  });

  it('turns on triggers on the shards exactly when a distributed or reference table has one', async () => {
    const { rows } = await client.query(`select count(distinct t.tgrelid)::int as n from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where not t.tgisinternal and c.relnamespace = 'public'::regnamespace and c.relname <> 'mikro_orm_migrations'`);
    const script = await generateCitusScript(query);
    expect(rows[0].n).toBeGreaterThan(0);
    expect(script.sql).toContain(`-- * Triggers on ${rows[0].n} distributed or reference tables;`);
    const on = script.sql.indexOf('ALTER SYSTEM SET citus.enable_unsafe_triggers = on;');
    expect(on).toBeGreaterThan(0);
    expect(on).toBeLessThan(script.sql.indexOf('create_reference_table'));
  });
});
