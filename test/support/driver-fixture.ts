/**
 * A tenant set up for the operation driver: a platform administrator, a tenant
 * with its administrator, a "principal" member holding every permission (a
 * custom role with all of them, plus the template leader and admin roles), and
 * a member whose sessions the driver may end (signed-in mutations run on a
 * fresh session of it). Its ids are protected from destructive mutations.
 */
import { setDocumentCallers } from './driver-recipes.js';
import { getSchema } from '../../src/server/schema.js';
import { ALL_PERMISSIONS } from '../../src/platform/permissions.js';
import { PlatformRole } from '../../src/platform/platform-roles.js';
import { parseGlobalId } from '../../src/platform/ids.js';
import type { AccessRule } from '../../src/platform/graphql/allow.js';
import type { TestServer } from './server.js';
import { addMember, login, ok, PASSWORD, platformAdmin, provisionTenant, type TenantFixture } from './fixtures.js';
import { discover, IdPool, OperationDriver, type Caller, type DriverOptions } from './operation-driver.js';
import { DRIVER_RECIPES } from './driver-recipes.js';
import { accountabilityRecipes } from './driver-recipes-accountability.js';
import { referralRecipes } from './driver-recipes-referral.js';

export interface DriverFixture {
  driver: OperationDriver;
  pool: IdPool;
  tenant: TenantFixture;
  platform: Caller;
  admin: Caller;
  principal: Caller;
  /** Signs the session member in again: a session the driver may end. */
  freshSession: () => Promise<Caller>;
  anonymous: Caller;
  /** The callers the driver uses for a rule, best first. */
  callersFor: (rule: AccessRule | undefined) => Promise<Caller[]>;
}

async function whoAmI(server: TestServer, token: string): Promise<{ userId: string; memberId: string | null; tenantId: string | null }> {
  const data = await ok<any>(server.url, '{ me { userId member { id } tenant { id } } }', {}, token);
  const raw = (g: string | null | undefined) => (g ? parseGlobalId(g)!.id : null);
  return { userId: raw(data.me.userId)!, memberId: raw(data.me.member?.id), tenantId: raw(data.me.tenant?.id) };
}

async function caller(server: TestServer, label: string, email: string, token: string, tenantSlug?: string): Promise<Caller> {
  const c: Caller = { label, token, email, ...(await whoAmI(server, token)) };
  c.renew = async () => {
    c.token = (await login(server, email, PASSWORD, tenantSlug)).accessToken;
  };
  return c;
}

export async function createDriverFixture(server: TestServer, options: Partial<DriverOptions> = {}): Promise<DriverFixture> {
  const platformInfo = await platformAdmin(server);
  const platform = await caller(server, 'platform admin', platformInfo.email, platformInfo.token);
  // The other two platform administrators (三员分立), for the operations that are theirs.
  const byPlatformRole = new Map<PlatformRole, Caller>([[PlatformRole.SYSTEM_ADMIN, platform]]);
  for (const role of [PlatformRole.SECURITY_ADMIN, PlatformRole.AUDIT_ADMIN]) {
    const info = await platformAdmin(server, role);
    byPlatformRole.set(role, await caller(server, `platform ${role}`, info.email, info.token));
  }
  const tenant = await provisionTenant(server, platformInfo.token, 'TOWNSHIP');
  const admin = await caller(server, 'tenant admin', tenant.adminEmail, tenant.adminToken, tenant.slug);

  const allRole = await ok<any>(
    server.url,
    `mutation($input: CreateRoleInput!) { createRole(input: $input) { role { id } userErrors { code message } } }`,
    { input: { name: 'Driver: every permission', permissions: ALL_PERMISSIONS, leader: true } },
    tenant.adminToken,
  );
  tenant.roles.DRIVER_ALL = allRole.createRole.role.id;
  const principalMember = await addMember(server, tenant, ['DRIVER_ALL', 'GROUP_LEADER', 'TENANT_ADMIN']);
  const principal = await caller(server, 'principal (every permission)', principalMember.email, principalMember.token, tenant.slug);
  const sessionMember = await addMember(server, tenant, ['LIAISON']);
  // Documents are approved by someone other than their drafter.
  const drafterMember = await addMember(server, tenant, ['DRIVER_ALL', 'OFFICE_DIRECTOR']);
  setDocumentCallers(await caller(server, 'drafter (every permission)', drafterMember.email, drafterMember.token, tenant.slug));

  const pool = new IdPool();
  for (const id of [tenant.id, tenant.rootUnitId, ...Object.values(tenant.roles), principalMember.memberId, sessionMember.memberId, drafterMember.memberId]) pool.protect(id);
  const adminMe = await ok<any>(server.url, '{ me { member { id } } }', {}, tenant.adminToken);
  pool.protect(adminMe.me.member.id);

  const freshSession = async () => {
    const tokens = await login(server, sessionMember.email, PASSWORD, tenant.slug);
    pool.addString('refreshToken', tokens.refreshToken);
    return caller(server, 'session member (fresh session)', sessionMember.email, tokens.accessToken, tenant.slug);
  };
  const anonymous: Caller = { label: 'anonymous', token: null, userId: null, memberId: null, tenantId: null, email: null };

  const callersFor = async (rule: AccessRule | undefined, field?: { name: string }): Promise<Caller[]> => {
    switch (rule?.kind) {
      case 'public':
        // The receipt of rateReply comes from a case a member prepares (the recipe runs as the caller).
        return field?.name === 'rateReply' ? [principal] : [anonymous];
      case 'signedIn':
        return [await freshSession()];
      case 'platformAdmin':
        return rule.roles.map((r) => byPlatformRole.get(r)!);
      case 'memberOrPlatformAdmin':
        return [principal, platform];
      case 'member':
        return [principal, admin];
      default:
        return [principal, anonymous];
    }
  };

  const driver = new OperationDriver({
    url: server.url,
    schema: await getSchema(),
    pool,
    callers: (rule, field) => callersFor(rule, field),
    knownEmails: () => [principalMember.email, sessionMember.email, tenant.adminEmail, platformInfo.email],
    ...options,
    recipes: { ...DRIVER_RECIPES, ...accountabilityRecipes(server.deps), ...referralRecipes(server), ...options.recipes },
  });
  await discover(driver, principal);
  return { driver, pool, tenant, platform, admin, principal, freshSession, anonymous, callersFor };
}
