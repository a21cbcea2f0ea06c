// Escalation bookkeeping: how many of the group went on (headcountReached,
// the total unchanged) decides the new level; a second, linked incident can be
// opened for the part that went on, with its own plan match.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { createDraft, publish } from '../support/plans.js';
import { reportInput } from '../support/incidents.js';

let server: TestServer;
let tenant: TenantFixture;
let village: string, west: string;
type M = { memberId: string; token: string; email: string };
let leader: M, director: M, villager: M;

const FIELDS = 'id levelKey headcount headcountReached levelReached relatedIncident { id levelKey }';
const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { ${FIELDS} } userErrors { code field message } } }`;
const ESCALATE = `mutation($input: EscalateIncidentInput!) { escalateIncident(input: $input) { incident { ${FIELDS} } userErrors { code field message } } }`;

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'DISCIPLINE_COMMISSION');
  village = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '东村', 'VILLAGE');
  west = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '西村', 'VILLAGE');
  leader = await addMember(server, tenant, ['GROUP_LEADER']);
  await addMember(server, tenant, ['DEPUTY_LEADER']);
  director = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  villager = await addMember(server, tenant, ['LIAISON'], west);
  const draft = await createDraft(server, leader.token, { source: 'TEMPLATE', templateKey: 'TOWNSHIP_DISCIPLINE' });
  expect((await publish(server, leader.token, draft.id)).userErrors).toEqual([]);
});
afterAll(async () => {
  await server?.stop();
});

describe('escalation bookkeeping', () => {
  let first: string;

  it('two of eight went on to the county: matched on the two, the total stays eight', async () => {
    const r = await ok<any>(server.url, REPORT, { input: reportInput(village, { category: 'INDIVIDUAL_VISIT', headcount: 8 }) }, director.token);
    expect(r.reportIncident.incident).toMatchObject({ levelKey: 'TOWNSHIP_GROUP', headcount: 8, headcountReached: null });
    first = r.reportIncident.incident.id;
    const tooMany = await gql<any>(server.url, ESCALATE, { input: { incidentId: first, levelReached: 'COUNTY', headcountReached: 9, reason: '部分人员到县' } }, director.token);
    expect(tooMany.data.escalateIncident.userErrors.map((e: any) => [e.code, e.field.join('.')])).toEqual([['HEADCOUNT_REACHED_ABOVE_TOTAL', 'input.headcountReached']]);
    const e = await ok<any>(server.url, ESCALATE, { input: { incidentId: first, levelReached: 'COUNTY', headcountReached: 2, reason: '两名村民前往县信访局' } }, director.token);
    expect(e.escalateIncident.incident).toMatchObject({ levelKey: 'COUNTY_SINGLE', levelReached: 'COUNTY', headcount: 8, headcountReached: 2 });
  });

  it('a linked incident for the part that went on has its own match; an invisible one is NOT_FOUND', async () => {
    const r = await ok<any>(server.url, REPORT, { input: reportInput(village, { category: 'GROUP_VISIT', headcount: 5, levelReached: 'COUNTY', relatedIncidentId: first }) }, director.token);
    expect(r.reportIncident.incident).toMatchObject({ levelKey: 'COUNTY_GROUP', relatedIncident: { id: first, levelKey: 'COUNTY_SINGLE' } });
    // The west village's liaison reports in its own village but may not see the east village's case.
    const refused = await gql<any>(server.url, REPORT, { input: reportInput(west, { relatedIncidentId: first }) }, villager.token);
    expect(refused.data.reportIncident.userErrors.map((e: any) => [e.code, e.field.join('.')])).toEqual([['NOT_FOUND', 'input.relatedIncidentId']]);
  });
});
