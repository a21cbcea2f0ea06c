// accountabilityFindings, answers and rulings, and accountabilityReport over
// HTTP: filters, scope, permissions, logging, append-only rows, report numbers
// on a known fixture and statement counts that do not grow with the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { addMember, createUnit, gql, ok } from '../support/fixtures.js';
import { raw } from '../support/incidents.js';
import { setTenantScope } from '../../src/platform/db/tenant-scope.js';
import { act, enteredAgo, entriesAfter, findingsOf, logHead, minutes, days, reportAt, sweep, taskOf, township, type M, type Township } from '../support/accountability.js';

let server: TestServer;
let db: pg.Client;
let t: Township;
let villageDirector: M;
let other: Township;

const FINDING_FIELDS = `id source outcome status dutyKind clockKind dutyKey action occurrence levelKey planVersion roleKey dueAt doneAt detectedAt escalateAt createdLogSeq doneLogSeq
  responsibleMember { id displayName } responsibleRole { id key } responsibleUnit { id name }
  incident { id receiptNumber } task { id dutyKey status } clock { id kind } alertPeriod { id }
  answer { id explanation member { id } } ruling { id decision note member { id } }
  escalation { status notifyRoleKey notifyRole { key } recipients { id } note }`;

const FINDINGS = `query($filter: AccountabilityFindingFilter, $first: Int, $after: String) {
  accountabilityFindings(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${FINDING_FIELDS} } } } }`;
const MINE = `query($filter: AccountabilityFindingFilter) { myAccountabilityFindings(filter: $filter, first: 50) { totalCount edges { node { id dutyKey status } } } }`;
const ANSWER = `mutation($input: AnswerAccountabilityFindingInput!) { answerAccountabilityFinding(input: $input) {
  answer { id explanation member { id } } finding { id status } userErrors { code field message } } }`;
const RULE = `mutation($input: RuleOnAccountabilityFindingInput!) { ruleOnAccountabilityFinding(input: $input) {
  ruling { id decision note member { id } } finding { id status } userErrors { code field message } } }`;
const REPORT = `query($period: AccountabilityPeriodInput!, $filter: AccountabilityReportFilter, $first: Int) { accountabilityReport(period: $period, filter: $filter) {
  from to asOf
  totals { due onTime late missed onTimeRate lateRate missedRate completionRate }
  bySource { source counts { due onTime late missed } }
  units(first: $first) { totalCount edges { node { unit { id name } counts { due onTime late missed onTimeRate } } } }
  members(first: $first) { totalCount edges { node { member { id displayName } counts { due onTime late missed completionRate } } } } } }`;

