// 后期处置 feeds the plan: a closed case's review proposes revisions, and a
// draft started from that review carries them, linked both ways, once.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, mutationDoc, publishPlan, raw, reportInput, takeOverAndComplete } from '../support/incidents.js';
import { superuserClient } from '../support/db.js';

let server: TestServer;
let tenant: TenantFixture;
let other: TenantFixture;
type M = { memberId: string; token: string };
let leader: M, deputy: M, director: M, outsider: M;

const SHA = 'c'.repeat(64);
const PROPOSALS = ['增加夜间值班联系人', '群体访时先通知包村干部再报告主要领导'];
const CREATE = `mutation($input: CreatePlanDraftInput!) { createPlanDraft(input: $input) {
  plan { id status version revisionProposals fromReviewId levels { key } } userErrors { code field message } } }`;
const REVIEW = `query($id: ID!) { incident(id: $id) { review { planRevisions draftPlanId } } }`;

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
  other = await provisionTenant(server, platform.token, 'TOWNSHIP');
  leader = await addMember(server, tenant, ['GROUP_LEADER']);
  deputy = await addMember(server, tenant, ['DEPUTY_LEADER']);
  director = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  outsider = await addMember(server, other, ['GROUP_LEADER']);
  await publishPlan(server, tenant, TEST_LEVELS);
});
afterAll(async () => {
  await server?.stop();
});

async function must(name: string, inputType: string, input: Record<string, unknown>, token: string, selection?: string) {
  const res = await gql<any>(server.url, mutationDoc(name, inputType, selection), { input }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  expect(res.data[name].userErrors, name).toEqual([]);
  return res.data[name];
}

async function create(input: Record<string, unknown>, token: string) {
  const res = await gql<any>(server.url, CREATE, { input }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createPlanDraft;
}

/** A case worked to the end and closed with a review proposing `planRevisions`. */
async function closedWith(planRevisions: string[]): Promise<string> {
  const id = (await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(tenant.rootUnitId) }, director.token)).reportIncident.incident.id;
  await must('acknowledgeIncident', 'AcknowledgeIncidentInput', { incidentId: id }, director.token);
  await must('acceptPetition', 'AcceptPetitionInput', { incidentId: id, decision: 'ACCEPT' }, director.token);
  await must('replyToPetitioner', 'ReplyToPetitionerInput', { incidentId: id, reply: '答复意见' }, director.token);
  await must('addIncidentReport', 'AddIncidentReportInput', { incidentId: id, kind: 'ALL_CLEAR', body: '平息' }, director.token, 'report { id }');
  const open = (await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { openTasks { id } } }`, { id }, leader.token)).incident.openTasks;
  // Only the assignee completes a task: the leader takes each over first.
  for (const t of open) expect((await takeOverAndComplete(server.url, leader, t.id, { evidence: [{ kind: 'TALK_RECORD', sha256: SHA, sizeBytes: 1, storageKey: 'k' }] })).userErrors).toEqual([]);
  await must('closeIncident', 'CloseIncidentInput', { incidentId: id, review: { causes: 'c', whatWorked: 'w', whatDidNot: 'd', improvements: 'i', planRevisions } }, deputy.token, 'incident { status }');
  return id;
}

describe('createPlanDraft from a post-incident review', () => {
  it('copies the published plan, carries the proposals, and links the review and the draft both ways; a second draft is refused', async () => {
    const incidentId = await closedWith(PROPOSALS);
    const r = await create({ source: 'PUBLISHED', fromReviewId: incidentId }, leader.token);
    expect(r.userErrors).toEqual([]);
    expect(r.plan).toMatchObject({ status: 'DRAFT', revisionProposals: PROPOSALS, fromReviewId: incidentId });
    expect(r.plan.levels.map((l: any) => l.key).sort()).toEqual(TEST_LEVELS.map((l: any) => l.key).sort());
    const review = (await ok<any>(server.url, REVIEW, { id: incidentId }, leader.token)).incident.review;
    expect(review).toEqual({ planRevisions: PROPOSALS, draftPlanId: r.plan.id });

    const again = await create({ source: 'PUBLISHED', fromReviewId: incidentId }, leader.token);
    expect(again).toEqual({ plan: null, userErrors: [expect.objectContaining({ code: 'REVIEW_ALREADY_DRAFTED', field: ['input', 'fromReviewId'] })] });
    // The draft's creation is in the log with the review it came from.
    const su = await superuserClient(server.databaseUrl);
    const entry = await su.query(`select reason from log_entry where action = 'plan.create_draft' and target_id = $1`, [raw(r.plan.id)]);
    await su.end();
    expect(entry.rows[0].reason).toMatch(/from the review of incident/);
  });

  it('refuses a review without proposals, a wrong source, and another tenant\'s incident as NOT_FOUND', async () => {
    const none = await closedWith([]);
    const empty = await create({ source: 'PUBLISHED', fromReviewId: none }, leader.token);
    expect(empty.userErrors.map((e: any) => e.code)).toEqual(['NO_REVISION_PROPOSALS']);
    const blank = await create({ source: 'BLANK', fromReviewId: none }, leader.token);
    expect(blank.userErrors.map((e: any) => e.code)).toEqual(['INVALID_INPUT']);
    const foreign = await create({ source: 'PUBLISHED', fromReviewId: none }, outsider.token);
    expect(foreign.userErrors.map((e: any) => [e.code, e.field])).toEqual([['NOT_FOUND', ['input', 'fromReviewId']]]);
    // Nothing was written by the refusals: no draft carries proposals.
    const plans = await ok<any>(server.url, `query { plans(first: 20) { edges { node { status revisionProposals } } } }`, {}, leader.token);
    expect(plans.plans.edges.filter((e: any) => e.node.revisionProposals.length)).toHaveLength(1);
  });
});
