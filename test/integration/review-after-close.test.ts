import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, mutationDoc, publishPlan, reportInput, takeOverAndComplete } from '../support/incidents.js';

// Remedies outlive closing (信访工作条例 arts. 35–36): a closed case takes a review
// or re-review request made within its window, and reopens for that stage.
let server: TestServer;
let tenant: TenantFixture;
let village: string;
type M = { memberId: string; token: string };
let leader: M, deputy: M, director: M;

const SHA = 'b'.repeat(64);
const DAY = 86_400_000;
const REVIEW = { causes: 'c', whatWorked: 'w', whatDidNot: 'd', improvements: 'i', planRevisions: [] };
const STATUS = `query($r: String!, $c: String!) { petitionStatus(receiptNumber: $r, accessCode: $c) { stage deadlines { kind dueAt state } } }`;
const VIEW = `query($id: ID!) { incident(id: $id) { status petitionStage closedAt clocks { kind dueAt state } } }`;

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
  village = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '北村', 'VILLAGE');
  leader = await addMember(server, tenant, ['GROUP_LEADER']);
  deputy = await addMember(server, tenant, ['DEPUTY_LEADER']);
  director = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  await publishPlan(server, tenant, TEST_LEVELS);
});
afterAll(async () => {
  await server?.stop();
});

