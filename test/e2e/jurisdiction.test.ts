// Jurisdiction apart from seat: a member seated in the office handles two
// village subtrees and sees exactly their cases on every path; the office
// director with jurisdiction over the whole township sees every case.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, publishPlan, raw, reportInput } from '../support/incidents.js';
import { sweep, days } from '../support/accountability.js';
import { WsSession, waitUntil } from '../support/ws.js';
import { INCIDENT_EVENTS_FULL } from '../support/realtime.js';

let server: TestServer;
let tenant: TenantFixture;
type M = { memberId: string; token: string; email: string };
let office: string, villageA: string, villageA1: string, villageB: string, villageC: string;
let director: M, handler: M, admin: string;
const incidents: Record<string, string> = {};

const SET_JURISDICTION = `mutation($input: SetJurisdictionInput!) { setJurisdiction(input: $input) {
  member { id jurisdiction { id } } userErrors { code field message } } }`;

async function signIn(email: string) {
  const res = await ok<any>(server.url, `mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } userErrors { code } } }`, {
    input: { email, password: 'correct-horse-battery', tenantSlug: tenant.slug },
  });
  return res.login.tokens.accessToken as string;
}

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
  admin = tenant.adminToken;
  office = await createUnit(server, admin, tenant.rootUnitId, '信访办公室', 'OFFICE');
  villageA = await createUnit(server, admin, tenant.rootUnitId, '东村', 'VILLAGE');
  villageA1 = await createUnit(server, admin, villageA, '东村一组', 'VILLAGE');
  villageB = await createUnit(server, admin, tenant.rootUnitId, '西村', 'VILLAGE');
  villageC = await createUnit(server, admin, tenant.rootUnitId, '南村', 'VILLAGE');
  await addMember(server, tenant, ['GROUP_LEADER']);
  director = await addMember(server, tenant, ['OFFICE_DIRECTOR'], office);
  handler = await addMember(server, tenant, ['OFFICE_DIRECTOR'], office);
  await addMember(server, tenant, ['LIAISON'], villageC);
  await publishPlan(server, tenant, TEST_LEVELS);
  // The director handles the whole township; the handler two villages (set at once, logged).
  const d = await ok<any>(server.url, SET_JURISDICTION, { input: { memberId: director.memberId, unitIds: [tenant.rootUnitId], reason: '信访办统筹全乡' } }, admin);
  expect(d.setJurisdiction.userErrors).toEqual([]);
  const h = await ok<any>(server.url, SET_JURISDICTION, { input: { memberId: handler.memberId, unitIds: [villageA, villageB, villageA1] } }, admin);
  expect(h.setJurisdiction.userErrors).toEqual([]);
  // villageA1 lies under villageA: kept once.
  expect(h.setJurisdiction.member.jurisdiction.map((u: any) => u.id).sort()).toEqual([villageA, villageB].sort());
  // A fresh token carries the new jurisdiction.
  director.token = await signIn(director.email);
  handler.token = await signIn(handler.email);
});
afterAll(async () => {
  await server?.stop();
});

const visibleSet = (ids: string[]) => [...new Set(ids)].sort();

