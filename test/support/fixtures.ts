import { randomBytes } from 'node:crypto';
import { withSystemContext } from '../../src/platform/system-context.js';
import { ensurePlatformAdmin } from '../../src/modules/user/platform-admin.service.js';
import type { TestServer } from './server.js';
import { gql, ok } from './client.js';
import { PlatformRole } from '../../src/platform/platform-roles.js';

export const PASSWORD = 'correct-horse-battery';

export function uniq(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

export async function login(server: TestServer, email: string, password = PASSWORD, tenantSlug?: string) {
  const data = await ok<{ login: { tokens: { accessToken: string; refreshToken: string } } }>(
    server.url,
    `mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken refreshToken } userErrors { code message } } }`,
    { input: { email, password, tenantSlug } },
  );
  return data.login.tokens;
}

/** A platform administrator, created the way the admin CLI does it. */
/** A platform administrator of one role (三员分立); the system administrator (provisioning) by default. */
export async function platformAdmin(server: TestServer, role: PlatformRole = PlatformRole.SYSTEM_ADMIN): Promise<{ email: string; token: string }> {
  const email = `${uniq('platform')}@test.local`;
  await withSystemContext(server.deps, null, (ctx) => ensurePlatformAdmin(ctx.em, email, 'Platform', PASSWORD, role));
  const tokens = await login(server, email);
  return { email, token: tokens.accessToken };
}

export async function setPassword(server: TestServer, token: string, password = PASSWORD): Promise<void> {
  await ok(server.url, `mutation($input: SetPasswordInput!) { setPassword(input: $input) { ok userErrors { code message } } }`, {
    input: { token, password },
  });
}

export interface TenantFixture {
  id: string;
  slug: string;
  rootUnitId: string;
  adminEmail: string;
  adminToken: string;
  roles: Record<string, string>;
}

/** Provisions a tenant through the API and signs its first administrator in. */
export async function provisionTenant(server: TestServer, platformToken: string, kind = 'TOWNSHIP', extra: Record<string, unknown> = {}): Promise<TenantFixture> {
  const slug = uniq('t');
  const adminEmail = `admin-${slug}@test.local`;
  const data = await ok<any>(
    server.url,
    `mutation($input: ProvisionTenantInput!) { provisionTenant(input: $input) { tenant { id slug } setPasswordToken userErrors { code message field } } }`,
    { input: { name: `Tenant ${slug}`, slug, kind, admin: { email: adminEmail, displayName: 'Admin' }, ...extra } },
    platformToken,
  );
  await setPassword(server, data.provisionTenant.setPasswordToken);
  const { accessToken } = await login(server, adminEmail, PASSWORD, slug);
  const info = await ok<any>(
    server.url,
    `{ me { member { unit { id } } } roles(first: 50) { edges { node { id key name } } } }`,
    {},
    accessToken,
  );
  const roles: Record<string, string> = {};
  for (const e of info.roles.edges) roles[e.node.key ?? e.node.name] = e.node.id;
  return { id: data.provisionTenant.tenant.id, slug, rootUnitId: info.me.member.unit.id, adminEmail, adminToken: accessToken, roles };
}

export async function createUnit(server: TestServer, token: string, parentId: string, name: string, kind = 'OFFICE'): Promise<string> {
  const data = await ok<any>(
    server.url,
    `mutation($input: CreateUnitInput!) { createUnit(input: $input) { unit { id } userErrors { code message } } }`,
    { input: { parentId, name, kind } },
    token,
  );
  return data.createUnit.unit.id;
}

/** One member in each template role of the leading group's chain, seated at the root (the plan walkthroughs' staff). */
export async function staffLeadingGroup(server: TestServer, tenant: TenantFixture) {
  const keys = ['GROUP_LEADER', 'DEPUTY_LEADER', 'OFFICE_DIRECTOR', 'MEMBER', 'LIAISON'] as const;
  const staff: Record<(typeof keys)[number], Awaited<ReturnType<typeof addMember>>> = {} as never;
  for (const key of keys) staff[key] = await addMember(server, tenant, [key]);
  return { leader: staff.GROUP_LEADER, deputy: staff.DEPUTY_LEADER, director: staff.OFFICE_DIRECTOR, member: staff.MEMBER, liaison: staff.LIAISON };
}

/** Invites a member, sets its password and signs it in. */
export async function addMember(
  server: TestServer,
  tenant: TenantFixture,
  roleKeys: string[],
  unitId = tenant.rootUnitId,
  /** Named units; omitted: what the roles usually get (the office director and the leaders: the whole organisation). */
  jurisdictionUnitIds?: string[],
): Promise<{ memberId: string; email: string; token: string; userId?: string }> {
  const email = `${uniq('m')}@test.local`;
  const data = await ok<any>(
    server.url,
    `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { member { id } setPasswordToken userErrors { code message } } }`,
    { input: { email, displayName: email.split('@')[0], unitId, roleIds: roleKeys.map((k) => tenant.roles[k]), ...(jurisdictionUnitIds ? { jurisdictionUnitIds } : {}) } },
    tenant.adminToken,
  );
  await setPassword(server, data.inviteMember.setPasswordToken);
  const { accessToken } = await login(server, email, PASSWORD, tenant.slug);
  return { memberId: data.inviteMember.member.id, email, token: accessToken };
}

export { gql, ok };
