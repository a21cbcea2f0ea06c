import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, superuserClient } from '../support/db.js';
import { startCluster, type Cluster, type ServerProcess } from '../support/processes.js';
import { PASSWORD, addMember, gql, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { raw, reportInput } from '../support/incidents.js';

// Hostile requests not already covered by http.test.ts, against a real API
// process with a small connection pool (a flood larger than the pool is where
// a nested connection request deadlocks).
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let cluster: Cluster;
let api: ServerProcess;
let tenant: TenantFixture;
let member: { email: string; token: string };
let su: pg.Client;

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } userErrors { code } } }`;
const codeOf = (res: Awaited<ReturnType<typeof gql<any>>>) => res.errors?.[0]?.extensions?.code ?? res.data?.login?.userErrors?.[0]?.code ?? null;

async function post(body: string, token?: string) {
  const res = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) };
}

beforeAll(async () => {
  db = await createTestDatabase();
  cluster = await startCluster({ databaseUrl: db.url, count: 1, env: { DB_POOL_MAX: '3', TRUST_PROXY: 'true' } });
  api = cluster.servers[0]!;
  const platform = await platformAdmin(cluster.server(0));
  tenant = await provisionTenant(cluster.server(0), platform.token, 'TOWNSHIP');
  member = await addMember(cluster.server(0), tenant, ['MEMBER']);
  su = await superuserClient(db.url);
});

afterAll(async () => {
  await su?.end();
  await cluster?.stop();
  await db?.drop();
});

const INCIDENT = `id summary status tasks { id dueAt assignee { id } } clocks { kind dueAt } unit { id name }`;

describe('abuse', () => {
  it('a flood of bad logins larger than the connection pool is answered (no deadlock) and rate limited', async () => {
    const bad = (i: number) =>
      gql(api.url, LOGIN, { input: { email: tenant.adminEmail, password: `wrong-${i}` } }, null, { 'x-forwarded-for': '203.0.113.9' });
    const first = await Promise.all(Array.from({ length: 24 }, (_, i) => bad(i)));
    for (const res of first) {
      expect([200, 429]).toContain(res.status);
      expect(['INVALID_CREDENTIALS', 'RATE_LIMITED']).toContain(codeOf(res));
    }
    const flood = await Promise.all(Array.from({ length: 100 }, (_, i) => bad(100 + i)));
    expect(flood.map((r) => `${r.status} ${codeOf(r)}`)).toEqual(Array(100).fill('429 RATE_LIMITED'));
    // The rest of the world still signs in and reads meanwhile.
    const good = await gql<any>(api.url, LOGIN, { input: { email: member.email, password: PASSWORD, tenantSlug: tenant.slug } }, null, { 'x-forwarded-for': '198.51.100.4' });
    expect(good.data.login.tokens.accessToken).toBeTruthy();
    const me = await gql<any>(api.url, '{ me { email } }', {}, member.token);
    expect(me.data.me.email).toBe(member.email);
  });

  it('a wide query over the cost limit is refused before it runs', async () => {
    const wide = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: incidents(first: 100) { edges { node { ${INCIDENT} } } }`).join(' ')} }`;
    const res = await gql(api.url, wide, {}, member.token);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/cost/i);
  });

  it('doubling fragments (a fragment bomb) are refused', async () => {
    const defs = [`fragment F0 on Incident { ${INCIDENT} }`];
    for (let i = 1; i <= 16; i++) defs.push(`fragment F${i} on Incident { ...F${i - 1} ...F${i - 1} }`);
    const res = await gql(api.url, `{ incidents(first: 100) { edges { node { ...F16 } } } } ${defs.join(' ')}`, {}, member.token);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('a directive flood is refused', async () => {
    const res = await gql(api.url, `{ me { email ${'@include(if: true) '.repeat(200)} } }`, {}, member.token);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('a variable of 100,000 nested arrays is refused with a code, and the process lives on', async () => {
    const nested = '['.repeat(100_000) + ']'.repeat(100_000);
    const res = await post(`{"query":"query($x: ID!) { node(id: $x) { id } }","variables":{"x":${nested}}}`, member.token);
    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions.code).toBe('JSON_TOO_DEEP');
    expect(res.text).not.toMatch(/at .+\.js|stacktrace/);
    expect(api.running).toBe(true);
  });

  it('ordinary nesting and brackets inside strings still pass the depth check', async () => {
    const res = await gql<any>(api.url, '{ me { email } }', { pad: { a: [[['[[[[{{{{', '\\"[[[']]] } }, member.token);
    expect(res.status).toBe(200);
    expect(res.data.me.email).toBe(member.email);
  });

  it('a huge list in the variables (5,000 petitioners) is refused as invalid input and writes nothing', async () => {
    const petitioners = Array.from({ length: 5_000 }, (_, i) => ({ name: `张${i}`, contact: '1' }));
    const res = await gql<any>(
      api.url,
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id } userErrors { code field } } }`,
      { input: reportInput(tenant.rootUnitId, { petitioners, summary: '超大名单' }) },
      member.token,
    );
    expect(res.status).toBe(200);
    expect(res.data.reportIncident.incident).toBeNull();
    expect(res.data.reportIncident.userErrors[0].code).toBe('INVALID_INPUT');
    const { rows } = await su.query(`select count(*)::int as n from incident where tenant_id = $1 and summary = '超大名单'`, [raw(tenant.id)]);
    expect(rows[0].n).toBe(0);
  });
});
