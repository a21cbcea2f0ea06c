import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';

let server: TestServer;
let tenant: TenantFixture;

const CREATE_ROLE = `mutation($input: CreateRoleInput!) { createRole(input: $input) { role { id effectivePermissions } userErrors { code field } } }`;
const UPDATE_ROLE = `mutation($input: UpdateRoleInput!) { updateRole(input: $input) { role { id parent { id } effectivePermissions } userErrors { code field } } }`;
const MOVE = `mutation($input: MoveUnitInput!) { moveUnit(input: $input) { unit { id depth parent { id } } userErrors { code field } } }`;

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token);
});
afterAll(async () => {
  await server?.stop();
});

describe('role hierarchy', () => {
  it('template chain: a role holds every permission of the roles below it', async () => {
    const data = await ok<any>(server.url, `{ roles(first: 20) { edges { node { key effectivePermissions permissions leader } } } }`, {}, tenant.adminToken);
    const byKey = Object.fromEntries(data.roles.edges.map((e: any) => [e.node.key, e.node]));
    const chain = ['LIAISON', 'MEMBER', 'OFFICE_DIRECTOR', 'DEPUTY_LEADER', 'GROUP_LEADER'];
    for (let i = 1; i < chain.length; i++) {
      const lower = byKey[chain[i - 1]!].effectivePermissions as string[];
      const upper = byKey[chain[i]!].effectivePermissions as string[];
      expect(lower.every((p) => upper.includes(p))).toBe(true);
      expect(upper.length).toBeGreaterThan(lower.length);
    }
    expect(byKey.GROUP_LEADER.effectivePermissions).toContain('INCIDENT_REPORT');
    expect(byKey.TENANT_ADMIN.effectivePermissions).not.toContain('INCIDENT_READ');
    expect(byKey.AUDITOR.effectivePermissions).toContain('AUDIT_READ');
    expect(byKey.AUDITOR.effectivePermissions).not.toContain('INCIDENT_ACT');
  });

  it('a new role below another passes its permissions up; the member of the upper role gets them', async () => {
    const top = await ok<any>(server.url, CREATE_ROLE, { input: { name: '督查组', permissions: ['ACCOUNTABILITY_READ'] } }, tenant.adminToken);
    const low = await ok<any>(server.url, CREATE_ROLE, { input: { name: '督查员', permissions: ['INCIDENT_READ', 'PLAN_READ'], parentId: top.createRole.role.id } }, tenant.adminToken);
    expect(low.createRole.role.effectivePermissions).toEqual(['INCIDENT_READ', 'PLAN_READ']);
    tenant.roles['督查组'] = top.createRole.role.id;
    const m = await addMember(server, tenant, ['督查组']);
    const me = await ok<any>(server.url, '{ me { permissions } }', {}, m.token);
    expect(me.me.permissions).toEqual(['ACCOUNTABILITY_READ', 'INCIDENT_READ', 'PLAN_READ']);
  });

  it('refuses cycles', async () => {
    const a = await ok<any>(server.url, CREATE_ROLE, { input: { name: 'A角色', permissions: [] } }, tenant.adminToken);
    const b = await ok<any>(server.url, CREATE_ROLE, { input: { name: 'B角色', permissions: [], parentId: a.createRole.role.id } }, tenant.adminToken);
    const c = await ok<any>(server.url, CREATE_ROLE, { input: { name: 'C角色', permissions: [], parentId: b.createRole.role.id } }, tenant.adminToken);
    const cycle = await gql<any>(server.url, UPDATE_ROLE, { input: { roleId: a.createRole.role.id, parentId: c.createRole.role.id } }, tenant.adminToken);
    expect(cycle.data.updateRole.userErrors).toEqual([{ code: 'ROLE_CYCLE', field: ['input', 'parentId'] }]);
    const self = await gql<any>(server.url, UPDATE_ROLE, { input: { roleId: a.createRole.role.id, parentId: a.createRole.role.id } }, tenant.adminToken);
    expect(self.data.updateRole.userErrors[0].code).toBe('ROLE_CYCLE');
  });

  it('a member cannot change its own roles', async () => {
    const me = await ok<any>(server.url, '{ me { member { id } } }', {}, tenant.adminToken);
    const res = await gql<any>(
      server.url,
      `mutation($input: AssignRoleInput!) { assignRole(input: $input) { member { id } userErrors { code } } }`,
      { input: { memberId: me.me.member.id, roleIds: [tenant.roles.GROUP_LEADER] } },
      tenant.adminToken,
    );
    expect(res.data.assignRole.userErrors[0].code).toBe('SELF_ASSIGNMENT');
  });
});

