import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, gql, ok, platformAdmin, provisionTenant } from '../support/fixtures.js';
import { PLAN_FIELDS, publish } from '../support/plans.js';

let server: TestServer;
let platform: { token: string };

beforeAll(async () => {
  server = await startTestServer();
  platform = await platformAdmin(server);
});
afterAll(async () => {
  await server?.stop();
});

describe('templates', () => {
  for (const kind of ['DISCIPLINE_COMMISSION', 'TOWNSHIP', 'ENTERPRISE', 'TOWN', 'COUNTY', 'CITY']) {
    it(`provisioning a ${kind} tenant drafts its template, which publishes without errors`, async () => {
      const tenant = await provisionTenant(server, platform.token, kind);
      const leader = await addMember(server, tenant, ['GROUP_LEADER']);
      const list = await ok<any>(server.url, `{ plans(first: 5) { totalCount edges { node { ${PLAN_FIELDS} } } } activePlan { id } }`, {}, leader.token);
      expect(list.plans.totalCount).toBe(1);
      expect(list.activePlan).toBeNull();
      const draft = list.plans.edges[0].node;
      expect(draft).toMatchObject({ version: 1, status: 'DRAFT', revision: 1, problems: [] });
      expect(draft.levels.length).toBeGreaterThanOrEqual(3);
      for (const l of draft.levels) for (const d of l.duties) expect(d.roleName).toBeTruthy();
      const out = await publish(server, leader.token, draft.id);
      expect(out.userErrors).toEqual([]);
      expect(out.plan).toMatchObject({ version: 1, status: 'PUBLISHED' });
      expect(out.superseded).toBeNull();
      const active = await ok<any>(server.url, `{ activePlan { id version status templateKey } }`, {}, leader.token);
      expect(active.activePlan).toMatchObject({ id: draft.id, status: 'PUBLISHED' });
    });
  }
});
