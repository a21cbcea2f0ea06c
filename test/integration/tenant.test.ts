import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant } from '../support/fixtures.js';

let server: TestServer;
let platform: { email: string; token: string };

beforeAll(async () => {
  server = await startTestServer();
  platform = await platformAdmin(server);
});
afterAll(async () => {
  await server?.stop();
});

const SUBSCRIPTION = `mutation($input: SetTenantSubscriptionInput!) { setTenantSubscription(input: $input) { tenant { tier quotas { maxUnits maxMembers requestsPerMinute } } userErrors { code } } }`;

describe('tenants', () => {
  it('provisioning validates slug, kind and time zone, and refuses a taken slug', async () => {
    const t = await provisionTenant(server, platform.token);
    const q = `mutation($input: ProvisionTenantInput!) { provisionTenant(input: $input) { tenant { id } userErrors { code field } } }`;
    const taken = await gql<any>(server.url, q, { input: { name: 'x', slug: t.slug, kind: 'TOWN', admin: { email: 'a@b.test', displayName: 'a' } } }, platform.token);
    expect(taken.data.provisionTenant.userErrors).toEqual([{ code: 'SLUG_TAKEN', field: ['input', 'slug'] }]);
    const badSlug = await gql<any>(server.url, q, { input: { name: 'x', slug: 'Bad Slug!', kind: 'TOWN', admin: { email: 'a@b.test', displayName: 'a' } } }, platform.token);
    expect(badSlug.data.provisionTenant.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'slug'] });
    const badTz = await gql<any>(server.url, q, { input: { name: 'x', slug: 'good-slug-tz', kind: 'TOWN', timezone: 'Mars/Olympus', admin: { email: 'a@b.test', displayName: 'a' } } }, platform.token);
    expect(badTz.data.provisionTenant.userErrors[0].code).toBe('INVALID_TIMEZONE');
    const badMail = await gql<any>(server.url, q, { input: { name: 'x', slug: 'good-slug-m', kind: 'TOWN', admin: { email: 'nope', displayName: 'a' } } }, platform.token);
    expect(badMail.data.provisionTenant.userErrors[0].field).toEqual(['input', 'admin', 'email']);
    // Nothing of the refused attempts remains.
    const all = await ok<any>(server.url, '{ tenants(first: 100) { edges { node { slug } } } }', {}, platform.token);
    expect(all.tenants.edges.map((e: any) => e.node.slug)).not.toContain('good-slug-tz');
  });

  it('only platform administrators provision or list tenants', async () => {
    const t = await provisionTenant(server, platform.token);
    const res = await gql(server.url, '{ tenants { edges { node { id } } } }', {}, t.adminToken);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('quotas of the tier are enforced', async () => {
    const t = await provisionTenant(server, platform.token);
    await ok(server.url, SUBSCRIPTION, { input: { tenantId: t.id, tier: 'BASIC', maxUnits: 2, maxMembers: 2 } }, platform.token);
    await createUnit(server, t.adminToken, t.rootUnitId, 'one');
    const over = await gql<any>(server.url, `mutation($p: ID!) { createUnit(input: {parentId: $p, name: "two", kind: OFFICE}) { unit { id } userErrors { code } } }`, { p: t.rootUnitId }, t.adminToken);
    expect(over.data.createUnit.userErrors[0].code).toBe('QUOTA_EXCEEDED');
    await addMember(server, t, ['MEMBER']);
    const full = await gql<any>(
      server.url,
      `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { member { id } userErrors { code } } }`,
      { input: { email: 'third@test.local', displayName: 'third', unitId: t.rootUnitId, roleIds: [t.roles.MEMBER] } },
      t.adminToken,
    );
    expect(full.data.inviteMember.userErrors[0].code).toBe('QUOTA_EXCEEDED');
  });

  it('limits request rates per tenant by tier', async () => {
    const t = await provisionTenant(server, platform.token);
    await ok(server.url, SUBSCRIPTION, { input: { tenantId: t.id, tier: 'BASIC', requestsPerMinute: 5 } }, platform.token);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await gql(server.url, '{ tenant { name } }', {}, t.adminToken)).status);
    // The fixture's own calls count too: at most 5 succeed in the minute, then every call is 429.
    const first429 = statuses.indexOf(429);
    expect(first429).toBeGreaterThan(0);
    expect(first429).toBeLessThanOrEqual(5);
    expect(statuses.slice(first429).every((s) => s === 429)).toBe(true);
    const res = await gql(server.url, '{ tenant { name } }', {}, t.adminToken);
    expect(res.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('tenant administrators change settings; members without TENANT_MANAGE cannot', async () => {
    const t = await provisionTenant(server, platform.token);
    const upd = await ok<any>(server.url, `mutation { updateTenantSettings(input: {timezone: "Asia/Urumqi", name: "新名称"}) { tenant { timezone name } userErrors { code } } }`, {}, t.adminToken);
    expect(upd.updateTenantSettings.tenant).toEqual({ timezone: 'Asia/Urumqi', name: '新名称' });
    const member = await addMember(server, t, ['GROUP_LEADER']);
    const denied = await gql(server.url, `mutation { updateTenantSettings(input: {name: "x"}) { tenant { name } } }`, {}, member.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
