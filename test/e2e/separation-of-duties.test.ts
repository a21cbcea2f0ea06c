// 三员分立: the system, security and audit administrators of the platform each
// do their own work and are refused the others'; each act is in the platform
// log. In a tenant, the tenant administrator and the auditor stay apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { addMember, gql, login, ok, platformAdmin, provisionTenant, uniq, type TenantFixture } from '../support/fixtures.js';
import { PlatformRole } from '../../src/platform/platform-roles.js';
import { parseGlobalId } from '../../src/platform/ids.js';

let server: TestServer;
let db: pg.Client;
let system: { email: string; token: string };
let security: { email: string; token: string };
let audit: { email: string; token: string };
let tenant: TenantFixture;

const OPS = {
  provision: {
    query: `mutation($input: ProvisionTenantInput!) { provisionTenant(input: $input) { tenant { id } userErrors { code } } }`,
    vars: () => ({ input: { name: 'x', slug: uniq('sod'), kind: 'TOWN', admin: { email: `${uniq('a')}@test.local`, displayName: 'A' } } }),
  },
  suspend: { query: `mutation($input: SuspendTenantInput!) { suspendTenant(input: $input) { userErrors { code } } }`, vars: () => ({ input: { tenantId: tenant.id, reason: '越权' } }) },
  tenants: { query: `{ tenants(first: 5) { totalCount } }`, vars: () => ({}) },
  setRole: {
    query: `mutation($input: SetPlatformRoleInput!) { setPlatformRole(input: $input) { administrator { role } userErrors { code field } } }`,
    vars: () => ({ input: { email: tenant.adminEmail, role: 'AUDIT_ADMIN' } }),
  },
  administrators: { query: `{ platformAdministrators { email role } }`, vars: () => ({}) },
  platformLog: { query: `{ platformAuditLog(first: 100) { totalCount edges { node { seq action record } } } }`, vars: () => ({}) },
  verifyPlatformLog: { query: `{ verifyPlatformLog { ok headSeq } }`, vars: () => ({}) },
  tenantLog: { query: `query($t: ID) { auditLog(first: 5, tenantId: $t) { totalCount } }`, vars: () => ({ t: tenant.id }) },
} as const;
type Op = keyof typeof OPS;

const MINE: Record<PlatformRole, Op[]> = {
  [PlatformRole.SYSTEM_ADMIN]: ['provision', 'suspend', 'tenants'],
  [PlatformRole.SECURITY_ADMIN]: ['setRole', 'administrators'],
  [PlatformRole.AUDIT_ADMIN]: ['administrators', 'platformLog', 'verifyPlatformLog', 'tenantLog'],
};