describe('unit tree', () => {
  it('moves subtrees, refusing cycles; archive needs an empty unit', async () => {
    const a = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '甲');
    const b = await createUnit(server, tenant.adminToken, a, '乙');
    const c = await createUnit(server, tenant.adminToken, b, '丙');
    const under = await gql<any>(server.url, MOVE, { input: { unitId: a, newParentId: c } }, tenant.adminToken);
    expect(under.data.moveUnit.userErrors).toEqual([{ code: 'UNIT_CYCLE', field: ['input', 'newParentId'] }]);
    const self = await gql<any>(server.url, MOVE, { input: { unitId: a, newParentId: a } }, tenant.adminToken);
    expect(self.data.moveUnit.userErrors[0].code).toBe('UNIT_CYCLE');
    const root = await gql<any>(server.url, MOVE, { input: { unitId: tenant.rootUnitId, newParentId: a } }, tenant.adminToken);
    expect(root.data.moveUnit.userErrors[0].code).toBe('UNIT_IS_ROOT');

    const moved = await ok<any>(server.url, MOVE, { input: { unitId: b, newParentId: tenant.rootUnitId } }, tenant.adminToken);
    expect(moved.moveUnit.unit.depth).toBe(1);
    const sub = await ok<any>(server.url, `query($id: ID!) { units(filter: {subtreeOf: $id}) { edges { node { id depth } } } }`, { id: b }, tenant.adminToken);
    expect(sub.units.edges.map((e: any) => [e.node.id, e.node.depth])).toEqual([[b, 1], [c, 2]]);

    const busy = await gql<any>(server.url, `mutation($id: ID!) { archiveUnit(input: {unitId: $id}) { userErrors { code } } }`, { id: b }, tenant.adminToken);
    expect(busy.data.archiveUnit.userErrors[0].code).toBe('UNIT_HAS_CHILDREN');
    await ok(server.url, `mutation($id: ID!) { archiveUnit(input: {unitId: $id}) { unit { archivedAt } userErrors { code } } }`, { id: c }, tenant.adminToken);
    const listed = await ok<any>(server.url, `query($id: ID!) { units(filter: {subtreeOf: $id}) { totalCount } }`, { id: b }, tenant.adminToken);
    expect(listed.units.totalCount).toBe(1);
  });

  it('a member scoped to a subtree sees and manages only inside it', async () => {
    const region = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '片区');
    const village = await createUnit(server, tenant.adminToken, region, '村', 'VILLAGE');
    const elsewhere = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '别处');
    const manager = await addMember(server, tenant, ['TENANT_ADMIN'], region);
    const own = await ok<any>(server.url, `{ units { edges { node { id } } } members { edges { node { email } } } }`, {}, manager.token);
    expect(own.units.edges.map((e: any) => e.node.id).sort()).toEqual([region, village].sort());
    expect(own.members.edges.map((e: any) => e.node.email)).toEqual([manager.email]);
    const outside = await gql<any>(server.url, `mutation($p: ID!) { createUnit(input: {parentId: $p, name: "x", kind: OFFICE}) { unit { id } userErrors { code } } }`, { p: elsewhere }, manager.token);
    expect(outside.data.createUnit.userErrors[0].code).toBe('NOT_FOUND');
    const inside = await ok<any>(server.url, `mutation($p: ID!) { createUnit(input: {parentId: $p, name: "y", kind: VILLAGE}) { unit { id } userErrors { code } } }`, { p: region }, manager.token);
    expect(inside.createUnit.unit.id).toBeTruthy();
  });
});

describe('query counts: fixed statements whatever the page size', () => {
  it('members with units and roles', async () => {
    for (let i = 0; i < 12; i++) await addMember(server, tenant, i % 2 ? ['LIAISON'] : ['MEMBER', 'AUDITOR']);
    const q = `query($n: Int!) { members(first: $n) { edges { node { email unit { name parent { name } } roles { name parent { name } effectivePermissions } } } } }`;
    const small = await gql(server.url, q, { n: 2 }, tenant.adminToken);
    const large = await gql(server.url, q, { n: 14 }, tenant.adminToken);
    expect(small.errors).toBeUndefined();
    expect((large.data as any).members.edges).toHaveLength(14);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });

  it('units with parents', async () => {
    const q = `query($n: Int!) { units(first: $n) { totalCount edges { node { name parent { name parent { name } } } } } }`;
    // Statements grow with the nesting of `parent` in the query (one batch per level), never with the page size.
    const small = await gql(server.url, q, { n: 3 }, tenant.adminToken);
    const large = await gql(server.url, q, { n: 15 }, tenant.adminToken);
    expect((large.data as any).units.edges.length).toBeGreaterThan(6);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });

  it('roles with parents and effective permissions', async () => {
    const q = `query($n: Int!) { roles(first: $n) { edges { node { name parent { name } effectivePermissions } } } }`;
    const small = await gql(server.url, q, { n: 1 }, tenant.adminToken);
    const large = await gql(server.url, q, { n: 20 }, tenant.adminToken);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });

  it('caps the page size', async () => {
    const res = await gql(server.url, `{ units(first: 1000) { totalCount } }`, {}, tenant.adminToken);
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });
});
