import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { gql, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';

let server: TestServer;
let closed: TestServer;
let tenant: TenantFixture;

beforeAll(async () => {
  server = await startTestServer();
  closed = await startTestServer({ env: { GRAPHQL_INTROSPECTION: 'false', NODE_ENV: 'test' } });
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token);
});
afterAll(async () => {
  await server?.stop();
  await closed?.stop();
});

const base = () => server.url.replace('/graphql', '');

async function post(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await fetch(server.url, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, text, json: (() => { try { return JSON.parse(text); } catch { return null; } })() };
}

describe('HTTP surface', () => {
  it('health and readiness', async () => {
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('malformed JSON gets a JSON 400 with a code and no stack', async () => {
    const res = await post('{"query": ');
    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions.code).toBe('MALFORMED_JSON');
    expect(res.text).not.toMatch(/at .+\.js|<html/i);
  });

  it('an oversized body is refused with 413', async () => {
    const res = await post(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(400 * 1024) } }));
    expect(res.status).toBe(413);
    expect(res.json.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('malformed GraphQL is a 400 with GRAPHQL_PARSE_FAILED', async () => {
    const res = await post(JSON.stringify({ query: '{ me { ' }));
    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('batched requests are refused', async () => {
    const res = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(res.status).toBe(400);
  });

  it('CSRF prevention: a simple GET without a preflight header is refused', async () => {
    const res = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF|preflight/i);
  });

  it('depth, alias and token limits answer 400, not 500', async () => {
    const nest = (n: number): string => (n === 0 ? 'name' : `parent { ${nest(n - 1)} }`);
    const deep = `{ units { edges { node { ${nest(14)} } } } }`;
    const d = await gql(server.url, deep, {}, tenant.adminToken);
    expect(d.status).toBe(400);
    const aliases = `{ ${Array.from({ length: 60 }, (_, i) => `a${i}: tenant { name }`).join(' ')} }`;
    const a = await gql(server.url, aliases, {}, tenant.adminToken);
    expect(a.status).toBe(400);
    // Aliases of introspection fields are aliases too (counts kept under the token limit).
    for (const [field, n] of [['__typename', 600], ['__schema { queryType { name } }', 200], ['__type(name: "Query") { name }', 200]] as const) {
      const many = `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
      const res = await gql(server.url, many, {}, tenant.adminToken);
      expect([res.status, res.errors?.[0]?.extensions?.code, res.errors?.[0]?.message]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED', expect.stringMatching(/Aliases limit of 30 exceeded/)]);
    }
    const justOver = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect((await gql(server.url, justOver, {}, tenant.adminToken)).status).toBe(400);
    const atLimit = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect((await gql(server.url, atLimit, {}, tenant.adminToken)).status).toBe(200);
    const tokens = `{ ${Array.from({ length: 4000 }, () => '__typename').join(' ')} }`;
    const t = await gql(server.url, tokens, {}, tenant.adminToken);
    expect(t.status).toBe(400);
  });

  it('errors carry codes but never stack traces', async () => {
    const res = await gql(server.url, '{ unit(id: "garbage") { name } }', {}, tenant.adminToken);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(JSON.stringify(res)).not.toMatch(/stacktrace|exception/);
  });

  it('anonymous calls to protected fields are UNAUTHENTICATED', async () => {
    const res = await gql(server.url, '{ me { email } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('introspection is configurable', async () => {
    const open = await gql(server.url, '{ __schema { queryType { name } } }');
    expect(open.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const shut = await gql(closed.url, '{ __schema { queryType { name } } }');
    expect(shut.status).toBe(400);
  });

  it('echoes or assigns a request id', async () => {
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'abc-123' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const other = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
