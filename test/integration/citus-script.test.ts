// The Citus distribution script (docker/citus/distribute.sql) is generated
// from the migrated catalog; this holds it to the migrations: a tenant-owned
// table added without regenerating it fails here, and so does a key or
// foreign key Citus would refuse; the recorded hot statements are read
// against Citus's planner rules.
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
        constraint citus_probe_crossed foreign key (other_id, tenant_id) references incident (tenant_id, id),
        constraint citus_probe_update foreign key (tenant_id, other_id) references incident (tenant_id, id) on delete cascade on update cascade)`);
      await client.query(`create trigger probe_append_only before update on citus_probe_fk for each row execute function xf_append_only()`);
      const script = await generateCitusScript(query);
      expect(script.problems.sort()).toEqual([
        'citus_probe_crossed: citus_probe_fk(other_id, tenant_id) → incident(tenant_id, id) does not join on the distribution columns',
        'citus_probe_set_null: citus_probe_fk(tenant_id, incident_id) holds the distribution column tenant_id and ON DELETE SET NULL',
        'citus_probe_update: citus_probe_fk(tenant_id, other_id) holds the distribution column tenant_id and ON UPDATE CASCADE',
      ]);
      expect(script.sql).toContain('-- * Sequences on distributed or reference tables: citus_probe_fk.n (integer).');
      expect(script.sql).toMatch(/-- {3}probe_append_only → xf_append_only\(\):\n-- {5}citus_probe_fk\./);
      expect(script.sql).toContain('3 Citus would refuse (the generator names them)');
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

// The hot statements recorded by the SQL snapshots, against what Citus's planner refuses or
// routes otherwise (its source: planner/multi_router_planner.c, commands/variableset.c).
// A known finding stays listed with its reason until the code changes (README, "When one PostgreSQL is outgrown").
describe('the recorded statements (test/sql) against Citus', () => {
  const sqlDir = path.resolve(__dirname, '../sql');
  const statements = fs.readdirSync(sqlDir).filter((f) => f.endsWith('.sql'))
    .flatMap((f) => fs.readFileSync(path.join(sqlDir, f), 'utf8').split(/;\n\n/).map((s) => ({ file: f, sql: s.replace(/^--.*\n+/gm, '').trim() })))
    .filter((s) => s.sql);
  const KNOWN = {
    // The log writer's insert in a CTE, with pg_notify outside: not router-planned, run as sub-plans (the notify on the coordinator).
    insertCte: /^with e as \( insert into log_entry .* select pg_notify\(/,
  };
  /** The RETURNING list of each modification, up to the closing parenthesis of its CTE or the end. */
  const returningLists = (sql: string): string[] => [...sql.matchAll(/\breturning\b/gi)].map((m) => {
    let depth = 0;
    let i = m.index! + m[0].length;
    for (; i < sql.length; i++) {
      if (sql[i] === '(') depth++;
      else if (sql[i] === ')' && depth-- === 0) break;
    }
    return sql.slice(m.index! + m[0].length, i);
  });
  const MUTABLE = /\b(now|txid_current|clock_timestamp|statement_timestamp|transaction_timestamp|random|gen_random_uuid|nextval|current_setting|pg_notify)\s*\(/i;

  it('were recorded (the check has statements to read)', () => {
    expect(statements.length).toBeGreaterThan(50);
    // Each known finding is still there (remove it from KNOWN once the code no longer needs it).
    for (const known of Object.values(KNOWN)) expect(statements.some((s) => known.test(s.sql)), String(known)).toBe(true);
  });

  it('set the tenant with SET LOCAL only', () => {
    // Citus propagates SET LOCAL statements to the workers, never set_config(): the policies on the shards would see no tenant.
    const scoped = statements.filter((s) => /^set local app\.tenant_id = /.test(s.sql));
    expect(scoped.length).toBeGreaterThan(0);
    const other = statements.filter((s) => /set_config\s*\(\s*'app\.(tenant|user)_id'/i.test(s.sql));
    expect(other.map((s) => `${s.file}: ${s.sql.slice(0, 160)}`), 'the tenant is set in a new way; Citus propagates only SET LOCAL').toEqual([]);
  });

  it('put no non-immutable function in a RETURNING list', () => {
    const bad = statements.filter((s) => returningLists(s.sql).some((r) => MUTABLE.test(r)));
    expect(bad.map((s) => `${s.file}: ${s.sql.slice(0, 160)}`), 'Citus refuses a non-immutable function in RETURNING on a distributed table').toEqual([]);
  });

  it('insert in a CTE only where known', () => {
    const bad = statements.filter((s) => /^with\b/i.test(s.sql) && /\(\s*insert into\b/i.test(s.sql) && !KNOWN.insertCte.test(s.sql));
    expect(bad.map((s) => `${s.file}: ${s.sql.slice(0, 160)}`), 'Citus does not router-plan an INSERT in a CTE').toEqual([]);
  });

  it('lock rows (FOR UPDATE / SHARE) in one tenant only: a single-shard query', () => {
    const locking = statements.filter((s) => /\bfor (no key )?(update|share)\b/i.test(s.sql));
    expect(locking.length).toBeGreaterThan(0);
    for (const s of locking) expect(s.sql, `${s.file}: Citus takes row locks in single-shard queries only`).toMatch(/\btenant_id"? = \?/);
  });
});
