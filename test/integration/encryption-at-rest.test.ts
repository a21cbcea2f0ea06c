// Encryption at rest (issue 18 part 3) against the real database: sealed
// columns hold no plaintext (read raw with pg), readers allowed to see a case
// get the plain text, the recused still get NOT_FOUND, search leaves sealed
// content out while repeats still match by keyed hash, existing plain rows are
// sealed by the CLI, and a master-key rotation re-wraps keys without touching
// rows. A second server with AES-256-GCM reads SM4 rows and seals its own.
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCliEnv, startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, publishPlan, reportInput } from '../support/incidents.js';
import { superuserClient } from '../support/db.js';
import { cli } from '../support/cli.js';
import { parseGlobalId } from '../../src/platform/ids.js';

let server: TestServer;
let db: pg.Client;
let tenant: TenantFixture;
let village: string;
type M = { memberId: string; token: string };
let reporter: M, recused: M;
const savedEnv = { ...process.env };

const SECRET_SUMMARY = '举报某站长挪用扶贫资金';
const SECRET_DEMANDS = '要求纪委立案调查';
const NAME = '赵六';
const CONTACT = '13711112222';

async function report(url: string, token: string, extra: Record<string, unknown>): Promise<{ id: string; receiptNumber: string }> {
  const data = await ok<any>(url, REPORT_INCIDENT, { input: reportInput(village, extra) }, token);
  return data.reportIncident.incident;
}

const DETAIL = `query($id: ID!) { incident(id: $id) { summary demands petitioners { name contact } } }`;

async function rawIncident(id: string) {
  const { rows } = await db.query('select row_to_json(i)::text as json, summary, demands from incident i where id = $1', [fromGlobal(id)]);
  return rows[0] as { json: string; summary: string; demands: string };
}

function fromGlobal(id: string): string {
  return parseGlobalId(id)!.id;
}
let tenantId: string;

let secret: { id: string; receiptNumber: string };
let plain: { id: string; receiptNumber: string };

beforeAll(async () => {
  // No master key setting: the generated file under the data directory, as with `npm start`.
  server = await startTestServer({ env: { DATA_MASTER_KEY: '' } });
  db = await superuserClient(server.databaseUrl);
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'DISCIPLINE_COMMISSION');
  tenantId = fromGlobal(tenant.id);
  village = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '南村', 'VILLAGE');
  reporter = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  recused = await addMember(server, tenant, ['GROUP_LEADER']);
  await addMember(server, tenant, ['LIAISON'], village);
  await publishPlan(server, tenant, TEST_LEVELS);
  secret = await report(server.url, reporter.token, {
    category: 'REPORT_AGAINST_OFFICIAL', summary: SECRET_SUMMARY, demands: SECRET_DEMANDS,
    recusedMemberIds: [recused.memberId], petitioners: [{ name: NAME, contact: CONTACT }],
  });
  plain = await report(server.url, reporter.token, { summary: '反映村道积水', demands: '要求修缮排水沟', petitioners: [{ name: ' 赵 六 ', contact: '+86 137 1111 2222' }] });
  Object.assign(process.env, adminCliEnv(server));
});
afterAll(async () => {
  process.env = savedEnv;
  await db?.end();
  await server?.stop();
});

