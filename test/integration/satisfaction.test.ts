// The petitioner's rating (满意度评价) and the follow-up (回访): rateReply with
// the receipt number and access code, once per stage, within the tenant's
// window; a wrong code answers byte for byte like an unknown receipt and
// counts against the petitionStatus limit; DISSATISFIED opens the case
// owner's follow-up task and shows the review remedy with its deadline; a
// follow-up call is recorded and a rating taken on it is marked PHONE.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { gql, ok } from '../support/fixtures.js';
import { REPORT_INCIDENT, mutationDoc, raw, reportInput } from '../support/incidents.js';
import { days, township, type Township } from '../support/accountability.js';

const LIMIT = 6;
let server: TestServer;
let db: pg.Client;
let t: Township;

const RATE = `mutation($input: RateReplyInput!) { rateReply(input: $input) {
  rating { stage rating ratedAt } remedy { kind deadline text } userErrors { code field message } } }`;
const CASE = `query($id: ID!) { incident(id: $id) {
  ratings { id stage rating comment channel answeredAt followUpTaskId takenBy { id } }
  followUpCalls { id calledAt summary outcome caller { id } }
  tasks { id dutyKind dutyKey status dueAt assignee { id } }
  clocks { kind dueAt state } } }`;
const CALL = `mutation($input: RecordFollowUpCallInput!) { recordFollowUpCall(input: $input) {
  call { id outcome summary caller { id } } rating { id stage rating channel takenBy { id } } remedy { kind deadline }
  userErrors { code field message } } }`;

interface Case { id: string; receipt: { receiptNumber: string; accessCode: string } }

/** A case received `agoDays` ago, accepted and replied a day later each; the deputy owns it. */
async function repliedCase(agoDays: number, owner = true): Promise<Case> {
  const receivedAt = new Date(Date.now() - days(agoDays)).toISOString();
  const r = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(t.village, { receivedAt, occurredAt: receivedAt }) }, t.director.token);
  const id = r.reportIncident.incident.id;
  await ok(server.url, mutationDoc('acknowledgeIncident', 'AcknowledgeIncidentInput'), { input: { incidentId: id } }, t.director.token);
  if (owner) await ok(server.url, mutationDoc('assignCaseOwner', 'AssignCaseOwnerInput'), { input: { incidentId: id, memberId: t.deputy.memberId } }, t.leader.token);
  const decidedAt = new Date(Date.now() - days(agoDays - 1)).toISOString();
  await ok(server.url, mutationDoc('acceptPetition', 'AcceptPetitionInput'), { input: { incidentId: id, decision: 'ACCEPT', decidedAt } }, t.director.token);
  const repliedAt = new Date(Date.now() - days(agoDays - 2)).toISOString();
  await ok(server.url, mutationDoc('replyToPetitioner', 'ReplyToPetitionerInput'), { input: { incidentId: id, reply: '已依法答复。', repliedAt } }, t.director.token);
  return { id, receipt: r.reportIncident.receipt };
}

const rate = (c: Case, stage: string, rating: string, comment: string | null = null) =>
  gql<any>(server.url, RATE, { input: { ...c.receipt, stage, rating, comment } });

/** The raw response bytes of a rateReply call. */
async function rawRate(receiptNumber: string, accessCode: string): Promise<{ status: number; body: string }> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: RATE, variables: { input: { receiptNumber, accessCode, stage: 'REPLY', rating: 'SATISFIED' } } }),
  });
  return { status: res.status, body: await res.text() };
}

