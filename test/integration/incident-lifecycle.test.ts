import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { INCIDENT_FIELDS, REPORT_INCIDENT, TEST_LEVELS, mutationDoc, publishPlan, reportInput, takeOverAndComplete } from '../support/incidents.js';
import { superuserClient } from '../support/db.js';

let server: TestServer;
let tenant: TenantFixture;
let village: string;
type M = { memberId: string; token: string; email: string };
let leader: M, deputy: M, director: M, liaison: M, rootLiaison: M;

const SHA = 'a'.repeat(64);
const ACK = mutationDoc('acknowledgeIncident', 'AcknowledgeIncidentInput');

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
  const villages = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '各村', 'OTHER');
  village = await createUnit(server, tenant.adminToken, villages, '东村', 'VILLAGE');
  rootLiaison = await addMember(server, tenant, ['LIAISON']);
  leader = await addMember(server, tenant, ['GROUP_LEADER']);
  deputy = await addMember(server, tenant, ['DEPUTY_LEADER']);
  director = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  liaison = await addMember(server, tenant, ['LIAISON'], village);
});
afterAll(async () => {
  await server?.stop();
});

async function report(token: string, extra: Record<string, unknown> = {}) {
  const data = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(village, extra) }, token);
  return data.reportIncident;
}

async function act(name: string, inputType: string, input: Record<string, unknown>, token: string, selection?: string) {
  const res = await gql<any>(server.url, mutationDoc(name, inputType, selection), { input }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data[name];
}

const byKey = (tasks: any[], key: string) => tasks.filter((t: any) => t.dutyKey === key);

describe('an incident without a published plan', () => {
  it('still opens, with a warning, a receipt and the 15-day acceptance clock', async () => {
    const r = await report(liaison.token);
    expect(r.warnings.map((w: any) => w.code)).toContain('NO_PUBLISHED_PLAN');
    expect(r.incident).toMatchObject({ status: 'REPORTED', levelKey: null, planVersion: null, tasks: [] });
    expect(r.receipt.receiptNumber).toMatch(/^XF-\d{8}-[0-9A-Z]{10}$/);
    expect(r.receipt.accessCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(r.incident.clocks).toHaveLength(1);
    expect(r.incident.clocks[0]).toMatchObject({ kind: 'ACCEPTANCE', party: 'INSTITUTION', state: 'OPEN' });
    expect(r.incident.clocks[0].explanation).toContain('15 calendar days');
  });
});

describe('the lifecycle under a published plan', () => {
  let id: string;
  let planVersion: number;

  it('matches the level, pins the version, assigns duties to concrete members with due times', async () => {
    planVersion = (await publishPlan(server, tenant, TEST_LEVELS)).version;
    const receivedAt = new Date(Date.now() - 10 * 60_000);
    const before = Date.now();
    const r = await report(liaison.token, { receivedAt: receivedAt.toISOString() });
    const after = Date.now();
    const i = r.incident;
    id = i.id;
    expect(i).toMatchObject({ levelKey: 'TOWNSHIP_SINGLE', levelSeverity: 1, planVersion, status: 'REPORTED', version: 1 });
    expect(r.warnings.map((w: any) => w.code)).toEqual(['NO_ONE_ON_DUTY']);
    const [notify] = byKey(i.tasks, 'notify');
    const [receive] = byKey(i.tasks, 'receive');
    const [daily] = byKey(i.tasks, 'daily');
    // The nearest holder of the role: the village liaison, not the one at the root.
    expect(receive.assignee.id).toBe(liaison.memberId);
    expect(daily.assignee.id).toBe(liaison.memberId);
    expect(notify.assignee.id).toBe(director.memberId);
    // Due from the entry, not from the receipt ten minutes earlier: nothing is owed before anyone could act.
    expect(new Date(notify.dueAt).getTime()).toBeGreaterThanOrEqual(before + 30 * 60_000);
    expect(new Date(notify.dueAt).getTime()).toBeLessThanOrEqual(after + 30 * 60_000);
    expect(new Date(receive.dueAt).getTime()).toBeGreaterThanOrEqual(before + 2 * 3_600_000);
    expect(new Date(receive.dueAt).getTime()).toBeLessThanOrEqual(after + 2 * 3_600_000);
    // One day counted in Shanghai from the day after receipt, due at the end of that day.
    expect(new Date(daily.dueAt).toISOString()).toMatch(/T15:59:59\.999Z$/);
    expect(receive.evidenceRequired).toBe(true);
  });

  it('refuses an illegal transition with INVALID_TRANSITION and changes nothing', async () => {
    const before = await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { version status } }`, { id }, director.token);
    const out = await act('replyToPetitioner', 'ReplyToPetitionerInput', { incidentId: id, reply: '答复' }, director.token);
    expect(out.userErrors[0].code).toBe('INVALID_TRANSITION');
    expect(out.incident).toBeNull();
    const after = await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { version status } }`, { id }, director.token);
    expect(after).toEqual(before);
    const stale = await act('acknowledgeIncident', 'AcknowledgeIncidentInput', { incidentId: id, expectedVersion: 99 }, director.token);
    expect(stale.userErrors[0]).toMatchObject({ code: 'STALE_OBJECT', field: ['input', 'expectedVersion'] });
  });

  it('acknowledges, goes on scene, completes tasks with evidence where required', async () => {
    const ack = await act('acknowledgeIncident', 'AcknowledgeIncidentInput', { incidentId: id, expectedVersion: 1 }, director.token);
    expect(ack.incident).toMatchObject({ status: 'ACKNOWLEDGED', version: 2 });
    const scene = await act('startIncidentResponse', 'StartIncidentResponseInput', { incidentId: id }, liaison.token);
    expect(scene.incident.status).toBe('RESPONDING');

    const receive = byKey(scene.incident.tasks, 'receive')[0];
    const noEvidence = await act('completeTask', 'CompleteTaskInput', { taskId: receive.id, note: '已接待' }, liaison.token, 'task { id status }');
    expect(noEvidence.userErrors[0].code).toBe('EVIDENCE_REQUIRED');
    // Only the assignee completes a task: anyone else reassigns it first.
    const notMine = await act('completeTask', 'CompleteTaskInput', { taskId: byKey(scene.incident.tasks, 'notify')[0].id }, liaison.token, 'task { id }');
    expect(notMine.userErrors[0].code).toBe('NOT_TASK_ASSIGNEE');
    const done = await act('completeTask', 'CompleteTaskInput', {
      taskId: receive.id,
      note: '已接待并记录诉求',
      evidence: [{ kind: 'TALK_RECORD', sha256: SHA, sizeBytes: 2048, storageKey: 'evidence/talk-1.pdf', contentType: 'application/pdf' }],
    }, liaison.token, 'task { id status doneAt note late evidence { sha256 sizeBytes storageKey recordedBy { id } } }');
    expect(done.userErrors).toEqual([]);
    expect(done.task).toMatchObject({ status: 'DONE', note: '已接待并记录诉求', late: false });
    expect(done.task.evidence).toEqual([{ sha256: SHA, sizeBytes: 2048, storageKey: 'evidence/talk-1.pdf', recordedBy: { id: liaison.memberId } }]);
    const again = await act('completeTask', 'CompleteTaskInput', { taskId: receive.id }, liaison.token, 'task { id }');
    expect(again.userErrors[0].code).toBe('TASK_NOT_OPEN');
  });

  it('files a daily report that fulfils the daily duty and schedules the next one', async () => {
    const out = await act('addIncidentReport', 'AddIncidentReportInput', { incidentId: id, kind: 'DAILY', body: '无新情况，信访人情绪稳定', nothingNew: true }, liaison.token,
      `report { kind nothingNew reportedBy { id } } incident { tasks { dutyKey status occurrence dueAt } }`);
    expect(out.report).toEqual({ kind: 'DAILY', nothingNew: true, reportedBy: { id: liaison.memberId } });
    const daily = byKey(out.incident.tasks, 'daily');
    expect(daily.map((t: any) => [t.occurrence, t.status])).toEqual([[1, 'DONE'], [2, 'OPEN']]);
    expect(new Date(daily[1].dueAt).getTime() - new Date(daily[0].dueAt).getTime()).toBe(24 * 3_600_000);
  });

  it('escalates on new facts: re-matches, adds the new level\'s duties, keeps the history', async () => {
    const lower = await act('escalateIncident', 'EscalateIncidentInput', { incidentId: id, headcount: 1, reason: 'x' }, director.token, 'levelChanged');
    expect(lower.userErrors[0].code).toBe('NOTHING_TO_ESCALATE');
    const out = await act('escalateIncident', 'EscalateIncidentInput', { incidentId: id, headcount: 6, reason: '又来了5人' }, director.token,
      `levelChanged newTasks { dutyKey assignee { id } } warnings { code } incident { levelKey headcount tasks { dutyKey status occurrence cancelReason } levelHistory { sequence kind levelKey levelChanged facts { headcount } reason explanation { path description matched } } }`);
    expect(out.userErrors).toEqual([]);
    expect(out.levelChanged).toBe(true);
    expect(out.incident.levelKey).toBe('TOWNSHIP_GROUP');
    expect(out.newTasks.map((t: any) => t.dutyKey).sort()).toEqual(['daily', 'own', 'scene']);
    expect(out.newTasks.find((t: any) => t.dutyKey === 'own').assignee.id).toBe(deputy.memberId);
    // The new level's daily report replaces the old one.
    const cancelled = out.incident.tasks.find((t: any) => t.dutyKey === 'daily' && t.status === 'CANCELLED');
    expect(cancelled.cancelReason).toContain('superseded by level TOWNSHIP_GROUP');
    expect(out.incident.tasks.filter((t: any) => t.dutyKey === 'daily').map((t: any) => `${t.occurrence}:${t.status}`).sort()).toEqual(['1:DONE', '1:OPEN', '2:CANCELLED']);
    expect(out.incident.levelHistory.map((l: any) => [l.sequence, l.kind, l.levelKey, l.levelChanged, l.facts.headcount])).toEqual([
      [1, 'INITIAL', 'TOWNSHIP_SINGLE', true, 1],
      [2, 'ESCALATION', 'TOWNSHIP_GROUP', true, 6],
    ]);
    const why = out.incident.levelHistory[1].explanation;
    expect(why.length).toBeGreaterThan(0);
    expect(why.some((c: any) => c.matched && c.path.startsWith('conditions['))).toBe(true);
    const decrease = await act('escalateIncident', 'EscalateIncidentInput', { incidentId: id, headcount: 3, reason: 'x' }, director.token, 'levelChanged');
    expect(decrease.userErrors[0].code).toBe('FACTS_CANNOT_DECREASE');
  });

  it('lets only a leader assign a leader-rank case owner, which fulfils the OWN_CASE duty', async () => {
    const notLeader = await gql<any>(server.url, mutationDoc('assignCaseOwner', 'AssignCaseOwnerInput'), { input: { incidentId: id, memberId: deputy.memberId } }, director.token);
    expect(notLeader.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const notLeaderOwner = await act('assignCaseOwner', 'AssignCaseOwnerInput', { incidentId: id, memberId: director.memberId }, leader.token);
    expect(notLeaderOwner.userErrors[0].code).toBe('NOT_LEADER_RANK');
    const out = await act('assignCaseOwner', 'AssignCaseOwnerInput', { incidentId: id, memberId: deputy.memberId }, leader.token);
    expect(out.incident.caseOwner.id).toBe(deputy.memberId);
    expect(byKey(out.incident.tasks, 'own')[0].status).toBe('DONE');
  });

  it('accepts the petition, extends the reply deadline once within the limits, replies', async () => {
    const accepted = await act('acceptPetition', 'AcceptPetitionInput', { incidentId: id, decision: 'ACCEPT' }, director.token);
    expect(accepted.incident).toMatchObject({ status: 'HANDLING', decision: 'ACCEPTED' });
    const clocks = Object.fromEntries(accepted.incident.clocks.map((c: any) => [c.kind, c]));
    expect(clocks.ACCEPTANCE.state).toBe('MET');
    expect(clocks.REPLY).toMatchObject({ state: 'OPEN', party: 'INSTITUTION' });
    expect(clocks.REPLY.explanation).toContain('60 calendar days');

    const tooLong = await act('requestDeadlineExtension', 'RequestDeadlineExtensionInput', { incidentId: id, days: 31, reason: '情况复杂' }, director.token, 'clock { id }');
    expect(tooLong.userErrors[0].code).toBe('EXTENSION_TOO_LONG');
    const asked = await act('requestDeadlineExtension', 'RequestDeadlineExtensionInput', { incidentId: id, days: 30, reason: '需要调取多年账目，情况复杂' }, director.token,
      'clock { state dueAt originalDueAt extensionDays extensionRequest { state days reason requestedBy { id } } }');
    expect(asked.userErrors).toEqual([]);
    expect(asked.clock).toMatchObject({ state: 'OPEN', extensionDays: null, extensionRequest: { state: 'PENDING', days: 30, requestedBy: { id: director.memberId } } });
    expect(asked.clock.dueAt).toBe(asked.clock.originalDueAt);
    const notLeader = await act('approveDeadlineExtension', 'ApproveDeadlineExtensionInput', { incidentId: id }, director.token, 'clock { id }');
    expect(notLeader.userErrors[0].code).toBe('SELF_APPROVAL');
    const extended = await act('approveDeadlineExtension', 'ApproveDeadlineExtensionInput', { incidentId: id }, leader.token,
      'clock { state dueAt originalDueAt extensionDays extensionReason extensionApprovedBy { id } history { state note } }');
    expect(extended.userErrors).toEqual([]);
    const c = extended.clock;
    expect(c).toMatchObject({ state: 'EXTENDED', extensionDays: 30, extensionReason: '需要调取多年账目，情况复杂', extensionApprovedBy: { id: leader.memberId } });
    expect(new Date(c.dueAt).getTime() - new Date(c.originalDueAt).getTime()).toBe(30 * 24 * 3_600_000);
    expect(c.history.map((h: any) => h.state)).toEqual(['OPEN', 'OPEN', 'EXTENDED']);
    const twice = await act('requestDeadlineExtension', 'RequestDeadlineExtensionInput', { incidentId: id, days: 5, reason: '再延' }, director.token, 'clock { id }');
    expect(twice.userErrors[0].code).toBe('EXTENSION_ALREADY_USED');

    const replied = await act('replyToPetitioner', 'ReplyToPetitionerInput', { incidentId: id, reply: '经核实，补偿款已于本月发放到位。' }, director.token);
    expect(replied.incident).toMatchObject({ status: 'REPLIED', reply: '经核实，补偿款已于本月发放到位。' });
    const after = Object.fromEntries(replied.incident.clocks.map((k: any) => [k.kind, k]));
    expect(after.REPLY.state).toBe('MET');
    expect(after.REVIEW_REQUEST).toMatchObject({ state: 'OPEN', party: 'PETITIONER' });
  });

  it('closes only with no open task, with a review; a closed incident is read-only', async () => {
    const review = { causes: '补偿款发放流程滞后', whatWorked: '领导包案，当日接待', whatDidNot: '信息公开不及时', improvements: '按月公开发放进度', planRevisions: ['增加补偿款类信访的公开要求'] };
    const blocked = await act('closeIncident', 'CloseIncidentInput', { incidentId: id, review }, deputy.token);
    expect(blocked.userErrors.map((e: any) => e.code)).toEqual(['OPEN_TASKS']);
    const open = (await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { openTasks { id dutyKey } } }`, { id }, deputy.token)).incident.openTasks;
    for (const t of open.filter((x: any) => x.dutyKey !== 'daily')) {
      // Only the assignee completes a task: the deputy (leader rank) takes over the others first.
      const done = await takeOverAndComplete(server.url, deputy, t.id, { note: '已完成' }, 'task { status }');
      expect(done.userErrors).toEqual([]);
    }
    const clear = await act('addIncidentReport', 'AddIncidentReportInput', { incidentId: id, kind: 'ALL_CLEAR', body: '事态平息' }, director.token, 'incident { openTasks { id } }');
    expect(clear.incident.openTasks).toEqual([]);
    const closed = await act('closeIncident', 'CloseIncidentInput', { incidentId: id, review }, deputy.token,
      `incident { status closedAt review { causes whatWorked whatDidNot improvements planRevisions } }`);
    expect(closed.userErrors).toEqual([]);
    expect(closed.incident.status).toBe('CLOSED');
    expect(closed.incident.review).toEqual(review);

    const reopen = await act('acknowledgeIncident', 'AcknowledgeIncidentInput', { incidentId: id }, director.token);
    expect(reopen.userErrors[0].code).toBe('INVALID_TRANSITION');
    const write = await act('addIncidentReport', 'AddIncidentReportInput', { incidentId: id, kind: 'SITUATION', body: 'x' }, director.token, 'report { kind }');
    expect(write.userErrors[0].code).toBe('INCIDENT_READ_ONLY');
    const evidence = await act('recordEvidence', 'RecordEvidenceInput', { incidentId: id, evidence: { kind: 'PHOTO', sha256: SHA, sizeBytes: 1, storageKey: 'k' } }, director.token, 'evidence { id }');
    expect(evidence.userErrors[0].code).toBe('INCIDENT_READ_ONLY');
  });

  it('keeps the history as incident events of the log, one entry per mutation', async () => {
    const data = await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { history { seq event action actorMember { id } } } }`, { id }, deputy.token);
    const events = data.incident.history.map((h: any) => h.event);
    expect(events).toEqual([
      'REPORTED', 'ACKNOWLEDGED', 'STATUS_CHANGED', 'TASK_DONE', 'REPORT_ADDED', 'ESCALATED', 'OWNER_ASSIGNED', 'ACCEPTED', 'EXTENSION_REQUESTED', 'DEADLINE_EXTENDED', 'REPLIED',
      // The deputy took over the two remaining tasks before completing them (only the assignee completes).
      'TASK_REASSIGNED', 'TASK_DONE', 'TASK_REASSIGNED', 'TASK_DONE', 'REPORT_ADDED', 'CLOSED',
    ]);
    const seqs = data.incident.history.map((h: any) => h.seq);
    expect([...seqs].sort((a: number, b: number) => a - b)).toEqual(seqs);
    expect(data.incident.history[0].actorMember.id).toBe(liaison.memberId);
  });

  it('refuses to accept again, and refuses a refusal without reasons', async () => {
    const other = (await report(liaison.token)).incident.id;
    await act('acknowledgeIncident', 'AcknowledgeIncidentInput', { incidentId: other }, director.token);
    const noReason = await act('acceptPetition', 'AcceptPetitionInput', { incidentId: other, decision: 'REFUSE' }, director.token);
    expect(noReason.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'reason'] });
    const notTransferred = await act('acceptPetition', 'AcceptPetitionInput', { incidentId: other, decision: 'NOT_OURS', reason: '不属本单位' }, director.token);
    expect(notTransferred.userErrors[0].code).toBe('NOT_TRANSFERRED');
    const refused = await act('acceptPetition', 'AcceptPetitionInput', { incidentId: other, decision: 'REFUSE', reason: '已依法处理终结，不再受理' }, director.token);
    expect(refused.incident).toMatchObject({ status: 'REPLIED', decision: 'REFUSED', reply: '已依法处理终结，不再受理' });
    const again = await act('acceptPetition', 'AcceptPetitionInput', { incidentId: other, decision: 'ACCEPT' }, director.token);
    expect(again.userErrors[0].code).toBe('INVALID_TRANSITION');
  });

  it('objects to a transferred matter within 5 working days; withdrawal cancels tasks and clocks', async () => {
    const t = await report(liaison.token, { transferredFrom: '县信访局' });
    const kinds = t.incident.clocks.map((c: any) => c.kind).sort();
    expect(kinds).toEqual(['ACCEPTANCE', 'TRANSFER_OBJECTION']);
    const objection = t.incident.clocks.find((c: any) => c.kind === 'TRANSFER_OBJECTION');
    expect(objection.explanation).toContain('5 working days');
    await act('acknowledgeIncident', 'AcknowledgeIncidentInput', { incidentId: t.incident.id }, director.token);
    const out = await act('acceptPetition', 'AcceptPetitionInput', { incidentId: t.incident.id, decision: 'NOT_OURS', reason: '该事项属县自然资源局职责' }, director.token);
    expect(out.incident.decision).toBe('NOT_OURS');
    const states = Object.fromEntries(out.incident.clocks.map((c: any) => [c.kind, c.state]));
    expect(states).toEqual({ ACCEPTANCE: 'CANCELLED', TRANSFER_OBJECTION: 'MET' });

    const w = await report(liaison.token);
    const withdrawn = await act('withdrawIncident', 'WithdrawIncidentInput', { incidentId: w.incident.id, reason: '信访人撤回' }, liaison.token);
    expect(withdrawn.incident.status).toBe('WITHDRAWN');
    expect(withdrawn.incident.tasks.every((x: any) => x.status === 'CANCELLED')).toBe(true);
    expect(withdrawn.incident.clocks.every((x: any) => x.state === 'CANCELLED')).toBe(true);
  });
});

