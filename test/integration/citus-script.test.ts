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
});