beforeAll(async () => {
  server = await startTestServer({ env: { PUBLIC_LOOKUP_RATE_PER_ADDRESS: String(LIMIT), PUBLIC_LOOKUP_RATE_WINDOW_SECONDS: '900' } });
  db = await superuserClient(server.databaseUrl);
  t = await township(server);
}, 120_000);
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('rateReply', () => {
  it('rates each answer once; DISSATISFIED opens the case owner\'s follow-up task and shows the review remedy', async () => {
    const c = await repliedCase(5);
    const res = await rate(c, 'REPLY', 'DISSATISFIED', '答复没有解决补偿问题');
    expect(res.errors).toBeUndefined();
    const out = res.data.rateReply;
    expect(out.userErrors).toEqual([]);
    expect(out.rating).toMatchObject({ stage: 'REPLY', rating: 'DISSATISFIED' });
    const view = (await ok<any>(server.url, CASE, { id: c.id }, t.director.token)).incident;
    const reviewWindow = view.clocks.find((k: any) => k.kind === 'REVIEW_REQUEST');
    expect(out.remedy).toMatchObject({ kind: 'REVIEW', deadline: reviewWindow.dueAt });
    expect(out.remedy.text).toContain('复查');
    // The follow-up task is the case owner's, due in the tenant's follow-up time (5 days by default).
    const followUps = view.tasks.filter((k: any) => k.dutyKind === 'FOLLOW_UP');
    expect(followUps).toHaveLength(1);
    expect(followUps[0]).toMatchObject({ status: 'OPEN', dutyKey: 'follow-up-reply', assignee: { id: t.deputy.memberId } });
    const due = new Date(followUps[0].dueAt).getTime() - new Date(out.rating.ratedAt).getTime();
    expect(Math.abs(due - days(5))).toBeLessThan(1000);
    expect(view.ratings).toEqual([
      expect.objectContaining({ stage: 'REPLY', rating: 'DISSATISFIED', comment: '答复没有解决补偿问题', channel: 'PETITIONER', takenBy: null, followUpTaskId: followUps[0].id }),
    ]);
    // Once per stage: a second rating is refused and changes nothing.
    const again = await rate(c, 'REPLY', 'SATISFIED');
    expect(again.data.rateReply).toMatchObject({ rating: null, userErrors: [{ code: 'ALREADY_RATED', field: ['input', 'stage'] }] });
    expect((await ok<any>(server.url, CASE, { id: c.id }, t.director.token)).incident.ratings).toHaveLength(1);
    // The review has not been answered: nothing to rate yet.
    const early = await rate(c, 'REVIEW', 'SATISFIED');
    expect(early.data.rateReply.userErrors).toEqual([expect.objectContaining({ code: 'STAGE_NOT_ANSWERED' })]);
    // Logged as the public actor, one entry.
    const { rows } = await db.query(`select actor_kind, actor_user_id, actor_member_id from log_entry where tenant_id = $1 and action = 'satisfaction.rate' and incident_id = $2`, [t.tenantId, raw(c.id)]);
    expect(rows).toEqual([{ actor_kind: 'PUBLIC', actor_user_id: null, actor_member_id: null }]);
  });

  it('a satisfied rating opens no task and shows no remedy; without a case owner the follow-up goes to whoever replied', async () => {
    const happy = await repliedCase(4);
    const res = await rate(happy, 'REPLY', 'BASICALLY_SATISFIED');
    expect(res.data.rateReply).toMatchObject({ rating: { rating: 'BASICALLY_SATISFIED' }, remedy: null, userErrors: [] });
    const view = (await ok<any>(server.url, CASE, { id: happy.id }, t.director.token)).incident;
    expect(view.tasks.filter((k: any) => k.dutyKind === 'FOLLOW_UP')).toEqual([]);

    const unowned = await repliedCase(4, false);
    await ok(server.url, RATE, { input: { ...unowned.receipt, stage: 'REPLY', rating: 'DISSATISFIED' } });
    const tasks = (await ok<any>(server.url, CASE, { id: unowned.id }, t.director.token)).incident.tasks.filter((k: any) => k.dutyKind === 'FOLLOW_UP');
    expect(tasks.map((k: any) => k.assignee?.id)).toEqual([t.director.memberId]);
  });

  it('enforces the tenant\'s window (30 days by default)', async () => {
    const old = await repliedCase(35);
    const late = await rate(old, 'REPLY', 'SATISFIED');
    expect(late.data.rateReply).toMatchObject({ rating: null, userErrors: [{ code: 'RATING_WINDOW_CLOSED' }] });
    // Within 30 days by default; a tenant window of 2 days closes it.
    const recent = await repliedCase(6);
    await ok(server.url, `mutation($input: UpdateSatisfactionSettingsInput!) { updateSatisfactionSettings(input: $input) { settings { ratingWindowDays followUpDays } userErrors { code } } }`,
      { input: { ratingWindowDays: 2 } }, t.tenant.adminToken);
    const closed = await rate(recent, 'REPLY', 'SATISFIED');
    expect(closed.data.rateReply.userErrors).toEqual([expect.objectContaining({ code: 'RATING_WINDOW_CLOSED' })]);
    await ok(server.url, `mutation($input: UpdateSatisfactionSettingsInput!) { updateSatisfactionSettings(input: $input) { userErrors { code } } }`,
      { input: { ratingWindowDays: 30 } }, t.tenant.adminToken);
    expect((await rate(recent, 'REPLY', 'SATISFIED')).data.rateReply.userErrors).toEqual([]);
  });

  it('answers a wrong code byte for byte like an unknown receipt, and counts it against the petitionStatus limit', async () => {
    const c = await repliedCase(3);
    const wrong = await rawRate(c.receipt.receiptNumber, 'AAAA-BBBB-CCCC');
    const unknown = await rawRate('XF-20260101-0000000000', c.receipt.accessCode);
    expect(wrong.status).toBe(200);
    expect(wrong.body).toBe(unknown.body);
    expect(JSON.parse(wrong.body).data.rateReply).toMatchObject({ rating: null, userErrors: [{ code: 'NOT_FOUND' }] });
    // Two failures here; the lookups share one budget per address with petitionStatus.
    const STATUS = `query($r: String!, $c: String!) { petitionStatus(receiptNumber: $r, accessCode: $c) { stage } }`;
    for (let i = 2; i < LIMIT; i++) expect((await gql<any>(server.url, STATUS, { r: c.receipt.receiptNumber, c: `WRONG-${i}` })).data).toEqual({ petitionStatus: null });
    const limited = await rate(c, 'REPLY', 'SATISFIED');
    expect(limited.status).toBe(429);
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect((await ok<any>(server.url, CASE, { id: c.id }, t.director.token)).incident.ratings).toEqual([]);
    await db.query(`delete from rate_limit_bucket`);
  });
});