async function data(url: string, query: string, vars: Record<string, unknown>, token: string): Promise<any> {
  const res = await gql(url, query, vars, token);
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

async function code(op: Op, token: string): Promise<string | null> {
  const res = await gql(server.url, OPS[op].query, OPS[op].vars(), token);
  return (res.errors?.[0]?.extensions?.code as string | undefined) ?? null;
}

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  system = await platformAdmin(server, PlatformRole.SYSTEM_ADMIN);
  security = await platformAdmin(server, PlatformRole.SECURITY_ADMIN);
  audit = await platformAdmin(server, PlatformRole.AUDIT_ADMIN);
  tenant = await provisionTenant(server, system.token);
  await ok(server.url, `mutation { setPlatformLogAccess(input: { granted: true }) { userErrors { code } } }`, {}, tenant.adminToken);
});
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('the three platform administrators', () => {
  it('each is refused every operation of the other two', async () => {
    const tokens: Record<PlatformRole, string> = { SYSTEM_ADMIN: system.token, SECURITY_ADMIN: security.token, AUDIT_ADMIN: audit.token };
    const problems: string[] = [];
    for (const role of Object.values(PlatformRole)) {
      for (const op of Object.keys(OPS) as Op[]) {
        if (MINE[role].includes(op) || op === 'suspend' || op === 'setRole') continue; // state-changing ones of their own run below
        const got = await code(op, tokens[role]);
        if (got !== 'FORBIDDEN') problems.push(`${role} ${op}: ${got ?? 'allowed'}`);
      }
    }
    for (const role of [PlatformRole.SECURITY_ADMIN, PlatformRole.AUDIT_ADMIN]) {
      for (const op of ['suspend', 'provision'] as Op[]) {
        const got = await code(op, tokens[role]);
        if (got !== 'FORBIDDEN') problems.push(`${role} ${op}: ${got}`);
      }
    }
    for (const role of [PlatformRole.SYSTEM_ADMIN, PlatformRole.AUDIT_ADMIN]) {
      if ((await code('setRole', tokens[role])) !== 'FORBIDDEN') problems.push(`${role} setRole`);
    }
    expect(problems).toEqual([]);
    // And each does its own.
    for (const op of ['tenants', 'provision'] as Op[]) expect(await code(op, system.token)).toBeNull();
    expect(await code('administrators', security.token)).toBeNull();
    for (const op of MINE.AUDIT_ADMIN) expect(await code(op, audit.token), op).toBeNull();
    // Row-level security holds the same line behind the API: the granted log is the audit administrator's alone.
    const visible = async (email: string) => {
      const user = (await db.query('select id from app_user where email = $1', [email])).rows[0].id;
      await db.query('begin');
      try {
        await db.query('set local role xinfang_app');
        await db.query(`select set_config('app.user_id', $1, true), set_config('app.tenant_id', '', true)`, [user]);
        return Number((await db.query('select count(*) from log_entry where tenant_id = $1', [parseGlobalId(tenant.id)!.id])).rows[0].count);
      } finally {
        await db.query('rollback');
      }
    };
    expect(await visible(audit.email)).toBeGreaterThan(0);
    expect(await visible(system.email)).toBe(0);
    expect(await visible(security.email)).toBe(0);
    // A tenant member, even its administrator, is none of them.
    for (const op of ['provision', 'setRole', 'administrators', 'platformLog'] as Op[]) expect(await code(op, tenant.adminToken)).toBe('FORBIDDEN');
  });

  it('the security administrator grants roles, never its own; a changed role ends the user\'s sessions; every act is in the platform log', async () => {
    const before = Number((await db.query('select coalesce(max(seq), 0) as s from platform_log_entry')).rows[0].s);
    const own = await data(server.url, OPS.setRole.query, { input: { email: security.email, role: 'AUDIT_ADMIN' } }, security.token);
    expect(own.setPlatformRole.userErrors).toEqual([{ code: 'OWN_PLATFORM_ROLE', field: ['input', 'email'] }]);

    const target = await platformAdmin(server, PlatformRole.SYSTEM_ADMIN);
    expect(await code('tenants', target.token)).toBeNull();
    const granted = await ok<any>(server.url, OPS.setRole.query, { input: { email: target.email, role: 'AUDIT_ADMIN', reason: '轮岗' } }, security.token);
    expect(granted.setPlatformRole).toMatchObject({ administrator: { role: 'AUDIT_ADMIN' }, userErrors: [] });
    expect(await code('tenants', target.token)).toBe('UNAUTHENTICATED');
    const fresh = (await login(server, target.email)).accessToken;
    expect(await code('tenants', fresh)).toBe('FORBIDDEN');
    expect(await code('platformLog', fresh)).toBeNull();
    const revoked = await ok<any>(server.url, OPS.setRole.query, { input: { email: target.email, role: null } }, security.token);
    expect(revoked.setPlatformRole.administrator).toBeNull();
    const none = (await login(server, target.email).catch(() => null))?.accessToken;
    if (none) expect(await code('platformLog', none)).toBe('FORBIDDEN');
    const unknown = await data(server.url, OPS.setRole.query, { input: { email: 'nobody@test.local', role: 'AUDIT_ADMIN' } }, security.token);
    expect(unknown.setPlatformRole.userErrors[0].code).toBe('NOT_FOUND');

    // The audit administrator reads the grants and the platform log: every act above is there, by its actor.
    const admins = (await ok<any>(server.url, OPS.administrators.query, {}, audit.token)).platformAdministrators;
    expect(admins).toEqual(expect.arrayContaining([{ email: security.email, role: 'SECURITY_ADMIN' }, { email: audit.email, role: 'AUDIT_ADMIN' }]));
    expect(admins.some((a: any) => a.email === target.email)).toBe(false);
    const { rows } = await db.query(
      `select p.action, u.email, p.reason from platform_log_entry p left join app_user u on u.id = p.actor_user_id where p.seq > $1 order by p.seq`, [before],
    );
    const acts = rows.map((r) => [r.action, r.email]);
    expect(acts).toEqual(expect.arrayContaining([
      ['platform_admin.set_role', security.email],
      ['platform_admin.read', audit.email],
    ]));
    expect(acts.filter(([a]) => a === 'platform_admin.set_role')).toHaveLength(2); // the refused self-grant and the unknown user left nothing
    const log = (await ok<any>(server.url, OPS.platformLog.query, {}, audit.token)).platformAuditLog;
    expect(log.edges.some((e: any) => e.node.action === 'tenant.provision')).toBe(true);
    expect((await ok<any>(server.url, OPS.verifyPlatformLog.query, {}, audit.token)).verifyPlatformLog.ok).toBe(true);
    const reads = await db.query(`select reason from platform_log_entry where action = 'log.platform_log_read' and seq > $1`, [before]);
    expect(reads.rows.map((r) => r.reason)).toEqual(expect.arrayContaining(['platformAuditLog', 'verifyPlatformLog']));
  });
});