describe('encryption at rest', () => {
  it('stores a confidential case\'s summary and demands and every petitioner\'s name and contact sealed: no plaintext in the rows or the log', async () => {
    const row = await rawIncident(secret.id);
    expect(row.summary).toMatch(/^xfenc1:1:/);
    expect(row.demands).toMatch(/^xfenc1:1:/);
    expect(row.json).not.toContain(SECRET_SUMMARY);
    expect(row.json).not.toContain(SECRET_DEMANDS);
    // An ordinary case stays plain (searchable).
    expect((await rawIncident(plain.id)).summary).toBe('反映村道积水');
    const { rows: people } = await db.query(`select row_to_json(p)::text as json, name, contact, match_key from petitioner p where tenant_id = $1`, [tenantId]);
    expect(people).toHaveLength(2);
    for (const p of people) {
      expect(p.name).toMatch(/^xfenc1:/);
      expect(p.contact).toMatch(/^xfenc1:/);
      for (const text of [NAME, CONTACT, '赵 六', '137 1111']) expect(p.json).not.toContain(text);
    }
    const { rows: log } = await db.query(`select count(*)::int as n from log_entry where tenant_id = $1 and (changes::text like $2 or changes::text like $3 or changes::text like $4)`,
      [tenantId, `%${SECRET_SUMMARY}%`, `%${NAME}%`, `%${CONTACT}%`]);
    expect(log[0].n).toBe(0);
    const { rows: keys } = await db.query('select version, algorithm, master_key_id, wrapped_key from tenant_data_key where tenant_id = $1', [tenantId]);
    expect(keys).toEqual([expect.objectContaining({ version: 1, algorithm: 'sm4' })]);
  });

  it('opens them for a member who may see the case, and the recused member still gets NOT_FOUND', async () => {
    const view = await ok<any>(server.url, DETAIL, { id: secret.id }, reporter.token);
    expect(view.incident).toEqual({ summary: SECRET_SUMMARY, demands: SECRET_DEMANDS, petitioners: [{ name: NAME, contact: CONTACT }] });
    const denied = await gql<any>(server.url, DETAIL, { id: secret.id }, recused.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const node = await gql<any>(server.url, `query($id: ID!) { node(id: $id) { id } }`, { id: secret.id }, recused.token);
    expect(node.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('search leaves sealed content out (the receipt number still finds the case); the repeat match still uses the keyed hash', async () => {
    const search = (text: string) => ok<any>(server.url, `query($t: String!) { incidents(filter: { text: $t }, first: 20) { edges { node { id } } } }`, { t: text }, reporter.token);
    expect((await search('扶贫资金')).incidents.edges).toEqual([]);
    expect((await search('xfenc1')).incidents.edges).toEqual([]);
    expect((await search(secret.receiptNumber)).incidents.edges.map((e: any) => e.node.id)).toEqual([secret.id]);
    expect((await search('村道积水')).incidents.edges.map((e: any) => e.node.id)).toEqual([plain.id]);
    const repeats = await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { firstPetition possibleRepeats { incident { id } reasons } } }`, { id: plain.id }, reporter.token);
    expect(repeats.incident.firstPetition).toBe(false);
    expect(repeats.incident.possibleRepeats[0]).toMatchObject({ incident: { id: secret.id }, reasons: expect.arrayContaining(['SAME_PETITIONER']) });
  });

  it('encrypt-at-rest seals rows stored in plain text before, logged, and a second run finds nothing', async () => {
    // As a release before this one stored them (triggers off for the superuser's rewrite).
    await db.query(`set session_replication_role = replica`);
    await db.query(`update incident set summary = $2, demands = $3 where id = $1`, [fromGlobal(secret.id), SECRET_SUMMARY, SECRET_DEMANDS]);
    await db.query(`update petitioner set name = $2, contact = $3 where tenant_id = $1 and incident_id = $4`, [tenantId, NAME, CONTACT, fromGlobal(secret.id)]);
    await db.query(`set session_replication_role = origin`);
    expect((await rawIncident(secret.id)).summary).toBe(SECRET_SUMMARY);
    const first = await cli('encrypt-at-rest');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Sealed 1 confidential incident\(s\) and 1 petitioner\(s\) \(sm4\)/);
    expect((await rawIncident(secret.id)).summary).toMatch(/^xfenc1:1:/);
    const { rows } = await db.query(`select count(*)::int as n from petitioner where tenant_id = $1 and (name not like 'xfenc1:%' or contact not like 'xfenc1:%')`, [tenantId]);
    expect(rows[0].n).toBe(0);
    const { rows: entries } = await db.query(`select actor_kind, changes from log_entry where tenant_id = $1 and action = 'data.encrypt_at_rest'`, [tenantId]);
    expect(entries).toEqual([{ actor_kind: 'SYSTEM', changes: [expect.objectContaining({ after: { incidents: 1, petitioners: 1, algorithm: 'sm4' } })] }]);
    expect((await cli('encrypt-at-rest')).out).toMatch(/Sealed 0 confidential incident\(s\) and 0 petitioner\(s\)/);
    expect((await ok<any>(server.url, DETAIL, { id: secret.id }, reporter.token)).incident).toMatchObject({ summary: SECRET_SUMMARY, petitioners: [{ name: NAME, contact: CONTACT }] });
  });

  it('rotate-master-key re-wraps every tenant key and rewrites no row; every row reads under the new key only', async () => {
    const keyFile = path.join(server.config.dataDir, 'data-master-key');
    const oldKey = fs.readFileSync(keyFile, 'utf8');
    const before = await db.query('select tenant_id, version, wrapped_key, master_key_id from tenant_data_key order by tenant_id, version');
    const rowsBefore = await db.query('select id, summary, demands from incident order by id');
    const peopleBefore = await db.query('select id, name, contact from petitioner order by id');
    const rotated = await cli('rotate-master-key');
    expect(rotated.code).toBe(0);
    expect(rotated.out).toMatch(/data key\(s\) of \d+ tenant\(s\) re-wrapped/);
    expect(fs.readFileSync(keyFile, 'utf8')).not.toBe(oldKey);
    expect(fs.existsSync(`${keyFile}.next`)).toBe(false);
    const after = await db.query('select tenant_id, version, wrapped_key, master_key_id, rewrapped_at from tenant_data_key order by tenant_id, version');
    expect(after.rows.length).toBe(before.rows.length);
    for (const [n, row] of after.rows.entries()) {
      expect(row.wrapped_key).not.toBe(before.rows[n].wrapped_key);
      expect(row.master_key_id).not.toBe(before.rows[n].master_key_id);
      expect(row.rewrapped_at).not.toBeNull();
    }
    expect((await db.query('select id, summary, demands from incident order by id')).rows).toEqual(rowsBefore.rows);
    expect((await db.query('select id, name, contact from petitioner order by id')).rows).toEqual(peopleBefore.rows);
    const { rows: logged } = await db.query(`select count(*)::int as n from log_entry where tenant_id = $1 and action = 'data_key.rewrap'`, [tenantId]);
    expect(logged[0].n).toBe(1);

    // A fresh instance with the new key reads every row; one with the old key is refused, naming the key.
    const fresh = await startTestServer({ databaseUrl: server.databaseUrl, env: { DATA_MASTER_KEY: '', DATA_MASTER_KEY_FILE: keyFile } });
    const stale = await startTestServer({ databaseUrl: server.databaseUrl, env: { DATA_MASTER_KEY: oldKey.trim() } });
    try {
      // Same JWT secret on every test instance: the reporter's token works on each.
      const token = reporter.token;
      expect((await ok<any>(fresh.url, DETAIL, { id: secret.id }, token)).incident).toEqual({ summary: SECRET_SUMMARY, demands: SECRET_DEMANDS, petitioners: [{ name: NAME, contact: CONTACT }] });
      expect((await ok<any>(fresh.url, DETAIL, { id: plain.id }, token)).incident.petitioners).toEqual([{ name: '赵 六', contact: '+86 137 1111 2222' }]);
      const refused = await gql<any>(stale.url, DETAIL, { id: secret.id }, reporter.token);
      expect(refused.data?.incident ?? null).toBeNull();
      expect(JSON.stringify(refused.errors)).not.toContain(SECRET_SUMMARY);
    } finally {
      await fresh.stop();
      await stale.stop();
    }
  });

  it('a deployment switched to AES-256-GCM reads the SM4 rows and seals new ones with a new key version', async () => {
    const keyFile = path.join(server.config.dataDir, 'data-master-key');
    const aes = await startTestServer({ databaseUrl: server.databaseUrl, env: { DATA_MASTER_KEY: '', DATA_MASTER_KEY_FILE: keyFile, DATA_ENCRYPTION_ALGORITHM: 'aes-256-gcm' } });
    try {
      const token = reporter.token;
      const created = await report(aes.url, token, { category: 'REPORT_AGAINST_OFFICIAL', summary: '举报另一事项', demands: '要求核实', petitioners: [{ name: '钱七', contact: null }] });
      expect((await rawIncident(created.id)).summary).toMatch(/^xfenc1:2:/);
      const { rows } = await db.query('select version, algorithm from tenant_data_key where tenant_id = $1 order by version', [tenantId]);
      expect(rows).toEqual([{ version: 1, algorithm: 'sm4' }, { version: 2, algorithm: 'aes-256-gcm' }]);
      expect((await ok<any>(aes.url, DETAIL, { id: created.id }, token)).incident).toEqual({ summary: '举报另一事项', demands: '要求核实', petitioners: [{ name: '钱七', contact: null }] });
      expect((await ok<any>(aes.url, DETAIL, { id: secret.id }, token)).incident.summary).toBe(SECRET_SUMMARY);
    } finally {
      await aes.stop();
    }
  });
});