describe('the duty roster', () => {
  it('records who is on duty as the first to be told, and prefers them among equally placed candidates', async () => {
    const west = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '西村', 'VILLAGE');
    const senior = await addMember(server, tenant, ['LIAISON'], west);
    const onDuty = await addMember(server, tenant, ['LIAISON'], west);
    const local = (t: number) => new Date(t + 8 * 3_600_000).toISOString();
    const start = Date.now() - 2 * 3_600_000;
    const end = Date.now() + 2 * 3_600_000;
    const saved = await gql<any>(server.url, `mutation($input: SaveRosterInput!) { saveRoster(input: $input) { shifts { id } userErrors { code message } } }`, {
      input: {
        unitId: west, from: local(start).slice(0, 10), to: local(start).slice(0, 10),
        shifts: [{ date: local(start).slice(0, 10), startTime: local(start).slice(11, 16), endTime: local(end).slice(11, 16), onDutyMemberId: onDuty.memberId, leaderOnCallMemberId: deputy.memberId }],
      },
    }, director.token);
    expect(saved.errors).toBeUndefined();
    expect(saved.data.saveRoster.userErrors).toEqual([]);
    const r = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(west) }, senior.token);
    const i = r.reportIncident.incident;
    expect(i.onDutyMember.id).toBe(onDuty.memberId);
    expect(r.reportIncident.warnings.map((w: any) => w.code)).not.toContain('NO_ONE_ON_DUTY');
    expect(byKey(i.tasks, 'receive')[0].assignee.id).toBe(onDuty.memberId);
    const leaderOnCall = await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { leaderOnCall { id } } }`, { id: i.id }, director.token);
    expect(leaderOnCall.incident.leaderOnCall.id).toBe(deputy.memberId);
  });
});

describe('review and re-review (arts. 35–36)', () => {
  it('records a review request inside its window, answers it within 30 days, then the same for re-review', async () => {
    const r = await report(liaison.token);
    const id = r.incident.id;
    await act('acknowledgeIncident', 'AcknowledgeIncidentInput', { incidentId: id }, director.token);
    const early = await act('recordReviewRequest', 'RecordReviewRequestInput', { incidentId: id, stage: 'REVIEW' }, director.token, 'clock { kind }');
    expect(early.userErrors[0].code).toBe('INVALID_TRANSITION');
    await act('acceptPetition', 'AcceptPetitionInput', { incidentId: id, decision: 'ACCEPT' }, director.token);
    await act('replyToPetitioner', 'ReplyToPetitionerInput', { incidentId: id, reply: '答复意见' }, director.token);
    const rereviewFirst = await act('recordReviewRequest', 'RecordReviewRequestInput', { incidentId: id, stage: 'REREVIEW' }, director.token, 'clock { kind }');
    expect(rereviewFirst.userErrors[0].code).toBe('REVIEW_WINDOW_CLOSED');
    const requested = await act('recordReviewRequest', 'RecordReviewRequestInput', { incidentId: id, stage: 'REVIEW' }, director.token, 'clock { kind state party dueAt explanation }');
    expect(requested.clock).toMatchObject({ kind: 'REVIEW_ANSWER', state: 'OPEN', party: 'INSTITUTION' });
    expect(requested.clock.explanation).toContain('30 calendar days');
    const twice = await act('recordReviewRequest', 'RecordReviewRequestInput', { incidentId: id, stage: 'REVIEW' }, director.token, 'clock { kind }');
    expect(twice.userErrors[0].code).toBe('REVIEW_WINDOW_CLOSED');
    // While the review answer is due the case cannot close.
    const review = { causes: 'c', whatWorked: 'w', whatDidNot: 'd', improvements: 'i', planRevisions: [] };
    await act('addIncidentReport', 'AddIncidentReportInput', { incidentId: id, kind: 'ALL_CLEAR', body: '平息' }, director.token, 'report { id }');
    const open = (await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { openTasks { id } } }`, { id }, leader.token)).incident.openTasks;
    for (const t of open) {
      const done = await takeOverAndComplete(server.url, leader, t.id, { evidence: [{ kind: 'TALK_RECORD', sha256: SHA, sizeBytes: 1, storageKey: 'k' }] }, 'task { id }');
      expect(done.userErrors).toEqual([]);
    }
    const blocked = await act('closeIncident', 'CloseIncidentInput', { incidentId: id, review }, deputy.token);
    expect(blocked.userErrors.map((e: any) => e.code)).toEqual(['CLOCK_OPEN']);
    const answered = await act('answerReview', 'AnswerReviewInput', { incidentId: id, stage: 'REVIEW', answer: '维持原处理意见' }, director.token);
    const clocks = Object.fromEntries(answered.incident.clocks.map((c: any) => [c.kind, c]));
    expect(clocks.REVIEW_REQUEST.state).toBe('MET');
    expect(clocks.REVIEW_ANSWER.state).toBe('MET');
    expect(clocks.REREVIEW_REQUEST).toMatchObject({ state: 'OPEN', party: 'PETITIONER' });
    expect(answered.incident.reply).toContain('[复查意见] 维持原处理意见');
    await act('recordReviewRequest', 'RecordReviewRequestInput', { incidentId: id, stage: 'REREVIEW' }, director.token, 'clock { kind }');
    const final = await act('answerReview', 'AnswerReviewInput', { incidentId: id, stage: 'REREVIEW', answer: '复核维持' }, director.token);
    const after = Object.fromEntries(final.incident.clocks.map((c: any) => [c.kind, c.state]));
    expect(after).toMatchObject({ REREVIEW_REQUEST: 'MET', REREVIEW_ANSWER: 'MET' });
    const closed = await act('closeIncident', 'CloseIncidentInput', { incidentId: id, review }, deputy.token);
    expect(closed.userErrors).toEqual([]);
  });
});

