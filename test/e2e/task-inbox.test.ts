// Duties to the right people (assignedVia, the role above with a warning, the
// unassigned task on the office's queue), the task inbox (myTasks) and
// reassignTask with its TASK_ASSIGNED / TASK_REASSIGNED events.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, publishPlan, raw, reportInput } from '../support/incidents.js';
import { WsSession, waitUntil } from '../support/ws.js';
import { INCIDENT_EVENTS_FULL } from '../support/realtime.js';
import { encodeEventCursor } from '../../src/modules/realtime/realtime.cursor.js';

let server: TestServer;
let tenant: TenantFixture;
type M = { memberId: string; token: string; email: string };
let east: string, west: string;
let deputy: M, director: M, eastLiaison: M, westLiaison: M, auditor: M;

const TASKS = 'id dutyKey status dueAt assignedVia unassigned assignee { id } role { key }';
const MY_TASKS = `query($filter: TaskFilter, $first: Int, $after: String) { myTasks(filter: $filter, first: $first, after: $after) {
  totalCount edges { cursor node { ${TASKS} incident { id receiptNumber unit { name } } } } pageInfo { hasNextPage endCursor } } }`;
const REASSIGN = `mutation($input: ReassignTaskInput!) { reassignTask(input: $input) {
  task { ${TASKS} } previousAssignee { id } userErrors { code field message } } }`;

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
  east = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '东村', 'VILLAGE');
  west = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '西村', 'VILLAGE');
  // Nobody holds OFFICE_DIRECTOR for the east village's cases except the director; nobody holds GROUP_LEADER.
  deputy = await addMember(server, tenant, ['DEPUTY_LEADER']);
  director = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  eastLiaison = await addMember(server, tenant, ['LIAISON'], east);
  westLiaison = await addMember(server, tenant, ['LIAISON'], west);
  auditor = await addMember(server, tenant, ['AUDITOR']);
  await publishPlan(server, tenant, TEST_LEVELS);
});
afterAll(async () => {
  await server?.stop();
});

async function report(unitId: string, extra: Record<string, unknown> = {}) {
  const r = await ok<any>(server.url, REPORT_INCIDENT.replace('warnings { code message }', `warnings { code message } incident { tasks { ${TASKS} } }`), { input: reportInput(unitId, extra) }, director.token);
  return r.reportIncident;
}