describe('recordFollowUpCall', () => {
  it('records who called, when, what was said and the outcome; a rating taken on the call is marked PHONE and counts once', async () => {
    const c = await repliedCase(3);
    const calledAt = new Date(Date.now() - 3_600_000).toISOString();
    const res = await ok<any>(server.url, CALL, {
      input: { incidentId: c.id, calledAt, summary: '电话回访，信访人表示补偿已到位', outcome: 'REACHED', rating: { stage: 'REPLY', rating: 'SATISFIED', comment: '满意' } },
    }, t.director.token);
    const out = res.recordFollowUpCall;
    expect(out.call).toMatchObject({ outcome: 'REACHED', summary: '电话回访，信访人表示补偿已到位', caller: { id: t.director.memberId } });
    expect(out.rating).toMatchObject({ stage: 'REPLY', rating: 'SATISFIED', channel: 'PHONE', takenBy: { id: t.director.memberId } });
    const view = (await ok<any>(server.url, CASE, { id: c.id }, t.director.token)).incident;
    expect(view.followUpCalls).toEqual([expect.objectContaining({ calledAt: new Date(calledAt).toISOString(), outcome: 'REACHED', caller: { id: t.director.memberId } })]);
    // The stage is rated: the petitioner cannot rate it again online, nor an officer on another call.
    expect((await rate(c, 'REPLY', 'DISSATISFIED')).data.rateReply.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_RATED' })]);
    const second = await gql<any>(server.url, CALL, { input: { incidentId: c.id, summary: '再次回访', outcome: 'REACHED', rating: { stage: 'REPLY', rating: 'DISSATISFIED' } } }, t.director.token);
    expect(second.data.recordFollowUpCall).toMatchObject({ call: null, userErrors: [{ code: 'ALREADY_RATED', field: ['input', 'rating', 'stage'] }] });
    // A failed call changes nothing: still one call.
    expect((await ok<any>(server.url, CASE, { id: c.id }, t.director.token)).incident.followUpCalls).toHaveLength(1);
    // A call without a rating is a record of its own.
    await ok(server.url, CALL, { input: { incidentId: c.id, summary: '无人接听', outcome: 'NOT_REACHED' } }, t.director.token);
    expect((await ok<any>(server.url, CASE, { id: c.id }, t.director.token)).incident.followUpCalls.map((x: any) => x.outcome)).toEqual(['REACHED', 'NOT_REACHED']);
  });

  it('needs FOLLOW_UP_RECORD', async () => {
    const c = await repliedCase(3);
    const res = await gql<any>(server.url, CALL, { input: { incidentId: c.id, summary: 'x', outcome: 'REACHED' } }, t.liaison.token);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('reads ratings and calls of a page of incidents in a fixed number of statements', async () => {
    const LIST = `query($first: Int) { incidents(first: $first) { edges { node { id ratings { stage rating takenBy { id } } followUpCalls { outcome caller { id } } } } } }`;
    const small = await gql<any>(server.url, LIST, { first: 2 }, t.director.token);
    const large = await gql<any>(server.url, LIST, { first: 50 }, t.director.token);
    expect(small.errors).toBeUndefined();
    expect(large.data.incidents.edges.length).toBeGreaterThan(5);
    expect(large.data.incidents.edges.some((e: any) => e.node.ratings.length && e.node.followUpCalls.length)).toBe(true);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });
});
