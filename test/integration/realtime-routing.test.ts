import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { reportIncident } from '../support/realtime.js';
import { TEST_LEVELS, publishPlan } from '../support/incidents.js';
import { parseGlobalId } from '../../src/platform/ids.js';
import { Loaders } from '../../src/platform/loaders.js';
import type { Ctx } from '../../src/platform/context.js';
import { loadActor } from '../../src/modules/session/actor.service.js';
import { incidentAccess } from '../../src/modules/incident/incident.access.js';
import { inTenantTransaction } from '../../src/platform/db/tenant-transaction.js';
import { loadRoutes, routeVisibleTo } from '../../src/modules/realtime/routing.js';
import type { MemberActor } from '../../src/modules/realtime/connection.js';

// The feed routes events with one query per batch and a pure check per
// subscriber; queries use incidentAccess. Both must give the same answer for
// every member and incident, or a subscriber would see what a query hides.
let server: TestServer;
let tenant: TenantFixture;

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
  await publishPlan(server, tenant, TEST_LEVELS);
});
afterAll(async () => {
  await server?.stop();
});

describe('event routing', () => {
  it('agrees with incidentAccess.visibleIncidentIds for every member and incident', async () => {
    const office = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '信访办', 'OFFICE');
    const villages = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '各村', 'OTHER');
    const east = await createUnit(server, tenant.adminToken, villages, '东村', 'VILLAGE');
    const west = await createUnit(server, tenant.adminToken, villages, '西村', 'VILLAGE');
    const units = [tenant.rootUnitId, office, villages, east, west];
    const members = [];
    for (const [roles, unit] of [
      [['LIAISON'], tenant.rootUnitId], [['LIAISON'], office], [['LIAISON'], villages], [['LIAISON'], east], [['LIAISON'], west],
      [['AUDITOR'], tenant.rootUnitId], [['GROUP_LEADER'], tenant.rootUnitId], [['TENANT_ADMIN'], tenant.rootUnitId], [['LIAISON'], tenant.rootUnitId],
    ] as const) {
      members.push(await addMember(server, tenant, [...roles], unit));
    }
    const reporter = await addMember(server, tenant, ['MEMBER']);
    const incidents: string[] = [];
    for (const unit of units) incidents.push(await reportIncident(server.url, reporter.token, unit));
    // Confidential cases with different subjects and recused members.
    incidents.push(await reportIncident(server.url, reporter.token, tenant.rootUnitId, { category: 'REPORT_AGAINST_OFFICIAL', subjectMemberIds: [members[0]!.memberId], recusedMemberIds: [members[6]!.memberId] }));
    incidents.push(await reportIncident(server.url, reporter.token, east, { category: 'REPORT_AGAINST_OFFICIAL', subjectMemberIds: [members[3]!.memberId, members[8]!.memberId] }));
    const ids = incidents.map((i) => parseGlobalId(i)!.id);
    const tid = parseGlobalId(tenant.id)!.id;

    let compared = 0;
    for (const m of members) {
      const claims = server.services.tokens.verifyAccess(m.token);
      await inTenantTransaction(server.orm, tid, claims.sub, async (em) => {
        const actor = (await loadActor(em, claims)) as MemberActor;
        const ctx: Ctx = { orm: server.orm, config: server.config, log: server.deps.logger, request: { requestId: 't', clientAddress: null, userAgent: null }, actor, em, loaders: new Loaders(), services: server.services };
        const visible = await incidentAccess.visibleIncidentIds(ctx, ids);
        const routes = await loadRoutes(em, tid, ids);
        for (const id of ids) {
          expect({ member: m.memberId, id, routed: routeVisibleTo(actor, routes.get(id)!) }).toEqual({ member: m.memberId, id, routed: visible.has(id) });
          compared += 1;
        }
      });
    }
    expect(compared).toBe(members.length * ids.length);
    // The check is not vacuous: some pairs are visible, some are not.
    const claims = server.services.tokens.verifyAccess(members[3]!.token);
    const eastView = await inTenantTransaction(server.orm, tid, claims.sub, async (em) => {
      const actor = (await loadActor(em, claims)) as MemberActor;
      const routes = await loadRoutes(em, tid, ids);
      return ids.map((id) => routeVisibleTo(actor, routes.get(id)!));
    });
    // East sees only the east incident (the east 举报 names it as a subject).
    expect(eastView).toEqual([false, false, false, true, false, false, false]);
  });
});
