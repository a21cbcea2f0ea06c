// extensions.cost on every response and the RateLimit headers of the tenant's per-minute quota.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';

let server: TestServer;
let tenant: TenantFixture;
beforeAll(async () => {
  server = await startTestServer();
  tenant = await provisionTenant(server, (await platformAdmin(server)).token);
});
afterAll(async () => server?.stop());

async function post(query: string, token?: string) {
  const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query }) });
  return { res, body: (await res.json()) as { data?: any; errors?: { message: string }[]; extensions: { cost: { requested: number | null; actual: number; limit: number } } } };
}

describe('extensions.cost', () => {
  it('reports requested cost (the figure the limit checks), actual cost of the data and the limit', async () => {
    const { body } = await post('{ units(first: 20) { edges { node { name } } } }', tenant.adminToken);
    expect(body.data.units.edges).toHaveLength(1);
    // graphql-armor's weights: scalar 1, object 2 + 1.5 × children, `first` multiplies its field.
    const node = 2 + 1.5 * 1;
    const edge = 2 + 1.5 * node;
    expect(body.extensions.cost.requested).toBe((2 + 1.5 * edge) * 20);
    // Actually returned: one edge.
    expect(body.extensions.cost.actual).toBe(2 + 1.5 * edge);
    expect(body.extensions.cost.limit).toBe(server.config.limits.maxCost);
  });

  it('is on refused answers too, and agrees with the limit’s own count', async () => {
    const { res, body } = await post(`{ ${['a', 'b', 'c'].map((a) => `${a}: units(first: 100) { edges { node { name parent { name parent { name parent { name } } } } } }`).join(' ')} }`, tenant.adminToken);
    expect(res.status).toBe(400);
    const found = Number(/found (\d+(?:\.\d+)?)/.exec(body.errors![0]!.message)?.[1]);
    expect(found).toBeGreaterThan(server.config.limits.maxCost);
    expect(body.extensions.cost).toEqual({ requested: found, actual: 0, limit: server.config.limits.maxCost });
  });

  it('is on anonymous answers', async () => {
    const { res, body } = await post('{ __typename }');
    expect(body.extensions.cost).toEqual({ requested: 1, actual: 1, limit: server.config.limits.maxCost });
    expect(res.headers.get('ratelimit')).toBeNull();
  });
});

describe('RateLimit headers', () => {
  it('carry the tenant’s per-minute quota and what is left of it', async () => {
    const first = await post('{ me { displayName } }', tenant.adminToken);
    const second = await post('{ me { displayName } }', tenant.adminToken);
    const policy = /^"tenant";q=(\d+);w=60$/.exec(first.res.headers.get('ratelimit-policy') ?? '');
    expect(policy).not.toBeNull();
    const left = (h: string | null) => Number(/^"tenant";r=(\d+);t=(\d+)$/.exec(h ?? '')?.[1]);
    const r1 = left(first.res.headers.get('ratelimit'));
    const r2 = left(second.res.headers.get('ratelimit'));
    expect(r1).toBeLessThan(Number(policy![1]));
    expect(r2).toBe(r1 - 1);
    const t = Number(/t=(\d+)/.exec(second.res.headers.get('ratelimit')!)![1]);
    expect(t).toBeGreaterThan(0);
    expect(t).toBeLessThanOrEqual(60);
  });
});
