// Plan 004's stages (预防 → 接待 → 决策, then 后期处置) in a county: a report
// creates the reception stage's duties only; advancing to the decision stage
// (with a reason, logged, a STAGE_ADVANCED event) creates its duties due from
// the advance; a stage never moves back; escalation keeps to the current
// stage; an incident opened from a concern starts past prevention. The plan
// runs by stages (stagedDuties); one that does not creates every duty at once.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, staffLeadingGroup, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { createDraft, publish } from '../support/plans.js';
import { reportInput } from '../support/incidents.js';

let server: TestServer;
let tenant: TenantFixture;
type M = { memberId: string; token: string; email: string };
let leader: M, director: M;

const TASK = 'id dutyKey levelKey measureKey status dueAt';
const INCIDENT = `id version levelKey stage stageHistory { stage from at byMemberId reason } tasks { ${TASK} } history { event action reason }`;
const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { ${INCIDENT} } userErrors { code field message } } }`;
const ADVANCE = `mutation($input: AdvanceIncidentStageInput!) { advanceIncidentStage(input: $input) {
  incident { ${INCIDENT} } newTasks { ${TASK} } warnings { code } userErrors { code field message } } }`;
const ESCALATE = `mutation($input: EscalateIncidentInput!) { escalateIncident(input: $input) {
  incident { ${INCIDENT} } newTasks { ${TASK} } userErrors { code field message } } }`;

type Task = { dutyKey: string; levelKey: string; measureKey: string | null; status: string; dueAt: string };
const keys = (tasks: Task[]) => tasks.map((t) => `${t.measureKey ? 'M:' : 'L:'}${t.levelKey}.${t.dutyKey}`).sort();

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'COUNTY');
  ({ leader, director } = await staffLeadingGroup(server, tenant));
  const draft = await createDraft(server, leader.token, { source: 'TEMPLATE', templateKey: 'COUNTY' });
  // The county runs its plan by stages (off by default: every duty at once, as before).
  const staged = await ok<any>(server.url, `mutation($input: UpdatePlanDraftInput!) { updatePlanDraft(input: $input) { plan { stagedDuties } userErrors { code message } } }`, { input: { planId: draft.id, stagedDuties: true } }, leader.token);
  expect(staged.updatePlanDraft.plan.stagedDuties).toBe(true);
  expect((await publish(server, leader.token, draft.id)).userErrors).toEqual([]);
});
afterAll(async () => {
  await server?.stop();
});

describe('plan 004: a group visit walked through its stages', () => {
  let incidentId: string;
  let reportTasks: string[];

  it('the report creates the reception stage\'s duties (and the earlier prevention one), none of the decision stage', async () => {
    const r = await ok<any>(server.url, REPORT, { input: reportInput(tenant.rootUnitId, { category: 'GROUP_VISIT', headcount: 8, summary: '八名村民反映征地补偿标准不公开' }) }, director.token);
    expect(r.reportIncident.userErrors).toEqual([]);
    const i = r.reportIncident.incident;
    incidentId = i.id;
    expect(i).toMatchObject({ levelKey: 'GROUP_VISIT', stage: 'RECEPTION', stageHistory: [] });
    reportTasks = keys(i.tasks);
    expect(reportTasks).toEqual([
      'L:GROUP_VISIT.activate', 'L:GROUP_VISIT.local-leader', 'L:GROUP_VISIT.on-scene', 'L:GROUP_VISIT.report-up',
      'M:LEADERS_PRESENT.leader', 'M:REPRESENTATIVES.representatives',
    ]);
  });

  it('advancing to the decision stage creates its duties, due from the advance; the step is on the incident, in its history and in the log', async () => {
    const before = Date.now();
    const r = (await ok<any>(server.url, ADVANCE, { input: { incidentId, stage: 'DECISION', reason: '接谈结束，转入研究解决方案' } }, director.token)).advanceIncidentStage;
    expect(r.userErrors).toEqual([]);
    expect(keys(r.newTasks)).toEqual(['L:GROUP_VISIT.daily-report', 'L:GROUP_VISIT.investigate']);
    // investigate: three days from the advance (days end at the end of a tenant day, so at least that).
    const investigate = r.newTasks.find((t: Task) => t.dutyKey === 'investigate');
    expect(Date.parse(investigate.dueAt)).toBeGreaterThanOrEqual(before + 3 * 86_400_000 - 60_000);
    const i = r.incident;
    expect(i.stage).toBe('DECISION');
    expect(i.stageHistory).toEqual([{ stage: 'DECISION', from: 'RECEPTION', at: expect.any(String), byMemberId: director.memberId, reason: '接谈结束，转入研究解决方案' }]);
    expect(keys(i.tasks)).toEqual([...reportTasks, 'L:GROUP_VISIT.daily-report', 'L:GROUP_VISIT.investigate'].sort());
    expect(i.history.filter((h: any) => h.event === 'STAGE_ADVANCED')).toEqual([{ event: 'STAGE_ADVANCED', action: 'incident.advance_stage', reason: '接谈结束，转入研究解决方案' }]);
  });

  it('a stage never moves back, nor stays: STAGE_NOT_FORWARD, nothing changed', async () => {
    for (const stage of ['RECEPTION', 'DECISION', 'PREVENTION']) {
      const r = (await gql<any>(server.url, ADVANCE, { input: { incidentId, stage, reason: '回到接待' } }, director.token)).data.advanceIncidentStage;
      expect(r.incident, stage).toBeNull();
      expect(r.userErrors.map((e: any) => [e.code, e.field.join('.')]), stage).toEqual([['STAGE_NOT_FORWARD', 'input.stage']]);
    }
    const read = await ok<any>(server.url, `query($id: ID!) { node(id: $id) { ... on Incident { stage stageHistory { stage } } } }`, { id: incidentId }, director.token);
    expect(read.node).toEqual({ stage: 'DECISION', stageHistory: [{ stage: 'DECISION' }] });
  });

  it('escalation creates the new level\'s duties up to the current stage; the aftermath stage brings the review', async () => {
    const e = (await ok<any>(server.url, ESCALATE, { input: { incidentId, addConductFlags: ['BLOCKING_GATE'], reason: '群众堵塞县政府大门' } }, director.token)).escalateIncident;
    expect(e.userErrors).toEqual([]);
    expect(e.incident.levelKey).toBe('ABNORMAL_VISIT');
    expect(keys(e.newTasks)).toEqual([
      'L:ABNORMAL_VISIT.daily-report', 'L:ABNORMAL_VISIT.decide', 'L:ABNORMAL_VISIT.explain-law', 'L:ABNORMAL_VISIT.options', 'L:ABNORMAL_VISIT.report',
      'M:POLICE_SPARINGLY.police-decision',
    ]);
    const a = (await ok<any>(server.url, ADVANCE, { input: { incidentId, stage: 'AFTERMATH', reason: '问题已解决，转入后期处置' } }, leader.token)).advanceIncidentStage;
    expect(a.userErrors).toEqual([]);
    expect(keys(a.newTasks)).toEqual(['L:ABNORMAL_VISIT.review']);
    expect(a.incident.stageHistory.map((s: any) => [s.from, s.stage])).toEqual([['RECEPTION', 'DECISION'], ['DECISION', 'AFTERMATH']]);
    expect(a.incident.history.filter((h: any) => h.event === 'STAGE_ADVANCED').length).toBe(2);
  });

  it('a member without the escalation permission cannot advance a stage', async () => {
    const auditor = await addMember(server, tenant, ['AUDITOR']);
    const r = await gql<any>(server.url, ADVANCE, { input: { incidentId, stage: 'AFTERMATH', reason: 'x' } }, auditor.token);
    expect(r.errors?.[0]?.extensions?.code ?? r.data?.advanceIncidentStage?.userErrors?.[0]?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
  });
});

describe('an incident opened from a concern', () => {
  it('starts at the stage after prevention', async () => {
    const c = await ok<any>(server.url, `mutation($input: RecordConcernInput!) { recordConcern(input: $input) { concern { id } userErrors { code field message } } }`, {
      input: { unitId: tenant.rootUnitId, issue: '某小区业主反映物业维修基金使用不公开', affectedCount: 40, plannedResolution: '住建部门约谈物业公司，公开账目', resolveBy: new Date(Date.now() + 72 * 3_600_000).toISOString() },
    }, director.token);
    const o = await ok<any>(server.url, `mutation($input: OpenIncidentFromConcernInput!) { openIncidentFromConcern(input: $input) { incident { id stage tasks { ${TASK} } } userErrors { code field message } } }`, {
      input: { concernId: c.recordConcern.concern.id, category: 'GROUP_VISIT', receivedAt: new Date(Date.now() - 60_000).toISOString(), demands: '要求公开维修基金账目', petitioners: [{ name: '李四', representative: true }] },
    }, director.token);
    expect(o.openIncidentFromConcern.userErrors).toEqual([]);
    expect(o.openIncidentFromConcern.incident.stage).toBe('RECEPTION');
    expect(keys(o.openIncidentFromConcern.incident.tasks)).not.toContain('L:GROUP_VISIT.investigate');
  });
});
