// GET /metrics: Prometheus text, behind a bearer token or on a port of its own, with bounded labels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { freePort } from '../support/free-port.js';
import { platformAdmin, provisionTenant } from '../support/fixtures.js';
import { parseGlobalId } from '../../src/platform/ids.js';
import { WsSession } from '../support/ws.js';

const TOKEN = 'metrics-token-0123456789abcdef';
let guarded: TestServer;
let separate: TestServer;
let separatePort: number;

beforeAll(async () => {
  guarded = await startTestServer({ env: { METRICS_TOKEN: TOKEN, METRICS_MAX_OPERATION_NAMES: '3', SWEEPER_INTERVAL_MS: '200' }, backgroundJobs: true });
  separatePort = await freePort();
  separate = await startTestServer({ env: { METRICS_PORT: String(separatePort), METRICS_TENANT_LABELS: 'true' } });
});
afterAll(async () => {
  await guarded?.stop();
  await separate?.stop();
});

const base = (s: TestServer) => s.url.replace('/graphql', '');
async function scrape(url: string, token?: string): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}
async function query(s: TestServer, q: string, operationName?: string, token?: string) {
  return fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query: q, operationName }) });
}
/** The value of one sample line, or undefined. */
function sample(text: string, metric: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(metric + ' '));
  return line ? Number(line.slice(metric.length + 1)) : undefined;
}

describe('metrics behind a bearer token', () => {
  it('refuses a scrape without the token', async () => {
    expect((await scrape(`${base(guarded)}/metrics`)).status).toBe(401);
    expect((await scrape(`${base(guarded)}/metrics`, 'wrong-token-wrong-token')).status).toBe(401);
  });

  it('counts requests by operation and outcome, with latency, SQL statements and pool use', async () => {
    expect((await query(guarded, 'query Probe { __typename }', 'Probe')).status).toBe(200);
    expect((await query(guarded, 'query Probe { __typename }', 'Probe')).status).toBe(200);
    expect((await query(guarded, 'query Broken { nope }', 'Broken')).status).toBe(400);
    const m = await scrape(`${base(guarded)}/metrics`, TOKEN);
    expect(m.status).toBe(200);
    expect(m.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(m.text, 'xinfang_graphql_requests_total{operation="Probe",outcome="ok"}')).toBe(2);
    expect(sample(m.text, 'xinfang_graphql_requests_total{operation="Broken",outcome="client_error"}')).toBe(1);
    expect(sample(m.text, 'xinfang_graphql_request_duration_seconds_count{operation="Probe",outcome="ok"}')).toBe(2);
    expect(sample(m.text, 'xinfang_graphql_sql_statements_count{operation="Probe"}')).toBe(2);
    expect(sample(m.text, 'xinfang_db_pool_connections{state="free"}')).toBeGreaterThanOrEqual(0);
    expect(m.text).toMatch(/^xinfang_websocket_connections 0$/m);
    expect(m.text).toMatch(/^xinfang_websocket_subscriptions 0$/m);
    expect(m.text).toMatch(/^xinfang_realtime_events_delivered_total \d+$/m);
    // No tenant label unless METRICS_TENANT_LABELS.
    expect(m.text).not.toContain('tenant=');
  });

  it('keeps operation-name labels bounded: the first N names, then "other"', async () => {
    for (const name of ['A1', 'A2', 'A3', 'A4', 'A5']) await query(guarded, `query ${name} { __typename }`, name);
    await query(guarded, '{ __typename }');
    const m = await scrape(`${base(guarded)}/metrics`, TOKEN);
    const names = new Set([...m.text.matchAll(/xinfang_graphql_requests_total\{operation="([^"]+)"/g)].map((x) => x[1]));
    // Probe and Broken took two of the three places.
    expect([...names].sort()).toEqual(['A1', 'Broken', 'Probe', 'anonymous', 'other'].sort());
    expect(sample(m.text, 'xinfang_graphql_requests_total{operation="other",outcome="ok"}')).toBe(4);
  });

  it('counts sweeper runs', async () => {
    let runs: number | undefined;
    for (let i = 0; i < 50 && !runs; i++) {
      await new Promise((r) => setTimeout(r, 200));
      runs = sample((await scrape(`${base(guarded)}/metrics`, TOKEN)).text, 'xinfang_sweeper_runs_total{outcome="swept"}');
    }
    expect(runs).toBeGreaterThanOrEqual(1);
  });
});

describe('metrics on a port of their own', () => {
  it('serves /metrics there and not on the API port; tenant ids as labels only when allowed', async () => {
    const platform = await platformAdmin(separate);
    const tenant = await provisionTenant(separate, platform.token);
    const me = await query(separate, "query Me { me { displayName } }", "Me", tenant.adminToken);
    expect(me.status).toBe(200);
    expect((await scrape(`${base(separate)}/metrics`)).status).toBe(404);
    const m = await scrape(`http://127.0.0.1:${separatePort}/metrics`);
    expect(m.status).toBe(200);
    expect(sample(m.text, `xinfang_graphql_requests_total{operation="Me",outcome="ok",tenant="${parseGlobalId(tenant.id)!.id}"}`)).toBe(1);
    // Requests without a tenant (sign-in, the platform admin) carry "none", never an e-mail or a name.
    const tenants = new Set([...m.text.matchAll(/tenant="([^"]*)"/g)].map((x) => x[1]));
    expect([...tenants].sort()).toEqual(['none', parseGlobalId(tenant.id)!.id].sort());
    expect((await scrape(`http://127.0.0.1:${separatePort}/other`)).status).toBe(404);

    // A live socket shows in the connection gauge while it is open.
    const ws = new WsSession(separate.wsUrl, tenant.adminToken);
    try {
      await ws.connected();
      expect((await scrape(`http://127.0.0.1:${separatePort}/metrics`)).text).toMatch(/^xinfang_websocket_connections 1$/m);
    } finally {
      await ws.dispose();
    }
  });
});
