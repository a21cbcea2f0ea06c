// The walkthrough of plan 002 (xx镇“十九大”期间信访维稳工作应急预案) as the
// town's duty officer meets it, over HTTP with the shipped TOWN template:
// 24-hour duty (roster: a person on duty, a leader on call), a petition on an
// ordinary day, a group that gathers (weekly report turning daily), the
// period declared by the leader with its weekly-then-daily reports owed by
// each village, a petition and a group incident during the period (the
// safety measure beside the level), the town's people going on to the
// county, a matter found by 排查 turned into an incident, and what the
// office (维稳办) director sees. Each task's duty key, role, assignee and how
// it was assigned is checked against the plan text (cited by section).
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { publish } from '../support/plans.js';
import { reportInput } from '../support/incidents.js';

let server: TestServer;
let tenant: TenantFixture;
type M = { memberId: string; token: string; email: string };
let leader: M, deputy: M, director: M, onDuty: M, cadre: M, southLiaison: M, northLiaison: M;
let south: string, north: string, office: string;
const names = new Map<string, string>();

const TASK = 'id dutyKey levelKey measureKey status stage assignedVia supersedesTaskId recurringAmount recurringUnit cancelReason assignee { id } role { key }';
const INCIDENT = `id levelKey measureKeys alertPeriodActive stage onDutyMember { id } leaderOnCall { id } tasks { ${TASK} }`;
const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) {
  incident { ${INCIDENT} } warnings { code message } userErrors { code field message } } }`;
const ESCALATE = `mutation($input: EscalateIncidentInput!) { escalateIncident(input: $input) {
  incident { ${INCIDENT} } levelChanged measuresAdded newTasks { ${TASK} } warnings { code } userErrors { code field message } } }`;
const DECLARE = `mutation($input: DeclareAlertPeriodInput!) { declareAlertPeriod(input: $input) {
  alertPeriod { id active declaredBy { id } reportingRule { perUnit zeroReportsRequired dueLocalTime phases { from every { amount unit } } } }
  userErrors { code field message } } }`;

type Task = { id: string; dutyKey: string; levelKey: string; measureKey: string | null; status: string; stage: string | null; assignedVia: string | null; supersedesTaskId: string | null; recurringAmount: number | null; recurringUnit: string | null; assignee: { id: string } | null; role: { key: string } | null };

/** One line per task: part (L: level, M: measure), duty key, role → who in the walkthrough, how assigned, status. */
function table(tasks: Task[]): string[] {
  return tasks
    .map((t) => `${t.measureKey ? 'M' : 'L'}:${t.levelKey}/${t.dutyKey} ${t.role?.key} → ${t.assignee ? names.get(t.assignee.id) : '(unassigned)'} ${t.assignedVia ?? '-'} ${t.status}`)
    .sort();
}
const task = (tasks: Task[], levelKey: string, dutyKey: string) => tasks.find((t) => t.levelKey === levelKey && t.dutyKey === dutyKey)!;

/** A local (Asia/Shanghai) calendar day, offset from today. */
const localDay = (offsetDays: number, from = Date.now()) => new Date(from + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const at = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`).toISOString();

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWN');
  // 一、组织领导: the leading group, its office (维稳办) and the villages' cadres (各村四职干部).
  office = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '镇维稳办', 'OFFICE');
  south = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '南村', 'VILLAGE');
  north = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '北村', 'VILLAGE');
  leader = await addMember(server, tenant, ['GROUP_LEADER']);
  deputy = await addMember(server, tenant, ['DEPUTY_LEADER']);
  director = await addMember(server, tenant, ['OFFICE_DIRECTOR'], office);
  // The office's staff (seated in the office: at first they handle the office's cases only).
  onDuty = await addMember(server, tenant, ['MEMBER'], office);
  cadre = await addMember(server, tenant, ['MEMBER'], office, [tenant.rootUnitId]);
  southLiaison = await addMember(server, tenant, ['LIAISON'], south);
  northLiaison = await addMember(server, tenant, ['LIAISON'], north);
  for (const [m, n] of [[leader, '周镇长'], [deputy, '吴副镇长'], [director, '郑主任'], [onDuty, '值班员'], [cadre, '综治干事'], [southLiaison, '南村干部'], [northLiaison, '北村干部']] as const) names.set(m.memberId, n);
});
afterAll(async () => {
  await server?.stop();
});

