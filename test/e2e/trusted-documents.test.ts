// Automatic persisted queries by default; with GRAPHQL_TRUSTED_DOCUMENTS only the manifest's operations run.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { platformAdmin, provisionTenant } from '../support/fixtures.js';
import { WsSession, waitUntil } from '../support/ws.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const TRUSTED = 'query Typename { __typename }';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinfang-trusted-'));
// graphql-codegen client preset's persisted-documents.json: { hash: document }.
const codegenManifest = path.join(dir, 'persisted-documents.json');
fs.writeFileSync(codegenManifest, JSON.stringify({ [sha256(TRUSTED)]: TRUSTED }));
// Apollo's persisted query manifest.
const apolloManifest = path.join(dir, 'apollo.json');
fs.writeFileSync(apolloManifest, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: 'op-1', name: 'Typename', type: 'query', body: TRUSTED }] }));

let open: TestServer;
let locked: TestServer;
let lockedApollo: TestServer;
beforeAll(async () => {
  open = await startTestServer();
  locked = await startTestServer({ env: { GRAPHQL_TRUSTED_DOCUMENTS: codegenManifest } });
  lockedApollo = await startTestServer({ env: { GRAPHQL_TRUSTED_DOCUMENTS: apolloManifest } });
});
afterAll(async () => {
  await Promise.all([open?.stop(), locked?.stop(), lockedApollo?.stop()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function post(server: TestServer, body: unknown) {
  const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
}

describe('automatic persisted queries (Apollo)', () => {
  it('asks for the text of an unknown hash, then runs it by hash alone', async () => {
    const query = `query Apq { __typename }`;
    const persistedQuery = { version: 1, sha256Hash: sha256(query) };
    const miss = await post(open, { extensions: { persistedQuery } });
    expect(miss.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post(open, { query, extensions: { persistedQuery } })).body.data).toEqual({ __typename: 'Query' });
    const hit = await post(open, { extensions: { persistedQuery } });
    expect(hit.status).toBe(200);
    expect(hit.body.data).toEqual({ __typename: 'Query' });
  });
});

describe('GRAPHQL_TRUSTED_DOCUMENTS', () => {
  it('runs the manifest’s operations, by documentId, by hash or by their text', async () => {
    expect((await post(locked, { documentId: sha256(TRUSTED) })).body.data).toEqual({ __typename: 'Query' });
    expect((await post(locked, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(TRUSTED) } } })).body.data).toEqual({ __typename: 'Query' });
    expect((await post(locked, { query: TRUSTED })).body.data).toEqual({ __typename: 'Query' });
    expect((await post(lockedApollo, { documentId: 'op-1' })).body.data).toEqual({ __typename: 'Query' });
  });

  it('refuses anything else with OPERATION_NOT_TRUSTED, registration by hash included', async () => {
    const other = 'query Other { __typename }';
    for (const body of [
      { query: other },
      { query: `${TRUSTED} ` },
      { documentId: sha256(other) },
      { query: other, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(other) } } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(other) } } },
      {},
    ]) {
      const res = await post(locked, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_TRUSTED');
      expect(res.body.data).toBeUndefined();
    }
    const get = await fetch(`${locked.url}?query=${encodeURIComponent(other)}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(400);
    expect(((await get.json()) as any).errors[0].extensions.code).toBe('OPERATION_NOT_TRUSTED');
    // The open server's operation is refused here even after being sent once.
    expect((await post(lockedApollo, { query: other })).body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_TRUSTED');
  });
});

describe('GRAPHQL_TRUSTED_DOCUMENTS over websockets', () => {
  it('refuses a subscription that is not in the manifest', async () => {
    // Provisioned through the open server; a locked one on the same database serves the socket.
    const tenant = await provisionTenant(open, (await platformAdmin(open)).token);
    const lockedSameDb = await startTestServer({ databaseUrl: open.databaseUrl, env: { GRAPHQL_TRUSTED_DOCUMENTS: codegenManifest } });
    const ws = new WsSession(lockedSameDb.wsUrl, tenant.adminToken);
    try {
      await ws.connected();
      const sub = ws.subscribe('subscription Untrusted { incidentEvents { cursor } }');
      await waitUntil(() => sub.errors.length > 0, 'the refusal');
      expect(JSON.stringify(sub.errors)).toContain('OPERATION_NOT_TRUSTED');
    } finally {
      await ws.dispose();
      await lockedSameDb.stop();
    }
  });
});