describe('tenant administrator and auditor', () => {
  it('one member cannot hold both; each is refused the other\'s work', async () => {
    const both = await data(
      server.url,
      `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { member { id } userErrors { code field } } }`,
      { input: { email: `${uniq('both')}@test.local`, displayName: 'both', unitId: tenant.rootUnitId, roleIds: [tenant.roles.TENANT_ADMIN, tenant.roles.AUDITOR] } },
      tenant.adminToken,
    );
    expect(both.inviteMember).toMatchObject({ member: null, userErrors: [{ code: 'ROLES_SEPARATED', field: ['input', 'roleIds'] }] });
    const auditor = await addMember(server, tenant, ['AUDITOR']);
    const promote = await data(
      server.url,
      `mutation($input: AssignRoleInput!) { assignRole(input: $input) { userErrors { code } } }`,
      { input: { memberId: auditor.memberId, roleIds: [tenant.roles.AUDITOR, tenant.roles.TENANT_ADMIN] } },
      tenant.adminToken,
    );
    expect(promote.assignRole.userErrors).toEqual([{ code: 'ROLES_SEPARATED' }]);

    // The auditor administers nothing; the tenant administrator reads no case and only the structure view of the log.
    const createUnit = `mutation($input: CreateUnitInput!) { createUnit(input: $input) { userErrors { code } } }`;
    expect((await gql(server.url, createUnit, { input: { parentId: tenant.rootUnitId, name: '审计设的', kind: 'OFFICE' } }, auditor.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const invite = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { userErrors { code } } }`;
    expect((await gql(server.url, invite, { input: { email: `${uniq('x')}@test.local`, displayName: 'x', unitId: tenant.rootUnitId, roleIds: [tenant.roles.LIAISON] } }, auditor.token))
      .errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gql(server.url, `{ incidents(first: 1) { totalCount } }`, {}, tenant.adminToken)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gql(server.url, `{ accountabilityFindings(first: 1) { totalCount } }`, {}, tenant.adminToken)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const adminView = await ok<any>(server.url, `{ auditLog(first: 100) { edges { node { action } } } }`, {}, tenant.adminToken);
    expect(adminView.auditLog.edges.every((e: any) => /^(tenant|unit|role|member|session|user|calendar|log)\./.test(e.node.action))).toBe(true);
  });
});
