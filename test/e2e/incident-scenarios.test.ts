// One scenario per plan template, end to end over HTTP: the tenant publishes
// the template drafted at provisioning, an incident is reported and matched,
// its tasks and due times follow the plan, then acknowledge, own, daily
// report, escalate, accept, extend, reply and close with a review.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant } from '../support/fixtures.js';
import { REPORT_INCIDENT, mutationDoc, reportInput } from '../support/incidents.js';
import { templateByKey } from '../../src/modules/plan/templates/index.js';
import { DutyKind, type Duty, type ResponseLevel } from '../../src/modules/plan/plan.model.js';

let server: TestServer;
let platformToken: string;

beforeAll(async () => {
  server = await startTestServer();
  platformToken = (await platformAdmin(server)).token;
});
afterAll(async () => {
  await server?.stop();
});

interface Scenario {
  template: string;
  kind: string;
  report: Record<string, unknown>;
  initialLevel: string;
  /** Supplementary measures matching at the report: their duties come beside the level's. */
  initialMeasures?: string[];
  escalate: Record<string, unknown>;
  escalatedLevel: string;
  /** Runs before the report (e.g. declaring an alert period). */
  setup?: (tokens: Record<string, string>) => Promise<void>;
}

const SCENARIOS: Scenario[] = [
  {
    template: 'TOWNSHIP_DISCIPLINE', kind: 'DISCIPLINE_COMMISSION',
    report: { category: 'INDIVIDUAL_VISIT', levelReached: 'OWN', headcount: 1 },
    initialLevel: 'TOWNSHIP_SINGLE',
    escalate: { levelReached: 'CITY', headcount: 6, reason: '六名群众到市信访局集体反映' },
    escalatedLevel: 'CITY_GROUP',
  },
  {
    template: 'COAL_MINE', kind: 'ENTERPRISE',
    report: { category: 'GROUP_VISIT', levelReached: 'OWN', headcount: 4, summary: '四名职工反映井下津贴未足额发放', demands: '要求补发津贴' },
    initialLevel: 'COLLECTIVE_VISIT',
    initialMeasures: ['NOT_KNOWN_IN_ADVANCE'],
    escalate: { levelReached: 'COUNTY', reason: '职工到集团公司信访办反映' },
    escalatedLevel: 'BEYOND_MINE_GROUP',
  },
  {
    template: 'TOWN_SENSITIVE_PERIOD', kind: 'TOWN',
    report: { category: 'INDIVIDUAL_VISIT', levelReached: 'OWN', headcount: 1 },
    initialLevel: 'SENSITIVE_PERIOD',
    escalate: { headcount: 7, reason: '又有六名村民到镇政府反映同一问题' },
    escalatedLevel: 'SENSITIVE_GROUP',
    setup: async (tokens) => {
      const now = Date.now();
      await ok(server.url, `mutation($input: DeclareAlertPeriodInput!) { declareAlertPeriod(input: $input) { alertPeriod { id } userErrors { code message } } }`, {
        input: { name: '重大活动期间', startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 7 * 86_400_000).toISOString() },
      }, tokens.DEPUTY_LEADER);
    },
  },
  {
    template: 'COUNTY', kind: 'COUNTY',
    report: { category: 'LETTER', levelReached: 'OWN', headcount: 1, place: null, summary: '来信反映低保评定不公', demands: '要求重新评定' },
    initialLevel: 'GENERAL_PETITION',
    escalate: { levelReached: 'PROVINCE', reason: '信访人到省信访局反映' },
    escalatedLevel: 'REACHED_HIGHER',
  },
];

const ROLES = ['GROUP_LEADER', 'DEPUTY_LEADER', 'OFFICE_DIRECTOR', 'MEMBER'] as const;
const DETAIL = `id status version levelKey planVersion decision reply caseOwner { id }
  tasks { id dutyKey dutyKind status dueAt occurrence evidenceRequired escalationRoleKey assignee { id } role { key } }
  clocks { kind state dueAt originalDueAt extensionDays }`;

