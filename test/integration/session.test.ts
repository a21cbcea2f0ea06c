import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, gql, login, ok, PASSWORD, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';

let server: TestServer;
let platform: { email: string; token: string };
let tenant: TenantFixture;

const REFRESH = `mutation($t: String!) { refreshSession(input: {refreshToken: $t}) { tokens { accessToken refreshToken } userErrors { code } } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } tenant { slug } userErrors { code field } } }`;

beforeAll(async () => {
  server = await startTestServer({ env: { LOGIN_RATE_PER_ACCOUNT: '5', LOGIN_RATE_PER_ADDRESS: '1000' } });
  platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token);
});
afterAll(async () => {
  await server?.stop();
});

describe('sessions', () => {
  it('rotates refresh tokens; reusing a rotated one ends the whole family', async () => {
    const first = await login(server, tenant.adminEmail, PASSWORD, tenant.slug);
    const r1 = await ok<any>(server.url, REFRESH, { t: first.refreshToken });
    const second = r1.refreshSession.tokens;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    // The newest access token works.
    await ok(server.url, '{ me { email } }', {}, second.accessToken);

    // The first token again: reuse, the family is revoked and that sticks.
    const reused = await gql<any>(server.url, REFRESH, { t: first.refreshToken });
    expect(reused.data.refreshSession.userErrors[0].code).toBe('REFRESH_TOKEN_REUSED');
    const after = await gql<any>(server.url, REFRESH, { t: second.refreshToken });
    expect(after.data.refreshSession.userErrors[0].code).toBe('SESSION_ENDED');
    const me = await gql(server.url, '{ me { email } }', {}, second.accessToken);
    expect(me.status).toBe(401);
  });

  it('refuses unknown refresh tokens without revealing anything', async () => {
    const res = await gql<any>(server.url, REFRESH, { t: 'nope' });
    expect(res.data.refreshSession).toEqual({ tokens: null, userErrors: [{ code: 'INVALID_REFRESH_TOKEN' }] });
  });

  it('logout revokes the session', async () => {
    const s = await login(server, tenant.adminEmail, PASSWORD, tenant.slug);
    const out = await ok<any>(server.url, 'mutation { logout { revokedSessions userErrors { code } } }', {}, s.accessToken);
    expect(out.logout.revokedSessions).toBe(1);
    const res = await gql<any>(server.url, REFRESH, { t: s.refreshToken });
    expect(res.data.refreshSession.userErrors[0].code).toBe('SESSION_ENDED');
  });

  it('switches between tenants of one user; the old tenant token stops working', async () => {
    const other = await provisionTenant(server, platform.token, 'ENTERPRISE');
    // The same person is invited into the second tenant.
    await ok(
      server.url,
      `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { member { id } userErrors { code } } }`,
      { input: { email: tenant.adminEmail, displayName: 'Admin', unitId: other.rootUnitId, roleIds: [other.roles.AUDITOR] } },
      other.adminToken,
    );
    const s = await login(server, tenant.adminEmail, PASSWORD, tenant.slug);
    const me = await ok<any>(server.url, '{ me { tenant { slug } memberships { tenant { slug id } current } } }', {}, s.accessToken);
    expect(me.me.memberships).toHaveLength(2);
    const target = me.me.memberships.find((m: any) => m.tenant.slug === other.slug).tenant.id;
    const switched = await ok<any>(server.url, `mutation($id: ID!) { switchTenant(input: {tenantId: $id}) { accessToken tenant { slug } userErrors { code } } }`, { id: target }, s.accessToken);
    expect(switched.switchTenant.tenant.slug).toBe(other.slug);
    const now = await ok<any>(server.url, '{ me { tenant { slug } permissions } }', {}, switched.switchTenant.accessToken);
    expect(now.me.tenant.slug).toBe(other.slug);
    expect(now.me.permissions).toContain('AUDIT_READ');
    expect(now.me.permissions).not.toContain('MEMBER_MANAGE');
    expect((await gql(server.url, '{ me { email } }', {}, s.accessToken)).status).toBe(401);
    // A refresh now yields tokens for the new tenant.
    const r = await ok<any>(server.url, `mutation($t: String!) { refreshSession(input: {refreshToken: $t}) { tenant { slug } userErrors { code } } }`, { t: s.refreshToken });
    expect(r.refreshSession.tenant.slug).toBe(other.slug);
  });

  it('cannot switch into a tenant without membership (NOT_FOUND)', async () => {
    const foreign = await provisionTenant(server, platform.token);
    const s = await login(server, tenant.adminEmail, PASSWORD, tenant.slug);
    const res = await gql<any>(server.url, `mutation($id: ID!) { switchTenant(input: {tenantId: $id}) { accessToken userErrors { code } } }`, { id: foreign.id }, s.accessToken);
    expect(res.data.switchTenant.userErrors[0].code).toBe('NOT_FOUND');
  });

  it('rate limits sign-in per account, counting failures', async () => {
    const victim = await addMember(server, tenant, ['MEMBER']);
    for (let i = 0; i < 5; i++) {
      const r = await gql<any>(server.url, LOGIN, { input: { email: victim.email, password: 'wrong-password' } });
      expect(r.data.login.userErrors[0].code).toBe('INVALID_CREDENTIALS');
    }
    const blocked = await gql<any>(server.url, LOGIN, { input: { email: victim.email, password: PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(blocked.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('gives the same answer for an unknown account and a wrong password', async () => {
    const a = await gql<any>(server.url, LOGIN, { input: { email: 'nobody@nowhere.test', password: 'x-x-x-x-x-x' } });
    const b = await gql<any>(server.url, LOGIN, { input: { email: tenant.adminEmail, password: 'x-x-x-x-x-x' } });
    expect(a.data).toEqual(b.data);
  });

  it('a suspended tenant: sessions end, sign-in is refused, nothing can be called', async () => {
    const t = await provisionTenant(server, platform.token);
    const member = await addMember(server, t, ['OFFICE_DIRECTOR']);
    const suspended = await ok<any>(
      server.url,
      `mutation($id: ID!) { suspendTenant(input: {tenantId: $id, reason: "contract ended"}) { tenant { status } userErrors { code } } }`,
      { id: t.id },
      platform.token,
    );
    expect(suspended.suspendTenant.tenant.status).toBe('SUSPENDED');
    expect((await gql(server.url, '{ me { email } }', {}, member.token)).status).toBe(401);
    const r = await gql<any>(server.url, LOGIN, { input: { email: member.email, password: PASSWORD, tenantSlug: t.slug } });
    expect(r.data.login.userErrors[0].code).toBe('TENANT_SUSPENDED');
    await ok(server.url, `mutation($id: ID!) { reactivateTenant(input: {tenantId: $id}) { tenant { status } userErrors { code } } }`, { id: t.id }, platform.token);
    await login(server, member.email, PASSWORD, t.slug);
  });

  it('removing a member ends its sessions at once', async () => {
    const m = await addMember(server, tenant, ['LIAISON']);
    await ok(server.url, `mutation($id: ID!) { removeMember(input: {memberId: $id}) { member { status } userErrors { code } } }`, { id: m.memberId }, tenant.adminToken);
    expect((await gql(server.url, '{ me { email } }', {}, m.token)).status).toBe(401);
  });

  it('set-password tokens work once', async () => {
    const email = `once-${Date.now()}@test.local`;
    const inv = await ok<any>(
      server.url,
      `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { setPasswordToken userErrors { code } } }`,
      { input: { email, displayName: 'Once', unitId: tenant.rootUnitId, roleIds: [tenant.roles.MEMBER] } },
      tenant.adminToken,
    );
    const token = inv.inviteMember.setPasswordToken;
    const weak = await gql<any>(server.url, `mutation($t: String!) { setPassword(input: {token: $t, password: "short"}) { ok userErrors { code } } }`, { t: token });
    expect(weak.data.setPassword.userErrors[0].code).toBe('WEAK_PASSWORD');
    await ok(server.url, `mutation($t: String!, $p: String!) { setPassword(input: {token: $t, password: $p}) { ok userErrors { code } } }`, { t: token, p: PASSWORD });
    const again = await gql<any>(server.url, `mutation($t: String!, $p: String!) { setPassword(input: {token: $t, password: $p}) { ok userErrors { code } } }`, { t: token, p: 'another-password-1' });
    expect(again.data.setPassword.userErrors[0].code).toBe('INVALID_PASSWORD_TOKEN');
  });
});