describe('concurrency', () => {
  it('two members racing on one transition: one wins, the other gets INVALID_TRANSITION', async () => {
    const r = await report(liaison.token);
    const id = r.incident.id;
    for (let round = 0; round < 3; round++) {
      const target = round === 0 ? id : (await report(liaison.token)).incident.id;
      const [a, b] = await Promise.all([
        gql<any>(server.url, ACK, { input: { incidentId: target } }, director.token),
        gql<any>(server.url, ACK, { input: { incidentId: target } }, deputy.token),
      ]);
      const outcomes = [a.data.acknowledgeIncident, b.data.acknowledgeIncident];
      expect(outcomes.filter((o) => o.userErrors.length === 0)).toHaveLength(1);
      const loser = outcomes.find((o) => o.userErrors.length > 0);
      expect(loser.userErrors[0].code).toBe('INVALID_TRANSITION');
      expect(loser.incident).toBeNull();
      const after = await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { version history { event } } }`, { id: target }, director.token);
      expect(after.incident.version).toBe(2);
      expect(after.incident.history.filter((h: any) => h.event === 'ACKNOWLEDGED')).toHaveLength(1);
    }
  });
});

describe('log entries', () => {
  it('every incident mutation wrote exactly one log entry with the incident id and event', async () => {
    const db = await superuserClient(server.databaseUrl);
    try {
      const { rows } = await db.query(
        `select action, count(*)::int as n, count(*) filter (where incident_id is null or event is null)::int as missing
           from log_entry where action like 'incident.%' group by action order by action`,
      );
      expect(rows.length).toBeGreaterThan(8);
      for (const r of rows) expect(r.missing).toBe(0);
    } finally {
      await db.end();
    }
  });
});

export { INCIDENT_FIELDS };
