import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant } from '../support/fixtures.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('end to end over HTTP', () => {
  it('provisions a tenant, builds units, roles and members; a member sees only its subtree', async () => {
    const platform = await platformAdmin(server);
    const tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
    const office = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '信访办公室');
    const villages = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '各村', 'OTHER');
    const east = await createUnit(server, tenant.adminToken, villages, '东村', 'VILLAGE');
    await createUnit(server, tenant.adminToken, villages, '西村', 'VILLAGE');

    const custom = await ok<any>(
      server.url,
      `mutation($input: CreateRoleInput!) { createRole(input: $input) { role { id name effectivePermissions } userErrors { code } } }`,
      { input: { name: '调解员', permissions: ['INCIDENT_READ'], parentId: tenant.roles.LIAISON } },
      tenant.adminToken,
    );
    expect(custom.createRole.role.effectivePermissions).toEqual(['INCIDENT_READ']);

    const liaison = await addMember(server, tenant, ['LIAISON'], villages);
    const units = await ok<any>(server.url, `{ units(first: 50) { totalCount edges { node { id name } } } }`, {}, liaison.token);
    const names = units.units.edges.map((e: any) => e.node.name).sort();
    expect(names).toEqual(['东村', '各村', '西村']);
    expect(units.units.totalCount).toBe(3);

    const outside = await gql(server.url, `query($id: ID!) { unit(id: $id) { name } }`, { id: office }, liaison.token);
    expect(outside.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const inside = await ok<any>(server.url, `query($id: ID!) { unit(id: $id) { name parent { name } } }`, { id: east }, liaison.token);
    expect(inside.unit).toEqual({ name: '东村', parent: { name: '各村' } });

    // Liaisons may not manage units.
    const denied = await gql(server.url, `mutation { createUnit(input: {parentId: "${villages}", name: "x", kind: VILLAGE}) { unit { id } } }`, {}, liaison.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