describe('plan 002: a town\'s petitions before and during a major event', () => {
  it('四1 24小时值班，一名负责人带班: the town\'s roster; a person on duty who cannot see the town\'s cases is pointed out, then given them', async () => {
    // 08:00 to 08:00, yesterday to tomorrow in the town's days (a run crossing local midnight still finds the shift).
    const days = [localDay(-1), localDay(0), localDay(1)];
    const save = async () => (await ok<any>(server.url, `mutation($input: SaveRosterInput!) { saveRoster(input: $input) { warnings { code localFrom message } userErrors { code message } } }`, {
      input: {
        unitId: tenant.rootUnitId, from: days[0], to: days[2],
        shifts: days.map((date) => ({ date, startTime: '08:00', endTime: '08:00', onDutyMemberId: onDuty.memberId, leaderOnCallMemberId: deputy.memberId })),
      },
    }, director.token)).saveRoster;
    const first = await save();
    expect(first.userErrors).toEqual([]);
    // Seated in the office, the person on duty handles the office's cases only: each shift says so (saved anyway).
    expect(first.warnings.filter((w: any) => w.code === 'NOT_COVERING').map((w: any) => w.localFrom)).toEqual(days.map((d) => `${d}T08:00:00+08:00`));
    expect(first.warnings.find((w: any) => w.code === 'NOT_COVERING').message).toContain('member on duty (值班人员)');
    const set = await ok<any>(server.url, `mutation($input: SetJurisdictionInput!) { setJurisdiction(input: $input) { userErrors { code message } } }`, { input: { memberId: onDuty.memberId, unitIds: [tenant.rootUnitId] } }, tenant.adminToken);
    expect(set.setJurisdiction.userErrors).toEqual([]);
    const again = await save();
    expect(again.warnings.map((w: any) => w.code)).not.toContain('NOT_COVERING');
  });

  it('the plan drafted at provisioning is the town template; the leader publishes it, not staged', async () => {
    const drafts = await ok<any>(server.url, `{ plans(first: 5) { edges { node { id status templateKey } } } }`, {}, leader.token);
    const draft = drafts.plans.edges.map((e: any) => e.node).find((p: any) => p.status === 'DRAFT');
    expect(draft.templateKey).toBe('TOWN_SENSITIVE_PERIOD');
    expect((await publish(server, leader.token, draft.id)).userErrors).toEqual([]);
    const plan = await ok<any>(server.url, `{ activePlan { stagedDuties levels { key } measures { key }
      organisation { leadingGroup { name positions { roleKey title } } office { name positions { roleKey title } } } generalRequirements } }`, {}, director.token);
    const p = plan.activePlan;
    expect(p.stagedDuties).toBe(false);
    expect(p.levels.map((l: any) => l.key)).toEqual(['SENSITIVE_GROUP', 'GROUP_INCIDENT', 'SENSITIVE_PERIOD', 'ROUTINE']);
    expect(p.measures.map((m: any) => m.key)).toEqual(['SAFETY', 'LANGUAGE_SERVICE']);
    expect(p.organisation.leadingGroup.positions.map((x: any) => `${x.roleKey} ${x.title}`)).toEqual(['GROUP_LEADER 组长', 'DEPUTY_LEADER 副组长', 'MEMBER 成员']);
    expect(p.organisation.office.positions.map((x: any) => x.roleKey)).toEqual(['OFFICE_DIRECTOR', 'LIAISON']);
    // 四1 and 五5 are kept as requirements; 四3's screening of people and 四5's 杜绝越级上访 are not (a lawful right).
    const requirements = p.generalRequirements.join('\n');
    expect(requirements).toContain('实行24小时值班制度');
    expect(requirements).toContain('不得以任何方式阻止、拦截群众向上级反映问题');
    expect(requirements).not.toMatch(/退伍军人|法轮功|稳控|杜绝越级/);
  });

  describe('an ordinary day', () => {
    let incidentId: string;
    let first: Task[];

    it('a villager of 南村 comes to the town: the person on duty receives him (四2 接访), the village reports weekly', async () => {
      const r = await ok<any>(server.url, REPORT, { input: reportInput(south, { summary: '南村村民反映宅基地确权纠纷', place: '镇政府信访接待室' }) }, onDuty.token);
      expect(r.reportIncident.userErrors).toEqual([]);
      const i = r.reportIncident.incident;
      incidentId = i.id;
      first = i.tasks;
      // 四1: the incident names who was on duty and the leader on call (带班) when it came in.
      expect(i).toMatchObject({ levelKey: 'ROUTINE', alertPeriodActive: false, measureKeys: [], onDutyMember: { id: onDuty.memberId }, leaderOnCall: { id: deputy.memberId } });
      expect(r.reportIncident.warnings.map((w: any) => w.code)).not.toContain('NO_ONE_ON_DUTY');
      expect(table(i.tasks)).toEqual([
        'L:ROUTINE/receive MEMBER → 值班员 ON_DUTY OPEN',
        'L:ROUTINE/weekly-report LIAISON → 南村干部 ROLE OPEN',
      ]);
      expect(task(i.tasks, 'ROUTINE', 'weekly-report')).toMatchObject({ recurringAmount: 7, recurringUnit: 'DAYS', stage: 'DECISION' });
    });

    it('five more come with him and block the gate: the group incident\'s duties (三1-4, 四6 包案), the weekly report turns daily', async () => {
      const e = await ok<any>(server.url, ESCALATE, { input: { incidentId, headcount: 6, addConductFlags: ['BLOCKING_GATE'], reason: '又有五名村民到镇政府，堵塞大门' } }, onDuty.token);
      const r = e.escalateIncident;
      expect(r.userErrors).toEqual([]);
      expect(r).toMatchObject({ levelChanged: true, measuresAdded: [], incident: { levelKey: 'GROUP_INCIDENT' } });
      expect(table(r.newTasks)).toEqual([
        'L:GROUP_INCIDENT/daily-report OFFICE_DIRECTOR → 郑主任 ROLE OPEN',
        // 三2(2) 教育引导: hear the main problems, talk with them.
        'L:GROUP_INCIDENT/dialogue MEMBER → 值班员 ON_DUTY OPEN',
        // 三1: 镇维稳工作成员接报后，立即向组长通报情况，启动应急预案.
        'L:GROUP_INCIDENT/notify MEMBER → 值班员 ON_DUTY OPEN',
        // 三2(1): the leading group sends someone to the scene at once.
        'L:GROUP_INCIDENT/on-scene DEPUTY_LEADER → 吴副镇长 ROLE OPEN',
        // 四6: 落实领导干部包案制度，确保重大信访问题全部包案.
        'L:GROUP_INCIDENT/own-case DEPUTY_LEADER → 吴副镇长 ROLE OPEN',
        // 三4: 记录在案…工作总结…归档 (with evidence).
        'L:GROUP_INCIDENT/record OFFICE_DIRECTOR → 郑主任 ROLE OPEN',
        // 三2(3) 协调联络: the village's head comes to the scene.
        'L:GROUP_INCIDENT/village LIAISON → 南村干部 ROLE OPEN',
      ]);
      const all: Task[] = r.incident.tasks;
      // The weekly progress report is replaced by the daily one (cancelled, never a finding); reception goes on.
      expect(task(all, 'ROUTINE', 'weekly-report')).toMatchObject({ status: 'CANCELLED', cancelReason: 'superseded by level GROUP_INCIDENT' });
      expect(task(all, 'ROUTINE', 'receive').status).toBe('OPEN');
      expect(task(all, 'GROUP_INCIDENT', 'record').stage).toBe('AFTERMATH');
      const open = all.filter((t) => t.status === 'OPEN').map((t) => t.dutyKey);
      expect(new Set(open).size).toBe(open.length);
      expect(all.filter((t) => t.recurringAmount !== null && t.status === 'OPEN').map((t) => `${t.dutyKey}/${t.recurringAmount}${t.recurringUnit}`)).toEqual(['daily-report/1DAYS']);
      expect(first.map((t) => t.id)).toEqual(expect.arrayContaining(all.filter((t) => t.levelKey === 'ROUTINE').map((t) => t.id)));
    });
  });

  describe('the major event (十九大期间)', () => {
    let periodId: string;
    let dues: string[];
    let individualId: string;

    it('the leader declares the period: weekly reports from its start, daily from the 20th day (四3), due at 17:00, zero reports included', async () => {
      const day0 = localDay(0);
      const start = at(day0, '00:00');
      const daily = at(localDay(14), '00:00');
      const end = at(localDay(21), '00:00');
      const denied = await gql<any>(server.url, DECLARE, { input: { name: '十九大期间', startsAt: start, endsAt: end } }, director.token);
      expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const out = (await ok<any>(server.url, DECLARE, {
        input: {
          name: '党的十九大期间', startsAt: start, endsAt: end,
          reportingRule: { phases: [{ from: start, every: { amount: 7, unit: 'DAYS' } }, { from: daily, every: { amount: 1, unit: 'DAYS' } }], dueLocalTime: '17:00', description: '各村、各单位有情况报情况，无情况报平安' },
        },
      }, leader.token)).declareAlertPeriod;
      expect(out.userErrors).toEqual([]);
      expect(out.alertPeriod).toMatchObject({ active: true, declaredBy: { id: leader.memberId }, reportingRule: { perUnit: true, zeroReportsRequired: true, dueLocalTime: '17:00' } });
      periodId = out.alertPeriod.id;
      const due = await ok<any>(server.url, `query($id: ID!, $f: DateTime!, $t: DateTime!) { alertPeriod(id: $id) { reportsDue(from: $f, to: $t) } }`, { id: periodId, f: start, t: end }, southLiaison.token);
      dues = due.alertPeriod.reportsDue;
      const expected = [0, 7, 14, 15, 16, 17, 18, 19, 20].map((d) => new Date(at(localDay(d), '17:00')).toISOString());
      expect(dues).toEqual(expected);
    });

    it('each village owes its report; 南村 files a zero report (无情况报平安), the office sees who has not', async () => {
      const SUBMIT = `mutation($input: SubmitAlertPeriodReportInput!) { submitAlertPeriodReport(input: $input) { report { nothingToReport late unit { name } } userErrors { code field } } }`;
      const dueAt = dues[1]!;
      const zero = await ok<any>(server.url, SUBMIT, { input: { alertPeriodId: periodId, dueAt, nothingToReport: true } }, southLiaison.token);
      expect(zero.submitAlertPeriodReport).toEqual({ report: { nothingToReport: true, late: false, unit: { name: '南村' } }, userErrors: [] });
      const STATUS = `query($id: ID!, $due: DateTime!) { alertPeriod(id: $id) { reportStatus(dueAt: $due, first: 20) { edges { node { unit { name } report { nothingToReport submittedBy { id } } } } } } }`;
      const status = (await ok<any>(server.url, STATUS, { id: periodId, due: dueAt }, director.token)).alertPeriod.reportStatus;
      const byUnit = Object.fromEntries(status.edges.map((e: any) => [e.node.unit.name, e.node.report ? `filed by ${names.get(e.node.report.submittedBy.id)}` : 'missing']));
      // The town itself receives the reports and owes none.
      expect(byUnit).toEqual({ '镇维稳办': 'missing', '南村': 'filed by 南村干部', '北村': 'missing' });
    });

    it('a villager of 北村 petitions during the period: the duty person reports to the leader on call (四1, 四6), a leader owns the case, the village reports daily', async () => {
      const r = await ok<any>(server.url, REPORT, { input: reportInput(north, { summary: '北村村民反映低保评定不公', place: '镇政府信访接待室' }) }, onDuty.token);
      expect(r.reportIncident.userErrors).toEqual([]);
      const i = r.reportIncident.incident;
      individualId = i.id;
      expect(i).toMatchObject({ levelKey: 'SENSITIVE_PERIOD', alertPeriodActive: true, measureKeys: [] });
      expect(table(i.tasks)).toEqual([
        'L:SENSITIVE_PERIOD/daily-report LIAISON → 北村干部 ROLE OPEN',
        'L:SENSITIVE_PERIOD/notify MEMBER → 值班员 ON_DUTY OPEN',
        'L:SENSITIVE_PERIOD/own-case DEPUTY_LEADER → 吴副镇长 ROLE OPEN',
        'L:SENSITIVE_PERIOD/receive MEMBER → 值班员 ON_DUTY OPEN',
      ]);
      // The 北村 cadre sees the village's case; the 南村 cadre does not.
      const northSees = await ok<any>(server.url, `{ incidents(first: 10) { edges { node { id } } } }`, {}, northLiaison.token);
      expect(northSees.incidents.edges.map((e: any) => e.node.id)).toEqual([individualId]);
      const hidden = await gql<any>(server.url, `query($id: ID!) { incident(id: $id) { id } }`, { id: individualId }, southLiaison.token);
      expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('the deputy owns it; more villagers join: the period\'s group duties supersede the same ones, the half-day report replaces the daily one, 包案 is not asked again', async () => {
      const own = await ok<any>(server.url, `mutation($input: AssignCaseOwnerInput!) { assignCaseOwner(input: $input) { userErrors { code message } } }`, { input: { incidentId: individualId, memberId: deputy.memberId } }, leader.token);
      expect(own.assignCaseOwner.userErrors).toEqual([]);
      const before = (await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { tasks { ${TASK} } } }`, { id: individualId }, director.token)).incident.tasks as Task[];
      expect(task(before, 'SENSITIVE_PERIOD', 'own-case').status).toBe('DONE');

      const e = await ok<any>(server.url, ESCALATE, { input: { incidentId: individualId, headcount: 9, reason: '又有八名村民到镇政府反映同一问题' } }, onDuty.token);
      const r = e.escalateIncident;
      expect(r.userErrors).toEqual([]);
      expect(r.incident.levelKey).toBe('SENSITIVE_GROUP');
      expect(table(r.newTasks)).toEqual([
        'L:SENSITIVE_GROUP/dialogue DEPUTY_LEADER → 吴副镇长 ROLE OPEN',
        'L:SENSITIVE_GROUP/half-day-report OFFICE_DIRECTOR → 郑主任 ROLE OPEN',
        // 三2: the group leader (or the leader on call) goes to the scene.
        'L:SENSITIVE_GROUP/leader-on-scene GROUP_LEADER → 周镇长 ROLE OPEN',
        'L:SENSITIVE_GROUP/notify MEMBER → 值班员 ON_DUTY OPEN',
        'L:SENSITIVE_GROUP/record OFFICE_DIRECTOR → 郑主任 ROLE OPEN',
        'L:SENSITIVE_GROUP/village LIAISON → 北村干部 ROLE OPEN',
      ]);
      const all: Task[] = r.incident.tasks;
      expect(table(all.filter((t) => t.levelKey === 'SENSITIVE_PERIOD'))).toEqual([
        'L:SENSITIVE_PERIOD/daily-report LIAISON → 北村干部 ROLE CANCELLED',
        'L:SENSITIVE_PERIOD/notify MEMBER → 值班员 ON_DUTY SUPERSEDED',
        'L:SENSITIVE_PERIOD/own-case DEPUTY_LEADER → 吴副镇长 ROLE DONE',
        'L:SENSITIVE_PERIOD/receive MEMBER → 值班员 ON_DUTY OPEN',
      ]);
      expect(task(all, 'SENSITIVE_GROUP', 'notify').supersedesTaskId).toBe(task(all, 'SENSITIVE_PERIOD', 'notify').id);
      expect(task(all, 'SENSITIVE_GROUP', 'half-day-report')).toMatchObject({ recurringAmount: 12, recurringUnit: 'HOURS' });
      const open = all.filter((t) => t.status === 'OPEN').map((t) => t.dutyKey);
      expect(new Set(open).size).toBe(open.length);
    });

    it('a group of 30 at 南村 with children among them: the period\'s group level and the safety measure beside it, 包案 included', async () => {
      const r = await ok<any>(server.url, REPORT, {
        input: reportInput(south, { category: 'GROUP_VISIT', headcount: 30, riskFlags: ['MINORS_PRESENT'], summary: '南村三十名村民携子女反映土地征收补偿款未兑现', place: '镇政府大院' }),
      }, onDuty.token);
      expect(r.reportIncident.userErrors).toEqual([]);
      const i = r.reportIncident.incident;
      expect(i).toMatchObject({ levelKey: 'SENSITIVE_GROUP', measureKeys: ['SAFETY'] });
      expect(table(i.tasks)).toEqual([
        'L:SENSITIVE_GROUP/dialogue DEPUTY_LEADER → 吴副镇长 ROLE OPEN',
        'L:SENSITIVE_GROUP/half-day-report OFFICE_DIRECTOR → 郑主任 ROLE OPEN',
        'L:SENSITIVE_GROUP/leader-on-scene GROUP_LEADER → 周镇长 ROLE OPEN',
        'L:SENSITIVE_GROUP/notify MEMBER → 值班员 ON_DUTY OPEN',
        'L:SENSITIVE_GROUP/own-case DEPUTY_LEADER → 吴副镇长 ROLE OPEN',
        'L:SENSITIVE_GROUP/record OFFICE_DIRECTOR → 郑主任 ROLE OPEN',
        'L:SENSITIVE_GROUP/village LIAISON → 南村干部 ROLE OPEN',
        'M:SAFETY/safety MEMBER → 值班员 ON_DUTY OPEN',
      ]);

      // Some of them go on to the county: the town's plan has no duty for that (its 杜绝越级上访 is no lawful duty), nothing new, nothing cancelled.
      const e = await ok<any>(server.url, ESCALATE, { input: { incidentId: i.id, levelReached: 'COUNTY', headcountReached: 10, reason: '十名村民前往县信访局' } }, director.token);
      const x = e.escalateIncident;
      expect(x.userErrors).toEqual([]);
      expect(x).toMatchObject({ levelChanged: false, newTasks: [], incident: { levelKey: 'SENSITIVE_GROUP' } });
      expect(x.warnings.map((w: any) => w.code)).toContain('LEVEL_UNCHANGED');
      expect(table(x.incident.tasks)).toEqual(table(i.tasks));
    });

    it('a matter found in 排查 (problems, never people): recorded as a concern, then the incident when the villagers come', async () => {
      const RECORD = `mutation($input: RecordConcernInput!) { recordConcern(input: $input) { concern { id status } userErrors { code field } } }`;
      const base = { unitId: north, affectedCount: 12, resolveBy: new Date(Date.now() + 72 * 3_600_000).toISOString() };
      // 四3/四5 as written (见人, 动态稳控) is refused by the stance guard.
      const refused = await gql<any>(server.url, RECORD, { input: { ...base, issue: '北村土地流转租金拖欠', plannedResolution: '对重点人员每人联系，动态稳控，确保不脱控' } }, director.token);
      expect(refused.data.recordConcern.userErrors).toEqual([{ code: 'CONCERN_STANCE_TEXT', field: ['input', 'plannedResolution'] }]);
      // 四4 调处: the problem, what the town will do about it.
      const c = await ok<any>(server.url, RECORD, { input: { ...base, issue: '北村12户土地流转租金拖欠半年', plannedResolution: '镇农经站约谈承包企业，督促限期支付', ownerId: northLiaison.memberId } }, director.token);
      expect(c.recordConcern.userErrors).toEqual([]);
      const OPEN = `mutation($input: OpenIncidentFromConcernInput!) { openIncidentFromConcern(input: $input) {
        concern { status } incident { ${INCIDENT} headcount concern { issue } } userErrors { code field message } } }`;
      const o = (await ok<any>(server.url, OPEN, { input: { concernId: c.recordConcern.concern.id, category: 'GROUP_VISIT', demands: '要求支付拖欠的租金', petitioners: [{ name: '孙某', representative: true }] } }, onDuty.token)).openIncidentFromConcern;
      expect(o.userErrors).toEqual([]);
      expect(o.concern.status).toBe('BECAME_INCIDENT');
      expect(o.incident).toMatchObject({ levelKey: 'SENSITIVE_GROUP', headcount: 12, alertPeriodActive: true, concern: { issue: '北村12户土地流转租金拖欠半年' } });
      expect(table(o.incident.tasks)).toEqual([
        'L:SENSITIVE_GROUP/dialogue DEPUTY_LEADER → 吴副镇长 ROLE OPEN',
        'L:SENSITIVE_GROUP/half-day-report OFFICE_DIRECTOR → 郑主任 ROLE OPEN',
        'L:SENSITIVE_GROUP/leader-on-scene GROUP_LEADER → 周镇长 ROLE OPEN',
        'L:SENSITIVE_GROUP/notify MEMBER → 值班员 ON_DUTY OPEN',
        'L:SENSITIVE_GROUP/own-case DEPUTY_LEADER → 吴副镇长 ROLE OPEN',
        'L:SENSITIVE_GROUP/record OFFICE_DIRECTOR → 郑主任 ROLE OPEN',
        'L:SENSITIVE_GROUP/village LIAISON → 北村干部 ROLE OPEN',
      ]);
    });
  });

  it('the office (维稳办) director sees every case of the town and his tasks in the inbox; nothing waits unassigned; the other staff member has none', async () => {
    const list = await ok<any>(server.url, `{ incidents(first: 20) { totalCount } }`, {}, director.token);
    expect(list.incidents.totalCount).toBe(4);
    const mine = await ok<any>(server.url, `{ myTasks(first: 50, filter: { statuses: [OPEN] }) { edges { node { dutyKey levelKey } } } }`, {}, director.token);
    expect(mine.myTasks.edges.map((e: any) => `${e.node.levelKey}/${e.node.dutyKey}`).sort()).toEqual([
      'GROUP_INCIDENT/daily-report', 'GROUP_INCIDENT/record',
      'SENSITIVE_GROUP/half-day-report', 'SENSITIVE_GROUP/half-day-report', 'SENSITIVE_GROUP/half-day-report',
      'SENSITIVE_GROUP/record', 'SENSITIVE_GROUP/record', 'SENSITIVE_GROUP/record',
    ]);
    const queue = await ok<any>(server.url, `{ unassignedTasks(first: 10) { totalCount } }`, {}, director.token);
    expect(queue.unassignedTasks.totalCount).toBe(0);
    const other = await ok<any>(server.url, `{ myTasks(first: 50) { totalCount } }`, {}, cadre.token);
    expect(other.myTasks.totalCount).toBe(0);
  });
});