/** A mutation's payload, userErrors included (ok() throws on them). */
async function mutate(doc: string, input: Record<string, unknown>, token: string) {
  const res = await gql<any>(server.url, doc, { input }, token);
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

async function findings(token: string, filter: Record<string, unknown> = {}, first = 100) {
  const data = await ok<any>(server.url, FINDINGS, { filter, first }, token);
  return data.accountabilityFindings;
}
const keysOf = (conn: any) => conn.edges.map((e: any) => `${e.node.source}/${e.node.dutyKey}/${e.node.occurrence ?? ''}`).sort();
const period = () => ({ from: new Date(Date.now() - days(10)).toISOString(), to: new Date(Date.now() + days(30)).toISOString() });

let incidentA: any;
let incidentB: any;

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  t = await township(server);
  // The known fixture (report numbers below):
  // A received three days ago: notify missed (director), receive done late (liaison), two daily reports missed (liaison).
  incidentA = await enteredAgo(db, await reportAt(server, t, days(3)), days(3));
  const receive = taskOf(incidentA, 'receive');
  const done = await act(server, 'completeTask', 'CompleteTaskInput', {
    taskId: receive.id, evidence: [{ kind: 'TALK_RECORD', sha256: 'c'.repeat(64), sizeBytes: 5, storageKey: 'talks/a' }],
  }, t.liaison.token, 'task { id } userErrors { code message }');
  expect(done.userErrors).toEqual([]);
  // B received just now: notify done on time (director); nothing else due yet.
  incidentB = await reportAt(server, t, minutes(1));
  const notifyB = await act(server, 'completeTask', 'CompleteTaskInput', { taskId: taskOf(incidentB, 'notify').id }, t.director.token, 'task { id } userErrors { code message }');
  expect(notifyB.userErrors).toEqual([]);
  const r = await sweep(server, t, new Date());
  expect(r.failures).toEqual([]);
  // Joins after the duties were assigned: sees the village's findings only.
  // A village's own director: its jurisdiction named as the village (the role alone would bring the whole township).
  villageDirector = await addMember(server, t.tenant, ['OFFICE_DIRECTOR'], t.village, [t.village]);
  other = await township(server);
  await enteredAgo(db, await reportAt(server, other, days(2), { category: 'GROUP_VISIT', headcount: 6 }), days(2));
  await sweep(server, other, new Date());
}, 120_000);
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('accountabilityFindings', () => {
  it('lists the findings of the caller\'s subtree with who, what, when and the proof', async () => {
    const all = await findings(t.director.token);
    expect(keysOf(all)).toEqual(['RECURRING_DUTY/daily/1', 'RECURRING_DUTY/daily/2', 'TASK/notify/', 'TASK/receive/']);
    expect(all.totalCount).toBe(4);
    const notify = all.edges.map((e: any) => e.node).find((n: any) => n.dutyKey === 'notify');
    expect(notify).toMatchObject({
      source: 'TASK', outcome: 'MISSED', status: 'OPEN', dutyKind: 'NOTIFY', roleKey: 'OFFICE_DIRECTOR', levelKey: 'TOWNSHIP_SINGLE', planVersion: expect.any(Number),
      doneAt: null, createdLogSeq: expect.any(Number), doneLogSeq: null,
      responsibleMember: { id: t.director.memberId }, responsibleRole: { key: 'OFFICE_DIRECTOR' }, responsibleUnit: { id: t.tenant.rootUnitId },
      incident: { id: incidentA.id }, task: { id: taskOf(incidentA, 'notify').id, dutyKey: 'notify', status: 'OPEN' },
      escalation: { status: 'NOTIFIED', notifyRoleKey: 'DEPUTY_LEADER', notifyRole: { key: 'DEPUTY_LEADER' }, recipients: [{ id: t.deputy.memberId }] },
    });
    const late = all.edges.map((e: any) => e.node).find((n: any) => n.dutyKey === 'receive');
    expect(late).toMatchObject({ outcome: 'LATE', doneAt: expect.any(String), doneLogSeq: expect.any(Number), escalation: null, responsibleMember: { id: t.liaison.memberId } });
    // Another tenant's findings never show.
    expect(JSON.stringify(all)).not.toContain(other.tenantId);
  });

  it('filters by unit subtree, member, role, duty kind, source, outcome and due period', async () => {
    const token = t.director.token;
    expect(keysOf(await findings(token, { unitId: t.village }))).toEqual(['RECURRING_DUTY/daily/1', 'RECURRING_DUTY/daily/2', 'TASK/receive/']);
    expect(keysOf(await findings(token, { memberId: t.director.memberId }))).toEqual(['TASK/notify/']);
    expect(keysOf(await findings(token, { roleId: t.tenant.roles.LIAISON }))).toEqual(['RECURRING_DUTY/daily/1', 'RECURRING_DUTY/daily/2', 'TASK/receive/']);
    expect(keysOf(await findings(token, { dutyKinds: ['DAILY_REPORT'] }))).toEqual(['RECURRING_DUTY/daily/1', 'RECURRING_DUTY/daily/2']);
    expect(keysOf(await findings(token, { sources: ['TASK'] }))).toEqual(['TASK/notify/', 'TASK/receive/']);
    expect(keysOf(await findings(token, { outcomes: ['LATE'] }))).toEqual(['TASK/receive/']);
    const notifyDue = taskOf(incidentA, 'notify').dueAt;
    expect(keysOf(await findings(token, { dueFrom: notifyDue, dueTo: new Date(new Date(notifyDue).getTime() + 1).toISOString() }))).toEqual(['TASK/notify/']);
    expect(keysOf(await findings(token, { incidentId: incidentB.id }))).toEqual([]);
  });

  it('pages latest due first with stable cursors', async () => {
    const first = await findings(t.director.token, {}, 3);
    expect(first.edges).toHaveLength(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await ok<any>(server.url, FINDINGS, { first: 3, after: first.pageInfo.endCursor }, t.director.token);
    expect(rest.accountabilityFindings.edges).toHaveLength(1);
    const dues = [...first.edges, ...rest.accountabilityFindings.edges].map((e: any) => Date.parse(e.node.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => b - a));
  });

  it('a member of a village sees the village\'s findings only; ids outside its view are NOT_FOUND', async () => {
    // A finding on an incident follows the incident visibility rule: the village's case, whoever answered for it (the notify duty of the township's director included).
    expect(keysOf(await findings(villageDirector.token))).toEqual(['RECURRING_DUTY/daily/1', 'RECURRING_DUTY/daily/2', 'TASK/notify/', 'TASK/receive/']);
    const res = await gql<any>(server.url, FINDINGS, { filter: { unitId: t.tenant.rootUnitId } }, villageDirector.token);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const foreign = await gql<any>(server.url, FINDINGS, { filter: { memberId: other.director.memberId } }, t.director.token);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('needs ACCOUNTABILITY_READ; a member without it sees only its own, through myAccountabilityFindings', async () => {
    const res = await gql<any>(server.url, FINDINGS, {}, t.liaison.token);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const mine = await ok<any>(server.url, MINE, {}, t.liaison.token);
    expect(mine.myAccountabilityFindings.edges.map((e: any) => e.node.dutyKey).sort()).toEqual(['daily', 'daily', 'receive']);
    const theirs = await ok<any>(server.url, MINE, {}, t.director.token);
    expect(theirs.myAccountabilityFindings.edges.map((e: any) => e.node.dutyKey)).toEqual(['notify']);
    // node(id) follows the same rule.
    const notifyId = (await findings(t.director.token, { dutyKinds: ['NOTIFY'] })).edges[0].node.id;
    const viaNode = await gql<any>(server.url, `query($id: ID!) { node(id: $id) { id } }`, { id: notifyId }, t.liaison.token);
    expect(viaNode.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const forAuditor = await ok<any>(server.url, `query($id: ID!) { node(id: $id) { ... on AccountabilityFinding { dutyKey } } }`, { id: notifyId }, t.auditor.token);
    expect(forAuditor.node.dutyKey).toBe('notify');
  });
});

describe('answers and rulings', () => {
  let receiveId: string;
  let dailyId: string;
  let notifyId: string;

  beforeAll(async () => {
    const nodes = (await findings(t.director.token)).edges.map((e: any) => e.node);
    receiveId = nodes.find((n: any) => n.dutyKey === 'receive').id;
    dailyId = nodes.find((n: any) => n.dutyKey === 'daily').id;
    notifyId = nodes.find((n: any) => n.dutyKey === 'notify').id;
  });

  it('only the member a finding names answers it, once; the answer is its own row, logged; the finding is unchanged', async () => {
    const row = async () => (await db.query('select * from accountability_finding where id = $1', [raw(receiveId)])).rows[0];
    const before = await row();
    const wrong = await mutate(ANSWER, { findingId: receiveId, explanation: '不是我' }, t.director.token);
    expect(wrong.answerAccountabilityFinding.userErrors.map((e: any) => e.code)).toEqual(['NOT_RESPONSIBLE']);
    const notVisible = await mutate(ANSWER, { findingId: notifyId, explanation: '?' }, t.liaison.token);
    expect(notVisible.answerAccountabilityFinding.userErrors.map((e: any) => e.code)).toEqual(['NOT_FOUND']);

    const head = await logHead(db, t.tenantId);
    const answered = await mutate(ANSWER, { findingId: receiveId, explanation: '当天在外村调解，未能及时接待' }, t.liaison.token);
    expect(answered.answerAccountabilityFinding).toMatchObject({
      userErrors: [], answer: { explanation: '当天在外村调解，未能及时接待', member: { id: t.liaison.memberId } }, finding: { id: receiveId, status: 'ANSWERED' },
    });
    const entries = await entriesAfter(db, t.tenantId, head);
    expect(entries.map((e) => [e.action, e.actor_kind, e.target_type, e.target_id])).toEqual([
      ['accountability.answer', 'USER', 'FindingAnswer', raw(answered.answerAccountabilityFinding.answer.id)],
    ]);
    expect(entries[0].changes.map((c: any) => `${c.type}:${c.op}`)).toEqual(['FindingAnswer:create']);
    const again = await mutate(ANSWER, { findingId: receiveId, explanation: '补充' }, t.liaison.token);
    expect(again.answerAccountabilityFinding.userErrors.map((e: any) => e.code)).toEqual(['ALREADY_ANSWERED']);
    expect(await row()).toEqual(before);
    expect(keysOf(await findings(t.director.token, { statuses: ['ANSWERED'] }))).toEqual(['TASK/receive/']);
  });

  it('a leader rules, once, never on a finding about itself; non-leaders cannot; the ruling is logged', async () => {
    const denied = await gql<any>(server.url, RULE, { input: { findingId: receiveId, decision: 'EXCUSED', note: '说明成立' } }, t.director.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const head = await logHead(db, t.tenantId);
    const ruled = await mutate(RULE, { findingId: receiveId, decision: 'EXCUSED', note: '说明成立，免于追责' }, t.deputy.token);
    expect(ruled.ruleOnAccountabilityFinding).toMatchObject({ userErrors: [], ruling: { decision: 'EXCUSED', member: { id: t.deputy.memberId } }, finding: { status: 'RULED' } });
    const entries = await entriesAfter(db, t.tenantId, head);
    expect(entries.map((e) => [e.action, e.target_type, e.target_id])).toEqual([['accountability.rule', 'FindingRuling', raw(ruled.ruleOnAccountabilityFinding.ruling.id)]]);
    const twice = await mutate(RULE, { findingId: receiveId, decision: 'UPHELD', note: '改判' }, t.leader.token);
    expect(twice.ruleOnAccountabilityFinding.userErrors.map((e: any) => e.code)).toEqual(['ALREADY_RULED']);
    const late = await mutate(ANSWER, { findingId: dailyId, explanation: '漏报' }, t.liaison.token);
    expect(late.answerAccountabilityFinding.userErrors).toEqual([]);
    const upheld = await mutate(RULE, { findingId: dailyId, decision: 'UPHELD', note: '责任成立' }, t.leader.token);
    expect(upheld.ruleOnAccountabilityFinding.userErrors).toEqual([]);
    expect(keysOf(await findings(t.director.token, { statuses: ['RULED'] }))).toEqual(['RECURRING_DUTY/daily/' + (await findings(t.director.token, { statuses: ['RULED'], dutyKinds: ['DAILY_REPORT'] })).edges[0].node.occurrence, 'TASK/receive/']);
    expect((await findings(t.director.token, { statuses: ['OPEN'] })).edges.map((e: any) => e.node.status)).toEqual(['OPEN', 'OPEN']);
  });

  it('nobody rules on a finding about themselves', async () => {
    // In the other tenant the deputy leader missed its own duty (领导包案 of a group visit).
    const own = (await findings(other.deputy.token, { memberId: other.deputy.memberId })).edges.map((e: any) => e.node);
    expect(own.map((n: any) => n.dutyKey)).toContain('own');
    const ownCase = own.find((n: any) => n.dutyKey === 'own');
    const self = await mutate(RULE, { findingId: ownCase.id, decision: 'EXCUSED', note: '自己' }, other.deputy.token);
    expect(self.ruleOnAccountabilityFinding.userErrors.map((e: any) => e.code)).toEqual(['SELF_RULING']);
    const byLeader = await mutate(RULE, { findingId: ownCase.id, decision: 'UPHELD', note: '包案不及时' }, other.leader.token);
    expect(byLeader.ruleOnAccountabilityFinding.userErrors).toEqual([]);
  });

  it('another tenant\'s finding is NOT_FOUND to answer and to rule', async () => {
    const theirs = (await findings(other.director.token)).edges[0].node.id;
    const a = await mutate(ANSWER, { findingId: theirs, explanation: 'x' }, t.director.token);
    expect(a.answerAccountabilityFinding.userErrors.map((e: any) => e.code)).toEqual(['NOT_FOUND']);
    const r = await mutate(RULE, { findingId: theirs, decision: 'UPHELD', note: 'x' }, t.deputy.token);
    expect(r.ruleOnAccountabilityFinding.userErrors.map((e: any) => e.code)).toEqual(['NOT_FOUND']);
  });

  it('findings, answers and rulings are append-only for the application role', async () => {
    const em = server.orm.em.fork();
    for (const sql of [
      'update accountability_finding set outcome = \'LATE\' where id = ?',
      'delete from accountability_finding where id = ?',
      'update finding_answer set explanation = \'x\' where finding_id = ?',
      'delete from finding_ruling where finding_id = ?',
    ]) {
      await expect(em.transactional(async (tx) => {
        await setTenantScope(tx, t.tenantId, null);
        await tx.getConnection().execute(sql, [raw(receiveId)], 'run', tx.getTransactionContext());
      })).rejects.toThrow(/permission denied|append-only/);
    }
  });
});

describe('accountabilityReport', () => {
  it('counts due, on time, late and missed in total, by source, per unit and per member, with rates, on a known fixture', async () => {
    const data = await ok<any>(server.url, REPORT, { period: period(), first: 50 }, t.director.token);
    const report = data.accountabilityReport;
    // A: notify missed (director, root), receive late and two daily reports missed (liaison, village); B: notify on time (director).
    expect(report.totals).toEqual({ due: 5, onTime: 1, late: 1, missed: 3, onTimeRate: 0.2, lateRate: 0.2, missedRate: 0.6, completionRate: 0.4 });
    expect(Object.fromEntries(report.bySource.map((s: any) => [s.source, s.counts]))).toEqual({
      TASK: { due: 3, onTime: 1, late: 1, missed: 1 },
      RECURRING_DUTY: { due: 2, onTime: 0, late: 0, missed: 2 },
      ALERT_PERIOD_REPORT: { due: 0, onTime: 0, late: 0, missed: 0 },
      STATUTORY_CLOCK: { due: 0, onTime: 0, late: 0, missed: 0 },
      CONCERN: { due: 0, onTime: 0, late: 0, missed: 0 },
      SUPERVISION: { due: 0, onTime: 0, late: 0, missed: 0 },
    });
    expect(report.units.totalCount).toBe(2);
    expect(report.units.edges.map((e: any) => [e.node.unit.id, e.node.counts])).toEqual([
      [t.tenant.rootUnitId, { due: 2, onTime: 1, late: 0, missed: 1, onTimeRate: 0.5 }],
      [t.village, { due: 3, onTime: 0, late: 1, missed: 2, onTimeRate: 0 }],
    ]);
    const members = Object.fromEntries(report.members.edges.map((e: any) => [e.node.member.id, e.node.counts]));
    expect(members).toEqual({
      [t.director.memberId]: { due: 2, onTime: 1, late: 0, missed: 1, completionRate: 0.5 },
      [t.liaison.memberId]: { due: 3, onTime: 0, late: 1, missed: 2, completionRate: 0.3333 },
    });
  });

  it('keeps to the caller\'s subtree, a unit filter and the period; needs ACCOUNTABILITY_READ', async () => {
    const village = await ok<any>(server.url, REPORT, { period: period(), first: 50 }, villageDirector.token);
    expect(village.accountabilityReport.totals).toMatchObject({ due: 3, late: 1, missed: 2 });
    const filtered = await ok<any>(server.url, REPORT, { period: period(), filter: { unitId: t.village, sources: ['RECURRING_DUTY'] }, first: 50 }, t.director.token);
    expect(filtered.accountabilityReport.totals).toMatchObject({ due: 2, missed: 2 });
    const past = await ok<any>(server.url, REPORT, { period: { from: new Date(Date.now() - days(40)).toISOString(), to: new Date(Date.now() - days(20)).toISOString() }, first: 50 }, t.director.token);
    expect(past.accountabilityReport.totals.due).toBe(0);
    expect(past.accountabilityReport.totals.onTimeRate).toBeNull();
    const denied = await gql<any>(server.url, REPORT, { period: period() }, t.liaison.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const tooLong = await gql<any>(server.url, REPORT, { period: { from: new Date(0).toISOString(), to: new Date().toISOString() } }, t.director.token);
    expect(tooLong.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });
});