/** Due time a duty gives, computed independently: minutes and hours exactly; N days end at 24:00 Beijing time of day N after the receipt day. */
function expectedDue(receivedAt: Date, duty: Duty): number {
  const { amount, unit } = duty.due;
  if (unit === 'MINUTES') return receivedAt.getTime() + amount * 60_000;
  if (unit === 'HOURS') return receivedAt.getTime() + amount * 3_600_000;
  const localDay = new Date(receivedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const [y, m, d] = localDay.split('-').map(Number);
  const last = new Date(Date.UTC(y!, m! - 1, d! + amount)).toISOString().slice(0, 10);
  return Date.parse(`${last}T23:59:59.999+08:00`);
}

async function act(token: string, name: string, inputType: string, input: Record<string, unknown>, selection = `incident { ${DETAIL} }`) {
  const res = await gql<any>(server.url, mutationDoc(name, inputType, selection), { input }, token);
  if (res.errors) throw new Error(`${name}: ${JSON.stringify(res.errors)}`);
  expect(res.data[name].userErrors, name).toEqual([]);
  return res.data[name];
}

describe.each(SCENARIOS)('template $template', (s) => {
  const template = templateByKey(s.template)!;
  const levelOf = (key: string): ResponseLevel => template.levels.find((l) => l.key === key)!;
  const tokens: Record<string, string> = {};
  const members: Record<string, string> = {};
  let village: string;
  let incidentId: string;
  let receipt: { receiptNumber: string; accessCode: string };

  it('publishes the template drafted at provisioning', async () => {
    expect(template).toBeDefined();
    const tenant = await provisionTenant(server, platformToken, s.kind);
    village = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '一号村（工区）', 'VILLAGE');
    for (const role of ROLES) {
      const m = await addMember(server, tenant, [role]);
      tokens[role] = m.token;
      members[role] = m.memberId;
    }
    const liaison = await addMember(server, tenant, ['LIAISON'], village);
    tokens.LIAISON = liaison.token;
    members.LIAISON = liaison.memberId;
    const drafts = await ok<any>(server.url, `{ plans(first: 5) { edges { node { id status templateKey version } } } }`, {}, tokens.GROUP_LEADER);
    const draft = drafts.plans.edges.map((e: any) => e.node).find((p: any) => p.status === 'DRAFT');
    expect(draft).toMatchObject({ templateKey: s.template, version: 1 });
    const published = await ok<any>(server.url, `mutation($input: PublishPlanInput!) { publishPlan(input: $input) { plan { status version } userErrors { code message } } }`, { input: { planId: draft.id } }, tokens.GROUP_LEADER);
    expect(published.publishPlan.plan).toEqual({ status: 'PUBLISHED', version: 1 });
    await s.setup?.(tokens);
  });

  it('reports an incident: the plan\'s level, its duties as tasks for the right members, due as the plan says', async () => {
    const receivedAt = new Date(Date.now() - 5 * 60_000);
    const before = new Date();
    const data = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(village, { ...s.report, receivedAt: receivedAt.toISOString() }) }, tokens.LIAISON);
    const after = new Date();
    const i = data.reportIncident.incident;
    incidentId = i.id;
    receipt = data.reportIncident.receipt;
    expect(i).toMatchObject({ levelKey: s.initialLevel, planVersion: 1, status: 'REPORTED' });
    const measures = (s.initialMeasures ?? []).map((k) => template.measures.find((m) => m.key === k)!);
    const duties = [...levelOf(s.initialLevel).duties, ...measures.flatMap((m) => m.duties)];
    expect(i.tasks.map((t: any) => t.dutyKey).sort()).toEqual(duties.map((d) => d.key).sort());
    for (const duty of duties) {
      const task = i.tasks.find((t: any) => t.dutyKey === duty.key);
      expect(task.dutyKind, duty.key).toBe(duty.kind);
      expect(task.role.key, duty.key).toBe(duty.roleKey);
      expect(task.assignee?.id, `${duty.key} assignee`).toBe(members[duty.roleKey]);
      // Due from the entry (nothing is owed before anyone could act), not from the receipt five minutes earlier.
      expect(new Date(task.dueAt).getTime(), `${duty.key} due`).toBeGreaterThanOrEqual(expectedDue(before, duty));
      expect(new Date(task.dueAt).getTime(), `${duty.key} due`).toBeLessThanOrEqual(expectedDue(after, duty));
      expect(task.evidenceRequired).toBe(duty.evidenceRequired);
      expect(task.escalationRoleKey).toBe(duty.escalation?.notifyRoleKey ?? null);
    }
    const acceptance = i.clocks.find((c: any) => c.kind === 'ACCEPTANCE');
    const localDay = new Date(receivedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const [y, m, d] = localDay.split('-').map(Number);
    expect(acceptance.dueAt).toBe(`${new Date(Date.UTC(y!, m! - 1, d! + 15)).toISOString().slice(0, 10)}T15:59:59.999Z`);
  });

  it('acknowledges, goes on scene and escalates: the new level\'s duties are added', async () => {
    await act(tokens.OFFICE_DIRECTOR, 'acknowledgeIncident', 'AcknowledgeIncidentInput', { incidentId });
    await act(tokens.OFFICE_DIRECTOR, 'startIncidentResponse', 'StartIncidentResponseInput', { incidentId });
    const before = Date.now();
    const out = await act(tokens.DEPUTY_LEADER, 'escalateIncident', 'EscalateIncidentInput', { incidentId, ...s.escalate },
      `levelChanged newTasks { dutyKey dueAt assignee { id } } incident { ${DETAIL} }`);
    expect(out.levelChanged).toBe(true);
    expect(out.incident.levelKey).toBe(s.escalatedLevel);
    const level = levelOf(s.escalatedLevel);
    expect(out.newTasks.map((t: any) => t.dutyKey).sort()).toEqual(level.duties.map((d) => d.key).sort());
    for (const t of out.newTasks) {
      const duty = level.duties.find((d) => d.key === t.dutyKey)!;
      expect(t.assignee?.id, t.dutyKey).toBe(members[duty.roleKey]);
      // Due from the moment the new level applied.
      if (duty.due.unit !== 'DAYS') {
        const offset = duty.due.amount * (duty.due.unit === 'MINUTES' ? 60_000 : 3_600_000);
        expect(new Date(t.dueAt).getTime() - offset).toBeGreaterThanOrEqual(before - 1000);
        expect(new Date(t.dueAt).getTime() - offset).toBeLessThanOrEqual(Date.now());
      }
    }
  });

  it('assigns a leader as case owner and files the daily report (有情况报情况，无情况报平安)', async () => {
    const level = levelOf(s.escalatedLevel);
    const ownDuty = level.duties.find((d) => d.kind === DutyKind.OWN_CASE);
    const owner = ownDuty?.roleKey ?? 'DEPUTY_LEADER';
    const owned = await act(tokens.GROUP_LEADER, 'assignCaseOwner', 'AssignCaseOwnerInput', { incidentId, memberId: members[owner] });
    expect(owned.incident.caseOwner.id).toBe(members[owner]);
    for (const t of owned.incident.tasks.filter((x: any) => x.dutyKind === 'OWN_CASE')) expect(t.status, t.dutyKey).not.toBe('OPEN');

    const daily = await act(tokens.OFFICE_DIRECTOR, 'addIncidentReport', 'AddIncidentReportInput', { incidentId, kind: 'DAILY', body: '今日无新情况，群众情绪平稳', nothingNew: true },
      `report { kind nothingNew } incident { ${DETAIL} }`);
    expect(daily.report).toEqual({ kind: 'DAILY', nothingNew: true });
    const dailyTasks = daily.incident.tasks.filter((t: any) => t.dutyKind === 'DAILY_REPORT' && t.status !== 'CANCELLED');
    if (level.duties.some((d) => d.kind === DutyKind.DAILY_REPORT)) {
      expect(dailyTasks.filter((t: any) => t.status === 'DONE').length).toBeGreaterThan(0);
      expect(dailyTasks.filter((t: any) => t.status === 'OPEN').map((t: any) => t.occurrence)).toEqual([2]);
    }
  });

  it('accepts, extends the reply deadline once (leader approval) and replies', async () => {
    const accepted = await act(tokens.OFFICE_DIRECTOR, 'acceptPetition', 'AcceptPetitionInput', { incidentId, decision: 'ACCEPT' });
    expect(accepted.incident).toMatchObject({ status: 'HANDLING', decision: 'ACCEPTED' });
    const asked = await act(tokens.OFFICE_DIRECTOR, 'requestDeadlineExtension', 'RequestDeadlineExtensionInput', { incidentId, days: 30, reason: '涉及多个部门，情况复杂' }, 'clock { state }');
    expect(asked.clock.state).toBe('OPEN');
    const ext = await act(tokens.GROUP_LEADER, 'approveDeadlineExtension', 'ApproveDeadlineExtensionInput', { incidentId }, 'clock { kind state extensionDays dueAt originalDueAt }');
    expect(ext.clock).toMatchObject({ kind: 'REPLY', state: 'EXTENDED', extensionDays: 30 });
    expect(Date.parse(ext.clock.dueAt) - Date.parse(ext.clock.originalDueAt)).toBe(30 * 86_400_000);
    const replied = await act(tokens.OFFICE_DIRECTOR, 'replyToPetitioner', 'ReplyToPetitionerInput', { incidentId, reply: '经调查核实，已责成相关单位依法解决，现书面答复如下。' });
    expect(replied.incident.status).toBe('REPLIED');
  });

  it('completes the remaining tasks, reports the all-clear and closes with a review', async () => {
    const detail = await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { openTasks { id dutyKey dutyKind evidenceRequired recurringAmount assignee { id } } } }`, { id: incidentId }, tokens.GROUP_LEADER);
    for (const t of detail.incident.openTasks.filter((x: any) => x.recurringAmount === null)) {
      const evidence = t.evidenceRequired ? [{ kind: 'TALK_RECORD', sha256: 'c'.repeat(64), sizeBytes: 4096, storageKey: `evidence/${t.id}.pdf` }] : [];
      // Only the assignee completes a task: the group leader (a leader may hand any task on) takes over what is not its own first.
      if (t.assignee?.id !== members.GROUP_LEADER) {
        await act(tokens.GROUP_LEADER, 'reassignTask', 'ReassignTaskInput', { taskId: t.id, memberId: members.GROUP_LEADER, reason: '组长收尾' }, 'task { id }');
      }
      const arrival = t.dutyKind === 'ARRIVE_ON_SCENE' ? { arrivedAt: new Date(Date.now() - 60_000).toISOString() } : {};
      await act(tokens.GROUP_LEADER, 'completeTask', 'CompleteTaskInput', { taskId: t.id, ...arrival, note: '已办理', evidence }, 'task { status }');
    }
    const clear = await act(tokens.OFFICE_DIRECTOR, 'addIncidentReport', 'AddIncidentReportInput', { incidentId, kind: 'ALL_CLEAR', body: '事态平息，问题已解决' }, 'incident { openTasks { id } }');
    expect(clear.incident.openTasks).toEqual([]);
    const review = { causes: '政策落实不到位', whatWorked: '领导包案，及时接待', whatDidNot: '早期沟通不足', improvements: '建立定期回访制度', planRevisions: ['明确首次接待时限'] };
    const closed = await act(tokens.DEPUTY_LEADER, 'closeIncident', 'CloseIncidentInput', { incidentId, review }, `incident { status review { causes planRevisions } history { event } }`);
    expect(closed.incident.status).toBe('CLOSED');
    expect(closed.incident.review).toEqual({ causes: review.causes, planRevisions: review.planRevisions });
    const events = closed.incident.history.map((h: any) => h.event);
    expect(events.slice(0, 5)).toEqual(['REPORTED', 'ACKNOWLEDGED', 'STATUS_CHANGED', 'ESCALATED', 'OWNER_ASSIGNED']);
    expect(events).toEqual(expect.arrayContaining(['REPORT_ADDED', 'ACCEPTED', 'EXTENSION_REQUESTED', 'DEADLINE_EXTENDED', 'REPLIED', 'TASK_DONE']));
    expect(events[events.length - 1]).toBe('CLOSED');

    const status = await gql<any>(server.url, `query($r: String!, $c: String!) { petitionStatus(receiptNumber: $r, accessCode: $c) { stage reply deadlines { kind state extended } } }`, { r: receipt.receiptNumber, c: receipt.accessCode });
    expect(status.data.petitionStatus.stage).toBe('CLOSED');
    expect(status.data.petitionStatus.deadlines.find((d: any) => d.kind === 'REPLY')).toEqual({ kind: 'REPLY', state: 'MET', extended: true });
  });
});
