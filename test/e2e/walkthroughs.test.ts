// The walkthroughs of plan 000 (township discipline commission: a 乡级群体访 of
// eight villagers, then part of them at the county) and plan 001 (coal mine:
// a 集体访 of four workers, then the group company), over HTTP with the
// shipped templates: each task's exact assignee, role and assignedVia, the
// supersession after escalation, and what the office director sees.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { createDraft, publish } from '../support/plans.js';
import { reportInput } from '../support/incidents.js';

let server: TestServer;
let platformToken: string;
type M = { memberId: string; token: string; email: string };

const TASK = 'id dutyKey levelKey status assignedVia supersedesTaskId assignee { id } role { key }';
const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) {
  incident { id levelKey tasks { ${TASK} } } warnings { code message } userErrors { code field message } } }`;
const ESCALATE = `mutation($input: EscalateIncidentInput!) { escalateIncident(input: $input) {
  incident { id levelKey levelReached headcount headcountReached tasks { ${TASK} } } newTasks { ${TASK} } warnings { code } userErrors { code field message } } }`;
const SET_JURISDICTION = `mutation($input: SetJurisdictionInput!) { setJurisdiction(input: $input) { member { id } userErrors { code message } } }`;

beforeAll(async () => {
  server = await startTestServer();
  platformToken = (await platformAdmin(server)).token;
});
afterAll(async () => {
  await server?.stop();
});

/** One line per task: duty key, role, assignee's name in the walkthrough, how assigned, status. */
function table(tasks: any[], names: Map<string, string>): string[] {
  return tasks
    .map((t) => `${t.levelKey}/${t.dutyKey} ${t.role?.key} → ${t.assignee ? names.get(t.assignee.id) : '(unassigned)'} ${t.assignedVia ?? '-'} ${t.status}`)
    .sort();
}

async function wholeOrganisation(tenant: TenantFixture, ...members: M[]) {
  for (const m of members) {
    const out = await ok<any>(server.url, SET_JURISDICTION, { input: { memberId: m.memberId, unitIds: [tenant.rootUnitId] } }, tenant.adminToken);
    expect(out.setJurisdiction.userErrors).toEqual([]);
  }
}

async function publishTemplate(token: string, templateKey: string) {
  const draft = await createDraft(server, token, { source: 'TEMPLATE', templateKey });
  const out = await publish(server, token, draft.id);
  expect(out.userErrors).toEqual([]);
}

describe('plan 000: a 乡级群体访 of eight villagers, then part of them at the county', () => {
  let tenant: TenantFixture;
  let east: string;
  let leader: M, deputy: M, director: M, member1: M, member2: M, eastLiaison: M;
  const names = new Map<string, string>();
  let incidentId: string;

  beforeAll(async () => {
    tenant = await provisionTenant(server, platformToken, 'DISCIPLINE_COMMISSION');
    const office = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '信访办公室', 'OFFICE');
    east = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '东村', 'VILLAGE');
    const west = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '西村', 'VILLAGE');
    leader = await addMember(server, tenant, ['GROUP_LEADER']);
    deputy = await addMember(server, tenant, ['DEPUTY_LEADER']);
    director = await addMember(server, tenant, ['OFFICE_DIRECTOR'], office);
    member1 = await addMember(server, tenant, ['MEMBER'], office);
    member2 = await addMember(server, tenant, ['MEMBER'], office);
    eastLiaison = await addMember(server, tenant, ['LIAISON'], east);
    await addMember(server, tenant, ['LIAISON'], west);
    await wholeOrganisation(tenant, leader, deputy, director, member1, member2);
    for (const [m, n] of [[leader, '组长'], [deputy, '纪委书记'], [director, '办公室主任'], [member1, '成员甲'], [member2, '成员乙'], [eastLiaison, '东村包村干部']] as const) names.set(m.memberId, n);
    await publishTemplate(leader.token, 'TOWNSHIP_DISCIPLINE');
    // 成员甲 is on duty now (the roster of the whole township). Days are the
    // tenant's (Asia/Shanghai), and run from yesterday to tomorrow so that a
    // run crossing local midnight still finds the shift.
    const localDay = (offsetDays: number) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
    const days = [localDay(-1), localDay(0), localDay(1)];
    const roster = await ok<any>(server.url, `mutation($input: SaveRosterInput!) { saveRoster(input: $input) { warnings { code } userErrors { code message } } }`, {
      input: {
        unitId: tenant.rootUnitId, from: days[0], to: days[2],
        shifts: days.map((date) => ({ date, startTime: '00:00', endTime: '00:00', onDutyMemberId: member1.memberId, leaderOnCallMemberId: deputy.memberId })),
      },
    }, director.token);
    expect(roster.saveRoster.userErrors).toEqual([]);
  });

  it('the office director reports the group visit in the village; each duty goes to the member holding its role there', async () => {
    const r = await ok<any>(server.url, REPORT, { input: reportInput(east, { category: 'GROUP_VISIT', headcount: 8, summary: '东村八名村民反映土地流转租金未兑现' }) }, director.token);
    expect(r.reportIncident.userErrors).toEqual([]);
    expect(r.reportIncident.incident.levelKey).toBe('TOWNSHIP_GROUP');
    incidentId = r.reportIncident.incident.id;
    expect(table(r.reportIncident.incident.tasks, names)).toEqual([
      'TOWNSHIP_GROUP/arrive MEMBER → 成员甲 ON_DUTY OPEN',
      'TOWNSHIP_GROUP/hear DEPUTY_LEADER → 纪委书记 ROLE OPEN',
      'TOWNSHIP_GROUP/investigate OFFICE_DIRECTOR → 办公室主任 ROLE OPEN',
      'TOWNSHIP_GROUP/record MEMBER → 成员甲 ON_DUTY OPEN',
      'TOWNSHIP_GROUP/report OFFICE_DIRECTOR → 办公室主任 ROLE OPEN',
      'TOWNSHIP_GROUP/village-arrive LIAISON → 东村包村干部 ROLE OPEN',
    ]);
    expect(r.reportIncident.warnings.map((w: any) => w.code)).not.toContain('DUTY_ASSIGNED_ABOVE');
  });

  it('part of the group goes on to the county: the county level\'s duties, nothing lower superseded by a different duty', async () => {
    const e = await ok<any>(server.url, ESCALATE, { input: { incidentId, levelReached: 'COUNTY', headcountReached: 3, reason: '三名村民前往县信访局' } }, director.token);
    expect(e.escalateIncident.userErrors).toEqual([]);
    // Three of the eight went on: still a group visit (its category), the total stays eight.
    expect(e.escalateIncident.incident).toMatchObject({ levelKey: 'COUNTY_GROUP', levelReached: 'COUNTY', headcount: 8, headcountReached: 3 });
    expect(table(e.escalateIncident.newTasks, names)).toEqual([
      'COUNTY_GROUP/coordinate DEPUTY_LEADER → 纪委书记 ROLE OPEN',
      'COUNTY_GROUP/daily-report OFFICE_DIRECTOR → 办公室主任 ROLE OPEN',
      'COUNTY_GROUP/notify-leader OFFICE_DIRECTOR → 办公室主任 ROLE OPEN',
      'COUNTY_GROUP/own-case DEPUTY_LEADER → 纪委书记 ROLE OPEN',
      'COUNTY_GROUP/village LIAISON → 东村包村干部 ROLE OPEN',
    ]);
    // No duty key is open twice.
    const open = e.escalateIncident.incident.tasks.filter((t: any) => t.status === 'OPEN').map((t: any) => t.dutyKey);
    expect(new Set(open).size).toBe(open.length);
  });

  it('the office director sees the case, its tasks in the inbox, and no unassigned task', async () => {
    const list = await ok<any>(server.url, `{ incidents(first: 10) { edges { node { id } } } }`, {}, director.token);
    expect(list.incidents.edges.map((e: any) => e.node.id)).toEqual([incidentId]);
    const mine = await ok<any>(server.url, `{ myTasks(first: 50, filter: { statuses: [OPEN] }) { edges { node { dutyKey levelKey } } } }`, {}, director.token);
    expect(mine.myTasks.edges.map((e: any) => `${e.node.levelKey}/${e.node.dutyKey}`).sort()).toEqual([
      'COUNTY_GROUP/daily-report', 'COUNTY_GROUP/notify-leader', 'TOWNSHIP_GROUP/investigate', 'TOWNSHIP_GROUP/report',
    ]);
    const queue = await ok<any>(server.url, `{ unassignedTasks(first: 10) { totalCount } }`, {}, director.token);
    expect(queue.unassignedTasks.totalCount).toBe(0);
  });
});

describe('plan 001: a 集体访 of four workers, then the group company', () => {
  let tenant: TenantFixture;
  let workArea: string;
  let leader: M, deputy: M, director: M, clerk: M, security: M, teamHead: M;
  const names = new Map<string, string>();
  let incidentId: string;
  let firstTasks: any[];

  beforeAll(async () => {
    tenant = await provisionTenant(server, platformToken, 'ENTERPRISE');
    const office = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '信访工作办公室', 'OFFICE');
    const guard = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '保卫科', 'DEPARTMENT');
    workArea = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '综采一队', 'WORK_AREA');
    leader = await addMember(server, tenant, ['GROUP_LEADER']);
    deputy = await addMember(server, tenant, ['DEPUTY_LEADER']);
    director = await addMember(server, tenant, ['OFFICE_DIRECTOR'], office);
    clerk = await addMember(server, tenant, ['MEMBER'], office);
    security = await addMember(server, tenant, ['MEMBER'], guard);
    teamHead = await addMember(server, tenant, ['LIAISON'], workArea);
    await wholeOrganisation(tenant, leader, deputy, director, clerk, security);
    for (const [m, n] of [[leader, '矿长'], [deputy, '副矿长'], [director, '信访办主任'], [clerk, '信访办干事'], [security, '保卫科科长'], [teamHead, '综采一队队长']] as const) names.set(m.memberId, n);
    await publishTemplate(leader.token, 'COAL_MINE');
  });

  it('the office director (seated in 信访工作办公室) reports on 综采一队; the duties go to the right people', async () => {
    const r = await ok<any>(server.url, REPORT, { input: reportInput(workArea, { category: 'GROUP_VISIT', headcount: 4, summary: '综采一队四名职工反映井下津贴未足额发放' }) }, director.token);
    expect(r.reportIncident.userErrors).toEqual([]);
    expect(r.reportIncident.incident.levelKey).toBe('COLLECTIVE_VISIT');
    incidentId = r.reportIncident.incident.id;
    firstTasks = r.reportIncident.incident.tasks;
    expect(table(firstTasks, names)).toEqual([
      'COLLECTIVE_VISIT/dialogue MEMBER → 信访办干事 ROLE OPEN',
      'COLLECTIVE_VISIT/own-case DEPUTY_LEADER → 副矿长 ROLE OPEN',
      'COLLECTIVE_VISIT/record OFFICE_DIRECTOR → 信访办主任 ROLE OPEN',
      'COLLECTIVE_VISIT/report OFFICE_DIRECTOR → 信访办主任 ROLE OPEN',
      'COLLECTIVE_VISIT/unit-head LIAISON → 综采一队队长 ROLE OPEN',
      'COLLECTIVE_VISIT/venue OFFICE_DIRECTOR → 信访办主任 ROLE OPEN',
      // Not known in advance (001 四(二)): the office arrives at once, with vehicles and the security office told.
      'NOT_KNOWN_IN_ADVANCE/arrive MEMBER → 信访办干事 ROLE OPEN',
      'NOT_KNOWN_IN_ADVANCE/logistics OFFICE_DIRECTOR → 信访办主任 ROLE OPEN',
      'NOT_KNOWN_IN_ADVANCE/scene-report MEMBER → 信访办干事 ROLE OPEN',
    ]);
  });

  it('the deputy owns the case; at the group company the same duties supersede the lower ones and the own-case duty, already done, is not created again', async () => {
    const owner = await gql<any>(server.url, `mutation($input: AssignCaseOwnerInput!) { assignCaseOwner(input: $input) { userErrors { code message } } }`, { input: { incidentId, memberId: deputy.memberId } }, leader.token);
    expect(owner.data.assignCaseOwner.userErrors).toEqual([]);
    const e = await ok<any>(server.url, ESCALATE, { input: { incidentId, levelReached: 'COUNTY', reason: '四名职工前往集团公司信访办' } }, director.token);
    expect(e.escalateIncident.userErrors).toEqual([]);
    expect(e.escalateIncident.incident.levelKey).toBe('BEYOND_MINE_GROUP');
    const all = e.escalateIncident.incident.tasks;
    expect(table(all, names)).toEqual([
      'BEYOND_MINE_GROUP/daily-report OFFICE_DIRECTOR → 信访办主任 ROLE OPEN',
      'BEYOND_MINE_GROUP/leader DEPUTY_LEADER → 副矿长 ROLE OPEN',
      'BEYOND_MINE_GROUP/meeting GROUP_LEADER → 矿长 ROLE OPEN',
      'BEYOND_MINE_GROUP/record OFFICE_DIRECTOR → 信访办主任 ROLE OPEN',
      'BEYOND_MINE_GROUP/report OFFICE_DIRECTOR → 信访办主任 ROLE OPEN',
      'COLLECTIVE_VISIT/dialogue MEMBER → 信访办干事 ROLE OPEN',
      'COLLECTIVE_VISIT/own-case DEPUTY_LEADER → 副矿长 ROLE DONE',
      'COLLECTIVE_VISIT/record OFFICE_DIRECTOR → 信访办主任 ROLE SUPERSEDED',
      'COLLECTIVE_VISIT/report OFFICE_DIRECTOR → 信访办主任 ROLE SUPERSEDED',
      'COLLECTIVE_VISIT/unit-head LIAISON → 综采一队队长 ROLE OPEN',
      'COLLECTIVE_VISIT/venue OFFICE_DIRECTOR → 信访办主任 ROLE OPEN',
      // The measure no longer matches at the group company; its tasks stay.
      'NOT_KNOWN_IN_ADVANCE/arrive MEMBER → 信访办干事 ROLE OPEN',
      'NOT_KNOWN_IN_ADVANCE/logistics OFFICE_DIRECTOR → 信访办主任 ROLE OPEN',
      'NOT_KNOWN_IN_ADVANCE/scene-report MEMBER → 信访办干事 ROLE OPEN',
    ]);
    // Each new task names the one it took over; no duty key is open twice.
    const old = (key: string) => firstTasks.find((t) => t.dutyKey === key).id;
    for (const key of ['report', 'record']) {
      expect(all.find((t: any) => t.levelKey === 'BEYOND_MINE_GROUP' && t.dutyKey === key).supersedesTaskId).toBe(old(key));
    }
    const open = all.filter((t: any) => t.status === 'OPEN').map((t: any) => t.dutyKey);
    expect(new Set(open).size).toBe(open.length);
    expect(open).toHaveLength(11);
  });

  it('the office director sees 综采一队\'s case and its own tasks; the team head only its work area\'s', async () => {
    const list = await ok<any>(server.url, `{ incidents(first: 10) { edges { node { id } } } }`, {}, director.token);
    expect(list.incidents.edges.map((e: any) => e.node.id)).toEqual([incidentId]);
    const mine = await ok<any>(server.url, `{ myTasks(first: 50, filter: { statuses: [OPEN] }) { edges { node { dutyKey levelKey } } } }`, {}, director.token);
    expect(mine.myTasks.edges.map((e: any) => `${e.node.levelKey}/${e.node.dutyKey}`).sort()).toEqual([
      'BEYOND_MINE_GROUP/daily-report', 'BEYOND_MINE_GROUP/record', 'BEYOND_MINE_GROUP/report', 'COLLECTIVE_VISIT/venue', 'NOT_KNOWN_IN_ADVANCE/logistics',
    ]);
    const head = await ok<any>(server.url, `{ myTasks(first: 50) { edges { node { dutyKey } } } }`, {}, teamHead.token);
    expect(head.myTasks.edges.map((e: any) => e.node.dutyKey)).toEqual(['unit-head']);
  });
});