describe('duties go to the right people', () => {
  it('the exact role first (ROLE); never a role below; the role above only when nobody holds the role, with a warning', async () => {
    const r = await report(east);
    const byKey = Object.fromEntries(r.incident.tasks.map((t: any) => [t.dutyKey, t]));
    expect(byKey.notify).toMatchObject({ assignee: { id: director.memberId }, role: { key: 'OFFICE_DIRECTOR' }, assignedVia: 'ROLE', unassigned: false });
    expect(byKey.receive).toMatchObject({ assignee: { id: eastLiaison.memberId }, role: { key: 'LIAISON' }, assignedVia: 'ROLE' });
    // The county level's group-leader duty: nobody is 组长, the deputy (the role above... none above GROUP_LEADER) cannot take it: unassigned.
    const county = await gql<any>(server.url, `mutation($input: EscalateIncidentInput!) { escalateIncident(input: $input) {
      newTasks { ${TASKS} } warnings { code message } userErrors { code message } } }`, { input: { incidentId: r.incident.id, levelReached: 'COUNTY', reason: '部分群众前往县信访局' } }, director.token);
    const esc = county.data.escalateIncident;
    expect(esc.userErrors).toEqual([]);
    const leaderTask = esc.newTasks.find((t: any) => t.dutyKey === 'notify_leader');
    expect(leaderTask).toMatchObject({ assignee: null, assignedVia: null, unassigned: true, status: 'OPEN' });
    expect(esc.warnings.map((w: any) => w.code)).toContain('DUTY_UNASSIGNED');
    // The coordinate duty (DEPUTY_LEADER) goes to the deputy by its own role.
    expect(esc.newTasks.find((t: any) => t.dutyKey === 'coordinate')).toMatchObject({ assignee: { id: deputy.memberId }, assignedVia: 'ROLE' });
    // The unassigned task is on the office's queue.
    const queue = await ok<any>(server.url, `{ unassignedTasks(first: 20) { totalCount edges { node { id dutyKey } } } }`, {}, director.token);
    expect(queue.unassignedTasks.edges.map((e: any) => e.node.id)).toContain(leaderTask.id);
    const refused = await gql<any>(server.url, `{ unassignedTasks(first: 20) { totalCount } }`, {}, eastLiaison.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a duty whose role nobody holds for the unit goes to the nearest role above, marked ROLE_ABOVE with a warning', async () => {
    // The west village's liaison leaves: its receive duty goes up to a MEMBER-or-above holder covering the village.
    await ok(server.url, `mutation($input: RemoveMemberInput!) { removeMember(input: $input) { member { id } userErrors { code } } }`, { input: { memberId: westLiaison.memberId } }, tenant.adminToken);
    const r = await report(west);
    const receive = r.incident.tasks.find((t: any) => t.dutyKey === 'receive');
    expect(receive).toMatchObject({ assignee: { id: director.memberId }, role: { key: 'LIAISON' }, assignedVia: 'ROLE_ABOVE' });
    expect(r.warnings.map((w: any) => w.code)).toContain('DUTY_ASSIGNED_ABOVE');
  });
});

describe('myTasks and reassignTask', () => {
  it('lists the caller\'s own tasks by due time, filters, pages, with a fixed number of statements', async () => {
    for (let n = 0; n < 4; n++) await report(east, { summary: `东村事项 ${n}` });
    const small = await gql<any>(server.url, MY_TASKS, { first: 2 }, eastLiaison.token);
    const large = await gql<any>(server.url, MY_TASKS, { first: 50 }, eastLiaison.token);
    expect(small.errors).toBeUndefined();
    expect(large.data.myTasks.edges.length).toBeGreaterThan(4);
    expect(small.extensions!.sqlStatements).toBe(large.extensions!.sqlStatements);
    const nodes = large.data.myTasks.edges.map((e: any) => e.node);
    expect(nodes.every((t: any) => t.assignee.id === eastLiaison.memberId)).toBe(true);
    expect(nodes.map((t: any) => t.dueAt)).toEqual([...nodes.map((t: any) => t.dueAt)].sort());
    expect(large.data.myTasks.totalCount).toBe(nodes.length);
    // Pages join up without gaps or repeats.
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const p: any = (await ok<any>(server.url, MY_TASKS, { first: 3, after }, eastLiaison.token)).myTasks;
      seen.push(...p.edges.map((e: any) => e.node.id));
      after = p.pageInfo.hasNextPage ? p.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(nodes.map((t: any) => t.id));
    const one = nodes[0].incident.id;
    const filtered = await ok<any>(server.url, MY_TASKS, { filter: { incidentId: one, statuses: ['OPEN'] } }, eastLiaison.token);
    expect(filtered.myTasks.edges.every((e: any) => e.node.incident.id === one)).toBe(true);
    const dueSoon = await ok<any>(server.url, MY_TASKS, { filter: { dueBefore: new Date(Date.now() + 3 * 3_600_000).toISOString() } }, eastLiaison.token);
    expect(dueSoon.myTasks.edges.every((e: any) => e.node.dutyKey === 'receive')).toBe(true);
  });

  it('reassigns by the office, logged with both members; the new assignee sees that incident only, and is told', async () => {
    const r = await report(east);
    const receive = r.incident.tasks.find((t: any) => t.dutyKey === 'receive');
    // A west-village member, who would not otherwise see an east-village case.
    const westMember = await addMember(server, tenant, ['LIAISON'], west);
    const before = await gql<any>(server.url, `query($id: ID!) { incident(id: $id) { id } }`, { id: r.incident.id }, westMember.token);
    expect(before.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const ws = new WsSession(server.wsUrl, westMember.token);
    await ws.connected();
    const sub = ws.subscribe(INCIDENT_EVENTS_FULL, {});
    await new Promise((res) => setTimeout(res, 300));
    // A liaison may not hand on someone else's task.
    const refused = await ok<any>(server.url, REASSIGN, { input: { taskId: receive.id, memberId: westMember.memberId, reason: '调整' } }, eastLiaison.token).catch((e) => e.message);
    expect(String(refused)).toContain('NOT_ALLOWED_TO_REASSIGN');
    const done = await ok<any>(server.url, REASSIGN, { input: { taskId: receive.id, memberId: westMember.memberId, reason: '东村干部外出培训' } }, director.token);
    expect(done.reassignTask.task).toMatchObject({ assignee: { id: westMember.memberId }, assignedVia: 'MANUAL' });
    expect(done.reassignTask.previousAssignee).toEqual({ id: eastLiaison.memberId });
    await waitUntil(() => sub.events.some((e) => e.kind === 'TASK_REASSIGNED'), 'the TASK_REASSIGNED event');
    expect(sub.events.filter((e) => e.kind === 'TASK_REASSIGNED').map((e) => e.incidentId)).toEqual([r.incident.id]);
    await ws.dispose();
    const after = await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { id } }`, { id: r.incident.id }, westMember.token);
    expect(after.incident.id).toBe(r.incident.id);
    // Of the east village's cases, only that one; the rest is its own village's.
    const list = await ok<any>(server.url, `{ incidents(first: 100) { edges { node { id unit { id } } } } }`, {}, westMember.token);
    const listed = list.incidents.edges.map((e: any) => e.node);
    expect(listed.filter((i: any) => i.unit?.id !== west).map((i: any) => i.id)).toEqual([r.incident.id]);
    const mine = await ok<any>(server.url, MY_TASKS, {}, westMember.token);
    expect(mine.myTasks.edges.map((e: any) => e.node.id)).toEqual([receive.id]);
    // The log entry names the task, both members and the reason.
    const log = await ok<any>(server.url, `{ auditLog(first: 5, filter: { actions: ["incident.reassign_task"] }) { edges { node { event reason target { id } changes { type after before } } } } }`, {}, auditor.token);
    const entry = log.auditLog.edges[0].node;
    expect(entry).toMatchObject({ event: 'TASK_REASSIGNED', reason: '东村干部外出培训', target: { id: receive.id } });
    const change = entry.changes.find((c: any) => c.type === 'IncidentTask');
    expect(JSON.stringify(change.after)).toContain(raw(westMember.memberId));
    expect(JSON.stringify(change.before)).toContain(raw(eastLiaison.memberId));
  });

  it('the member a task was taken from is told over the subscription, though the case is out of its sight: the task, the incident\'s id and the reason, nothing more', async () => {
    const r = await report(east, { summary: '改派回收' });
    const receive = r.incident.tasks.find((t: any) => t.dutyKey === 'receive');
    // A west-village member is given the east village's task, then it is taken back.
    const helper = await addMember(server, tenant, ['LIAISON'], west);
    await ok<any>(server.url, REASSIGN, { input: { taskId: receive.id, memberId: helper.memberId, reason: '临时支援' } }, director.token);
    const ws = new WsSession(server.wsUrl, helper.token);
    await ws.connected();
    const sub = ws.subscribe(`subscription { incidentEvents { cursor kind incidentId taskId reason actor { memberId } incident { id summary } } }`, {});
    await new Promise((res) => setTimeout(res, 300));
    const back = await ok<any>(server.url, REASSIGN, { input: { taskId: receive.id, memberId: eastLiaison.memberId, reason: '东村干部已返岗' } }, director.token);
    expect(back.reassignTask.previousAssignee).toEqual({ id: helper.memberId });
    await waitUntil(() => sub.events.some((e) => e.kind === 'TASK_REASSIGNED'), 'the TASK_REASSIGNED event to the former assignee');
    const told = sub.events.filter((e) => e.kind === 'TASK_REASSIGNED');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ incidentId: r.incident.id, taskId: receive.id, reason: '东村干部已返岗', incident: null });
    // Out of sight again: the incident and the task answer NOT_FOUND.
    const gone = await gql<any>(server.url, `query($id: ID!) { incident(id: $id) { id } }`, { id: r.incident.id }, helper.token);
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // Later events of that case no longer reach it.
    await ok<any>(server.url, `mutation($input: AddIncidentReportInput!) { addIncidentReport(input: $input) { report { id } userErrors { code } } }`,
      { input: { incidentId: r.incident.id, kind: 'SITUATION', body: '情况平稳' } }, director.token);
    const other = await report(west, { summary: '西村后续' });
    await waitUntil(() => sub.events.some((e) => e.incidentId === other.incident.id), 'a later event of its own village');
    expect(sub.events.filter((e) => e.incidentId === r.incident.id).map((e) => e.kind)).toEqual(['TASK_REASSIGNED']);
    await ws.dispose();
  });

  it('an unassigned task given by the office is TASK_ASSIGNED', async () => {
    const queue = await ok<any>(server.url, `{ unassignedTasks(first: 5) { edges { node { id } } } }`, {}, director.token);
    const taskId = queue.unassignedTasks.edges[0].node.id;
    const done = await ok<any>(server.url, REASSIGN, { input: { taskId, memberId: deputy.memberId, reason: '组长缺位，由副组长承担' } }, director.token);
    expect(done.reassignTask.task).toMatchObject({ assignee: { id: deputy.memberId }, assignedVia: 'MANUAL', unassigned: false });
    expect(done.reassignTask.previousAssignee).toBeNull();
    const history = await ok<any>(server.url, `query($id: ID!) { node(id: $id) { ... on IncidentTask { incident { history { event reason } } } } }`, { id: taskId }, deputy.token);
    expect(history.node.incident.history.at(-1)).toEqual({ event: 'TASK_ASSIGNED', reason: '组长缺位，由副组长承担' });
  });
});

describe('TASK_ASSIGNED from a report and an escalation', () => {
  const EVENTS = `subscription($after: String, $filter: IncidentEventFilter) {
    incidentEvents(after: $after, filter: $filter) { cursor kind action incidentId taskId } }`;

  it('each task created with an assignee is a TASK_ASSIGNED event of the one log entry, reaching its assignee, live and on replay', async () => {
    const ws = new WsSession(server.wsUrl, eastLiaison.token);
    await ws.connected();
    const live = ws.subscribe(EVENTS, { filter: { kinds: ['TASK_ASSIGNED'] } });
    await new Promise((res) => setTimeout(res, 300));
    const r = await report(east, { summary: '东村派单' });
    const reported = r.incident.tasks.filter((t: any) => t.assignee).map((t: any) => t.id);
    expect(reported.length).toBeGreaterThan(1);
    await waitUntil(() => live.events.filter((e) => e.incidentId === r.incident.id).length >= reported.length, 'the report\'s TASK_ASSIGNED events');
    const ofReport = live.events.filter((e) => e.incidentId === r.incident.id);
    expect(ofReport.every((e) => e.kind === 'TASK_ASSIGNED' && e.action === 'incident.report')).toBe(true);
    expect(ofReport.map((e) => e.taskId).sort()).toEqual([...reported].sort());
    // The liaison's own task is among them.
    const own = r.incident.tasks.find((t: any) => t.assignee?.id === eastLiaison.memberId);
    expect(ofReport.map((e) => e.taskId)).toContain(own.id);
    // One entry: all of them share the report's cursor.
    expect(new Set(ofReport.map((e) => e.cursor)).size).toBe(1);

    const esc = await ok<any>(server.url, `mutation($input: EscalateIncidentInput!) { escalateIncident(input: $input) { newTasks { ${TASKS} } userErrors { code } } }`,
      { input: { incidentId: r.incident.id, levelReached: 'COUNTY', reason: '部分群众前往县信访局' } }, director.token);
    expect(esc.escalateIncident.userErrors).toEqual([]);
    const escalated = esc.escalateIncident.newTasks.filter((t: any) => t.assignee).map((t: any) => t.id);
    expect(escalated.length).toBeGreaterThan(0);
    const total = reported.length + escalated.length;
    await waitUntil(() => live.events.filter((e) => e.incidentId === r.incident.id).length >= total, 'the escalation\'s TASK_ASSIGNED events');
    const ofEscalation = live.events.filter((e) => e.incidentId === r.incident.id && e.action === 'incident.escalate');
    expect(ofEscalation.map((e) => e.taskId).sort()).toEqual([...escalated].sort());

    // Replay from before the report gives the same events, in the same order.
    const [tenantRaw, reportSeq] = JSON.parse(Buffer.from(ofReport[0].cursor, 'base64url').toString('utf8'));
    const replay = ws.subscribe(EVENTS, { after: encodeEventCursor(tenantRaw, reportSeq - 1), filter: { kinds: ['TASK_ASSIGNED'] } });
    await waitUntil(() => replay.events.filter((e) => e.incidentId === r.incident.id).length >= total, 'the replayed TASK_ASSIGNED events');
    expect(replay.events.filter((e) => e.incidentId === r.incident.id)).toEqual(live.events.filter((e) => e.incidentId === r.incident.id));
    // Resuming after the report's cursor: its events are behind, the escalation's follow.
    const resumed = ws.subscribe(EVENTS, { after: ofReport[0].cursor, filter: { kinds: ['TASK_ASSIGNED'] } });
    await waitUntil(() => resumed.events.filter((e) => e.incidentId === r.incident.id).length >= escalated.length, 'the resumed events');
    expect(resumed.events.filter((e) => e.incidentId === r.incident.id).map((e) => e.taskId).sort()).toEqual([...escalated].sort());
    await ws.dispose();

    // The audit log still holds one entry per mutation, with no TASK_ASSIGNED entry of its own.
    const log = await ok<any>(server.url, `{ auditLog(first: 5, filter: { actions: ["incident.report", "incident.escalate"] }) { edges { node { action event } } } }`, {}, auditor.token);
    expect(log.auditLog.edges.slice(0, 2).map((e: any) => e.node)).toEqual([{ action: 'incident.escalate', event: 'ESCALATED' }, { action: 'incident.report', event: 'REPORTED' }]);
  });
});