async function act(name: string, inputType: string, input: Record<string, unknown>, token: string, selection?: string) {
  const res = await gql<any>(server.url, mutationDoc(name, inputType, selection), { input }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data[name];
}

async function must(name: string, inputType: string, input: Record<string, unknown>, token: string, selection?: string) {
  const out = await act(name, inputType, input, token, selection);
  expect(out.userErrors, name).toEqual([]);
  return out;
}

/** A case replied at `repliedAt` and closed now; `ago` shifts the whole history into the past. */
async function closedCase(agoDays = 0) {
  const at = (d: number) => new Date(Date.now() - (agoDays - d) * DAY).toISOString();
  const input = reportInput(village, agoDays ? { occurredAt: at(-0.1), receivedAt: at(0) } : {});
  const r = (await ok<any>(server.url, REPORT_INCIDENT, { input }, director.token)).reportIncident;
  const id = r.incident.id;
  await must('acknowledgeIncident', 'AcknowledgeIncidentInput', { incidentId: id }, director.token);
  await must('acceptPetition', 'AcceptPetitionInput', { incidentId: id, decision: 'ACCEPT', ...(agoDays ? { decidedAt: at(1) } : {}) }, director.token);
  await must('replyToPetitioner', 'ReplyToPetitionerInput', { incidentId: id, reply: '答复意见', ...(agoDays ? { repliedAt: at(10) } : {}) }, director.token);
  await closeNow(id);
  return { id, receipt: r.receipt as { receiptNumber: string; accessCode: string } };
}

async function closeNow(id: string) {
  await must('addIncidentReport', 'AddIncidentReportInput', { incidentId: id, kind: 'ALL_CLEAR', body: '平息' }, director.token, 'report { id }');
  const open = (await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { openTasks { id } } }`, { id }, leader.token)).incident.openTasks;
  // Only the assignee completes a task: the leader takes each over first.
  for (const t of open) expect((await takeOverAndComplete(server.url, leader, t.id, { evidence: [{ kind: 'TALK_RECORD', sha256: SHA, sizeBytes: 1, storageKey: 'k' }] })).userErrors).toEqual([]);
  const closed = await must('closeIncident', 'CloseIncidentInput', { incidentId: id, review: REVIEW }, deputy.token, 'incident { status }');
  expect(closed.incident.status).toBe('CLOSED');
}

/** The API and the petitioner's page, side by side: they must agree on the stage and on every deadline. */
async function bothViews(id: string, receipt: { receiptNumber: string; accessCode: string }) {
  const api = (await ok<any>(server.url, VIEW, { id }, director.token)).incident;
  const page = (await gql<any>(server.url, STATUS, { r: receipt.receiptNumber, c: receipt.accessCode })).data.petitionStatus;
  expect(page.stage).toBe(api.petitionStage);
  const norm = (list: any[]) => list.filter((c) => c.state !== 'CANCELLED').map((c) => [c.kind, c.dueAt, c.state]);
  expect(page.deadlines.map((d: any) => [d.kind, d.dueAt, d.state])).toEqual(norm(api.clocks));
  const states = Object.fromEntries(api.clocks.map((c: any) => [c.kind, c.state]));
  return { status: api.status, stage: api.petitionStage, closedAt: api.closedAt, states };
}

describe('review after close', () => {
  it('accepts a review (复查) within its window on a closed case: the review stage opens with its own clock, the case is writable for it', async () => {
    const { id, receipt } = await closedCase();
    expect(await bothViews(id, receipt)).toMatchObject({ status: 'CLOSED', stage: 'CLOSED', states: { REVIEW_REQUEST: 'OPEN' } });

    const requested = await must('recordReviewRequest', 'RecordReviewRequestInput', { incidentId: id, stage: 'REVIEW' }, director.token, 'clock { kind state party dueAt startedAt } incident { status }');
    expect(requested.clock).toMatchObject({ kind: 'REVIEW_ANSWER', state: 'OPEN', party: 'INSTITUTION' });
    expect(requested.incident.status).toBe('REPLIED');
    expect(Date.parse(requested.clock.dueAt) - Date.parse(requested.clock.startedAt)).toBeGreaterThan(29 * DAY);
    expect(await bothViews(id, receipt)).toMatchObject({ status: 'REPLIED', stage: 'UNDER_REVIEW', closedAt: null, states: { REVIEW_REQUEST: 'MET', REVIEW_ANSWER: 'OPEN' } });

    // No longer read-only for the review: reports and evidence are taken again.
    await must('addIncidentReport', 'AddIncidentReportInput', { incidentId: id, kind: 'SITUATION', body: '复查调取原始材料' }, director.token, 'report { id }');
    await must('recordEvidence', 'RecordEvidenceInput', { incidentId: id, evidence: { kind: 'PHOTO', sha256: SHA, sizeBytes: 1, storageKey: 'review/1' } }, director.token, 'evidence { id }');
    // The review answer is an institution clock: the case cannot close while it runs.
    const blocked = await act('closeIncident', 'CloseIncidentInput', { incidentId: id, review: REVIEW }, deputy.token);
    expect(blocked.userErrors.map((e: any) => e.code)).toEqual(['CLOCK_OPEN']);

    await must('answerReview', 'AnswerReviewInput', { incidentId: id, stage: 'REVIEW', answer: '维持原处理意见' }, director.token);
    expect(await bothViews(id, receipt)).toMatchObject({ status: 'REPLIED', stage: 'REPLIED', states: { REVIEW_ANSWER: 'MET', REREVIEW_REQUEST: 'OPEN' } });
    await closeNow(id);

    // The same for re-review (复核), on the case closed again.
    await must('recordReviewRequest', 'RecordReviewRequestInput', { incidentId: id, stage: 'REREVIEW' }, director.token, 'clock { kind }');
    expect(await bothViews(id, receipt)).toMatchObject({ status: 'REPLIED', stage: 'UNDER_REREVIEW', states: { REREVIEW_REQUEST: 'MET', REREVIEW_ANSWER: 'OPEN' } });
    await must('answerReview', 'AnswerReviewInput', { incidentId: id, stage: 'REREVIEW', answer: '复核维持' }, director.token);
    await closeNow(id);
    expect(await bothViews(id, receipt)).toMatchObject({ status: 'CLOSED', stage: 'CLOSED', states: { REREVIEW_ANSWER: 'MET' } });
    // After re-review the matter is not accepted again.
    const again = await act('recordReviewRequest', 'RecordReviewRequestInput', { incidentId: id, stage: 'REREVIEW' }, director.token, 'clock { kind }');
    expect(again.userErrors.map((e: any) => e.code)).toEqual(['REVIEW_WINDOW_CLOSED']);

    const history = (await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { history { action event } } }`, { id }, leader.token)).incident.history;
    expect(history.filter((h: any) => h.action === 'incident.review_requested').map((h: any) => h.event)).toEqual(['STATUS_CHANGED', 'STATUS_CHANGED']);
  });

  it('refuses a review asked after its window, and the closed case stays as it was', async () => {
    // Replied 50 days ago: the 30-day window ran out about 20 days ago.
    const { id, receipt } = await closedCase(60);
    const before = await bothViews(id, receipt);
    expect(before).toMatchObject({ status: 'CLOSED', stage: 'CLOSED', states: { REVIEW_REQUEST: 'EXPIRED' } });
    const late = await act('recordReviewRequest', 'RecordReviewRequestInput', { incidentId: id, stage: 'REVIEW' }, director.token, 'clock { kind }');
    expect(late.userErrors).toMatchObject([{ code: 'REVIEW_WINDOW_CLOSED', field: ['input', 'stage'] }]);
    const rereview = await act('recordReviewRequest', 'RecordReviewRequestInput', { incidentId: id, stage: 'REREVIEW' }, director.token, 'clock { kind }');
    expect(rereview.userErrors.map((e: any) => e.code)).toEqual(['REVIEW_WINDOW_CLOSED']);
    expect(await bothViews(id, receipt)).toEqual(before);
    const write = await act('addIncidentReport', 'AddIncidentReportInput', { incidentId: id, kind: 'SITUATION', body: 'x' }, director.token, 'report { kind }');
    expect(write.userErrors[0].code).toBe('INCIDENT_READ_ONLY');
  });

  it('a request made within the window but recorded after it is accepted with its own time', async () => {
    const { id, receipt } = await closedCase(60);
    const requestedAt = new Date(Date.now() - 45 * DAY).toISOString();
    const out = await must('recordReviewRequest', 'RecordReviewRequestInput', { incidentId: id, stage: 'REVIEW', requestedAt }, director.token, 'clock { kind startedAt }');
    expect(out.clock).toMatchObject({ kind: 'REVIEW_ANSWER', startedAt: requestedAt });
    expect((await bothViews(id, receipt)).stage).toBe('UNDER_REVIEW');
  });
});