describe('jurisdiction apart from seat', () => {
  let expectedHandler: string[];
  let all: string[];
  let directorWs: WsSession, handlerWs: WsSession;
  let directorSub: ReturnType<WsSession['subscribe']>, handlerSub: ReturnType<WsSession['subscribe']>;

  it('the office director (seated in a sibling of the villages) reports on any village; the handler only in its two', async () => {
    directorWs = new WsSession(server.wsUrl, director.token);
    handlerWs = new WsSession(server.wsUrl, handler.token);
    await Promise.all([directorWs.connected(), handlerWs.connected()]);
    directorSub = directorWs.subscribe(INCIDENT_EVENTS_FULL, {});
    handlerSub = handlerWs.subscribe(INCIDENT_EVENTS_FULL, {});
    await new Promise((r) => setTimeout(r, 300));
    for (const [name, unit] of Object.entries({ A: villageA, A1: villageA1, B: villageB, C: villageC, office, root: tenant.rootUnitId })) {
      const r = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(unit, { receivedAt: new Date(Date.now() - days(3)).toISOString(), occurredAt: new Date(Date.now() - days(3) - 60_000).toISOString() }) }, director.token);
      expect(r.reportIncident.userErrors).toEqual([]);
      incidents[name] = r.reportIncident.incident.id;
    }
    all = visibleSet(Object.values(incidents));
    expectedHandler = visibleSet([incidents.A!, incidents.A1!, incidents.B!]);
    const refused = (await gql<any>(server.url, REPORT_INCIDENT, { input: reportInput(villageC) }, handler.token)).data;
    expect(refused.reportIncident.userErrors.map((e: any) => e.code)).toEqual(['NOT_FOUND']);
    const preview = await gql<any>(server.url, `query($facts: IncidentFactsInput!, $unitId: ID) { previewResponseLevel(facts: $facts, unitId: $unitId) { level { key } } }`, {
      facts: { category: 'INDIVIDUAL_VISIT', levelReached: 'OWN', headcount: 1 }, unitId: villageC,
    }, director.token);
    expect(preview.errors).toBeUndefined();
  });

  it('incidents, incident and node: both villages and nothing else', async () => {
    const list = async (token: string) => (await ok<any>(server.url, `{ incidents(first: 100) { totalCount edges { node { id } } } }`, {}, token)).incidents;
    const h = await list(handler.token);
    expect(visibleSet(h.edges.map((e: any) => e.node.id))).toEqual(expectedHandler);
    expect(h.totalCount).toBe(3);
    expect(visibleSet((await list(director.token)).edges.map((e: any) => e.node.id))).toEqual(all);
    for (const id of Object.values(incidents)) {
      const seen = expectedHandler.includes(id);
      const one = await gql<any>(server.url, `query($id: ID!) { incident(id: $id) { id } }`, { id }, handler.token);
      const node = await gql<any>(server.url, `query($id: ID!) { node(id: $id) { id } }`, { id }, handler.token);
      if (seen) {
        expect(one.data.incident.id).toBe(id);
        expect(node.data.node.id).toBe(id);
      } else {
        expect(one.errors?.map((e: any) => e.extensions.code)).toEqual(['NOT_FOUND']);
        expect(node.errors?.map((e: any) => e.extensions.code)).toEqual(['NOT_FOUND']);
      }
    }
  });

  it('tasks (through the incident and node) follow the same rule', async () => {
    const tasksOf = async (id: string) =>
      (await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { tasks { id } } }`, { id }, director.token)).incident.tasks.map((t: any) => t.id) as string[];
    for (const [, id] of Object.entries(incidents)) {
      for (const taskId of await tasksOf(id)) {
        const node = await gql<any>(server.url, `query($id: ID!) { node(id: $id) { id } }`, { id: taskId }, handler.token);
        if (expectedHandler.includes(id)) expect(node.data.node.id).toBe(taskId);
        else expect(node.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      }
    }
  });

  it('myTasks: the handler holds the duties of its two villages\' cases, and nothing else', async () => {
    const mine = await ok<any>(server.url, `{ myTasks(first: 100) { edges { node { incident { id } assignedVia role { key } } } } }`, {}, handler.token);
    const nodes = mine.myTasks.edges.map((e: any) => e.node);
    expect(visibleSet(nodes.map((t: any) => t.incident.id))).toEqual(expectedHandler);
    // Its own role's duties by ROLE; the liaison's duties (no liaison covers these villages) by ROLE_ABOVE.
    expect(new Set(nodes.map((t: any) => `${t.role.key}:${t.assignedVia}`))).toEqual(new Set(['OFFICE_DIRECTOR:ROLE', 'LIAISON:ROLE_ABOVE']));
    const theirs = await ok<any>(server.url, `{ myTasks(first: 100) { edges { node { incident { id } } } } }`, {}, director.token);
    const directorIncidents = visibleSet(theirs.myTasks.edges.map((e: any) => e.node.incident.id));
    expect(directorIncidents.filter((id) => expectedHandler.includes(id))).toEqual([]);
  });

  it('events: the handler receives those of its two villages only', async () => {
    await directorSub.waitFor(6);
    await waitUntil(() => new Set(handlerSub.events.map((e) => e.incidentId)).size >= 3, 'the handler\'s events');
    await new Promise((r) => setTimeout(r, 500));
    expect(visibleSet(handlerSub.events.map((e) => e.incidentId))).toEqual(expectedHandler);
    expect(visibleSet(directorSub.events.map((e) => e.incidentId))).toEqual(all);
    await directorWs.dispose();
    await handlerWs.dispose();
  });

  it('findings: those on the two villages\' incidents and nothing else', async () => {
    await sweep(server, null, new Date(Date.now() + days(2)), { tenantIds: [raw(tenant.id)] });
    const findings = async (token: string) =>
      (await ok<any>(server.url, `{ accountabilityFindings(first: 100) { edges { node { id incident { id } } } } }`, {}, token)).accountabilityFindings.edges.map((e: any) => e.node);
    const mine = await findings(handler.token);
    const everything = await findings(director.token);
    expect(everything.length).toBeGreaterThan(mine.length);
    expect(visibleSet(mine.map((f: any) => f.incident.id))).toEqual(expectedHandler);
    expect(visibleSet(everything.filter((f: any) => f.incident).map((f: any) => f.incident.id))).toEqual(all);
  });

  it('every change of jurisdiction is in the log with the member and its units', async () => {
    const log = await ok<any>(server.url, `{ auditLog(first: 100, filter: { actions: ["member.set_jurisdiction"] }) { edges { node { action target { id } reason } } } }`, {}, admin);
    const entries = log.auditLog.edges.map((e: any) => e.node);
    expect(entries.map((e: any) => e.target.id).sort()).toEqual([director.memberId, handler.memberId].sort());
    expect(entries.find((e: any) => e.target.id === director.memberId).reason).toBe('信访办统筹全乡');
  });
});

describe('template roles bring the jurisdiction they usually get', () => {
  const INVITE = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { member { id jurisdiction { id } } userErrors { code field message } } }`;
  const ASSIGN = `mutation($input: AssignRoleInput!) { assignRole(input: $input) { member { id jurisdiction { id } } userErrors { code field message } } }`;
  const invite = (token: string, unitId: string, roleKey: string, extra: Record<string, unknown> = {}) =>
    gql<any>(server.url, INVITE, { input: { email: `usual-${Math.random().toString(36).slice(2)}@test.local`, displayName: '新成员', unitId, roleIds: [tenant.roles[roleKey]], ...extra } }, token);

  it('an office director invited without jurisdiction handles the whole organisation; a liaison its seat; logged with the invitation', async () => {
    const d = (await invite(admin, office, 'OFFICE_DIRECTOR')).data.inviteMember;
    expect(d.userErrors).toEqual([]);
    expect(d.member.jurisdiction.map((u: any) => u.id)).toEqual([tenant.rootUnitId]);
    const l = (await invite(admin, villageC, 'LIAISON')).data.inviteMember;
    expect(l.userErrors).toEqual([]);
    expect(l.member.jurisdiction.map((u: any) => u.id)).not.toContain(tenant.rootUnitId);
    const log = await ok<any>(server.url, `{ auditLog(first: 5, filter: { actions: ["member.invite"] }) { edges { node { target { id } changes { type after } } } } }`, {}, admin);
    const entry = log.auditLog.edges.map((e: any) => e.node).find((n: any) => n.target.id === d.member.id);
    const rows = entry.changes.filter((c: any) => c.type === 'MemberJurisdiction');
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0].after)).toContain(raw(tenant.rootUnitId));
  });

  it('never more than the inviter holds: refused beyond it, named units within it are taken', async () => {
    // An administrator seated in one village.
    const local = await addMember(server, tenant, ['TENANT_ADMIN'], villageB);
    const refused = (await invite(local.token, villageB, 'OFFICE_DIRECTOR')).data.inviteMember;
    expect(refused.userErrors.map((e: any) => [e.code, e.field.join('.')])).toEqual([['JURISDICTION_BEYOND_OWN', 'input.jurisdictionUnitIds']]);
    const named = (await invite(local.token, villageB, 'OFFICE_DIRECTOR', { jurisdictionUnitIds: [villageB] })).data.inviteMember;
    expect(named.userErrors).toEqual([]);
    expect(named.member.jurisdiction.map((u: any) => u.id)).toEqual([villageB]);
  });

  it('assignRole: a role that usually handles the whole organisation brings it, losing it goes back to the seat', async () => {
    const m = await addMember(server, tenant, ['MEMBER'], office);
    const up = (await gql<any>(server.url, ASSIGN, { input: { memberId: m.memberId, roleIds: [tenant.roles.OFFICE_DIRECTOR] } }, admin)).data.assignRole;
    expect(up.userErrors).toEqual([]);
    expect(up.member.jurisdiction.map((u: any) => u.id)).toEqual([tenant.rootUnitId]);
    const down = (await gql<any>(server.url, ASSIGN, { input: { memberId: m.memberId, roleIds: [tenant.roles.MEMBER] } }, admin)).data.assignRole;
    expect(down.userErrors).toEqual([]);
    expect(down.member.jurisdiction.map((u: any) => u.id)).not.toContain(tenant.rootUnitId);
    // A jurisdiction named by hand stays when the roles change without one.
    await ok<any>(server.url, SET_JURISDICTION, { input: { memberId: m.memberId, unitIds: [villageA, villageB] } }, admin);
    const kept = (await gql<any>(server.url, ASSIGN, { input: { memberId: m.memberId, roleIds: [tenant.roles.MEMBER], title: '成员' } }, admin)).data.assignRole;
    expect(kept.member.jurisdiction.map((u: any) => u.id).sort()).toEqual([villageA, villageB].sort());
  });
});
