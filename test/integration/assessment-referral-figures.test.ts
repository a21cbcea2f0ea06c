// The referral figures of assessmentFigures (按时签收率, 退回重办率) against a
// hand-computed table of assignments written behind the API's back: seven
// received (on time, late, missed, not yet due, signed before the period,
// returned once, returned twice with one return before the period) and two
// sent out, plus a transfer that no figure counts. The expected numbers
// below were counted by hand from the table.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { createUnit, gql } from '../support/fixtures.js';
import { raw } from '../support/incidents.js';
import { township, type Township } from '../support/accountability.js';

let server: TestServer;
let db: pg.Client;
let t: Township;
let unitB: string;

const L = '土地征收';
const W = '劳资纠纷';
const SUBMIT = 'referral.submit_closing_report';
const RETURN = 'referral.return_closing_report';
const ACCEPT = 'referral.accept_closing_report';
const d = (s: string) => `2026-${s}+08:00`;
const PERIOD = { from: d('09-01T00:00:00'), to: d('11-01T00:00:00') };

interface Assignment {
  side: 'RECEIVED' | 'SENT';
  unit: 'A' | 'B';
  topics: string[];
  /** The incident on this tenant's side was received at (outside the period unless said). */
  received?: string;
  signInDue: string | 'future';
  signed: string | null;
  /** Steps on the closing reports, in order. */
  reports: [typeof SUBMIT | typeof RETURN | typeof ACCEPT, string][];
}

const A: Assignment[] = [
  /* R1 on time (Sep), one report accepted */
  { side: 'RECEIVED', unit: 'A', topics: [L], signInDue: d('09-11T10:00:00'), signed: d('09-10T15:00:00'), reports: [[SUBMIT, d('09-20T10:00:00')], [ACCEPT, d('09-21T10:00:00')]] },
  /* R2 late (counted in Sep, when due), returned once then accepted */
  { side: 'RECEIVED', unit: 'A', topics: [W], signInDue: d('09-11T10:00:00'), signed: d('09-12T10:00:00'),
    reports: [[SUBMIT, d('09-20T10:00:00')], [RETURN, d('09-21T10:00:00')], [SUBMIT, d('09-25T10:00:00')], [ACCEPT, d('09-26T10:00:00')]] },
  /* R3 never signed, fell due in Oct: a miss; its incident was received in the period */
  { side: 'RECEIVED', unit: 'B', topics: [L], received: d('09-03T10:00:00'), signInDue: d('10-05T10:00:00'), signed: null, reports: [] },
  /* R4 not signed, not yet due: not counted */
  { side: 'RECEIVED', unit: 'B', topics: [], signInDue: 'future', signed: null, reports: [] },
  /* R5 on time (Sep); returned twice, the first submission (Aug) before the period, the third pending */
  { side: 'RECEIVED', unit: 'A', topics: [L], signInDue: d('08-25T10:00:00'), signed: d('08-24T10:00:00'), reports: [] },
  /* R6 signed on Aug 31, due Sep 2: signed before the period, not counted */
  { side: 'RECEIVED', unit: 'B', topics: [W], signInDue: d('09-02T10:00:00'), signed: d('08-31T10:00:00'), reports: [] },
  /* R7 on time, just after midnight on Oct 1st in Shanghai: October */
  { side: 'RECEIVED', unit: 'A', topics: [W], signInDue: d('10-01T00:30:00'), signed: d('10-01T00:10:00'), reports: [] },
  /* S1 sent: signed on time, returned once then accepted */
  { side: 'SENT', unit: 'A', topics: [L], signInDue: d('09-06T10:00:00'), signed: d('09-05T10:00:00'),
    reports: [[SUBMIT, d('09-20T10:00:00')], [RETURN, d('09-22T10:00:00')], [SUBMIT, d('09-28T10:00:00')], [ACCEPT, d('09-29T10:00:00')]] },
  /* S2 sent: signed late */
  { side: 'SENT', unit: 'B', topics: [W], signInDue: d('09-08T10:00:00'), signed: d('09-09T10:00:00'), reports: [] },
];
// R5: signed in August (outside the period), but its reports fall in October.
A[4] = { ...A[4]!, signInDue: d('09-16T10:00:00'), signed: d('09-15T10:00:00'),
  reports: [[SUBMIT, d('08-30T10:00:00')], [RETURN, d('08-31T10:00:00')], [SUBMIT, d('10-10T10:00:00')], [RETURN, d('10-12T10:00:00')], [SUBMIT, d('10-20T10:00:00')]] };

const FIG = 'numerator denominator rate';
const FIGURES = `fragment F on AssessmentFigureSet { incidents onTimeSignIn { ${FIG} } sentBackForRework { ${FIG} }
  assignedOnTimeSignIn { ${FIG} } assignedSentBackForRework { ${FIG} } }`;
const QUERY = `query($period: AssessmentPeriodInput!, $groupBy: AssessmentGroupBy!) { assessmentFigures(period: $period, groupBy: $groupBy) {
  totals { ...F } groups { key label figures { ...F } } } } ${FIGURES}`;

const f = (numerator: number, denominator: number) => ({ numerator, denominator, rate: denominator ? numerator / denominator : null });
const set = (incidents: number, si: [number, number], rw: [number, number], asi: [number, number], arw: [number, number]) => ({
  incidents, onTimeSignIn: f(...si), sentBackForRework: f(...rw), assignedOnTimeSignIn: f(...asi), assignedSentBackForRework: f(...arw),
});

async function insert(a: Assignment, units: Record<'A' | 'B', string>, member: string): Promise<void> {
  const { rows } = await db.query(
    `insert into incident (tenant_id, id, receipt_number, category, level_reached, headcount, occurred_at, received_at, summary, demands, conduct_flags, topics, unit_id, reported_by_id, decision, status)
     values ($1, gen_random_uuid(), 'REF-' || gen_random_uuid(), 'INDIVIDUAL_VISIT', 'OWN', 1, $2, $2, '交办', '交办', '{}', $3, $4, $5, 'ACCEPTED', 'HANDLING') returning id`,
    [t.tenantId, new Date(a.received ?? d('08-15T10:00:00')), a.topics, units[a.unit], member],
  );
  const mine = rows[0].id;
  const history = [{ at: new Date(d('08-20T10:00:00')).toISOString(), step: 'ASSIGNED', tenantId: t.tenantId, note: null },
    ...a.reports.map(([step, at]) => ({ at: new Date(at).toISOString(), step, tenantId: t.tenantId, note: null }))];
  const returns = a.reports.filter(([s]) => s === RETURN).length;
  const due = a.signInDue === 'future' ? new Date(Date.now() + 5 * 86_400_000) : new Date(a.signInDue);
  const [sender, receiver, senderIncident, receiverIncident] = a.side === 'RECEIVED'
    ? ['gen_random_uuid()', '$1', 'gen_random_uuid()', '$2'] : ['$1', 'gen_random_uuid()', '$2', 'gen_random_uuid()'];
  await db.query(
    `insert into referral (tenant_id, id, receiver_tenant_id, kind, stage, sender_incident_id, receiver_incident_id, sender_name, receiver_name, sender_receipt_number, sign_in_due_at, signed_at, returns, history)
     values (${sender}, gen_random_uuid(), ${receiver}, 'ASSIGNMENT', 'IN_PROGRESS', ${senderIncident}, ${receiverIncident}, '上级', '下级', 'X-1', $3, $4, $5, $6)`,
    [t.tenantId, mine, due, a.signed ? new Date(a.signed) : null, returns, JSON.stringify(history)],
  );
  // A transfer on the same incident: no figure counts it.
  await db.query(
    `insert into referral (tenant_id, id, receiver_tenant_id, kind, stage, sender_incident_id, receiver_incident_id, sender_name, receiver_name, sender_receipt_number, history)
     values (gen_random_uuid(), gen_random_uuid(), $1, 'TRANSFER', 'TRANSFERRED', gen_random_uuid(), $2, '上级', '下级', 'X-2', '[]')`,
    [t.tenantId, mine],
  );
}

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  t = await township(server);
  unitB = await createUnit(server, t.tenant.adminToken, t.tenant.rootUnitId, '西村', 'VILLAGE');
  const member = (await db.query('select id from member where tenant_id = $1 limit 1', [t.tenantId])).rows[0].id;
  await db.query('begin');
  await db.query('set local session_replication_role = replica');
  for (const a of A) await insert(a, { A: raw(t.village), B: raw(unitB) }, member);
  await db.query('commit');
}, 120_000);
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

const figuresBy = async (groupBy: string, period = PERIOD) => {
  const res = await gql<any>(server.url, QUERY, { period, groupBy }, t.director.token);
  expect(res.errors).toBeUndefined();
  return { ...res.data.assessmentFigures, statements: res.extensions?.sqlStatements };
};
const group = (groups: any[], key: string) => groups.find((g) => g.key === key)?.figures;

describe('assessmentFigures: referral figures', () => {
  it('totals, as counted by hand', async () => {
    const { totals } = await figuresBy('UNIT');
    // Received sign-ins R1 R2 R3 R5 R7 (R4 not due, R6 before the period), 3 on time;
    // reports R1 (1), R2 (2, one returned), R5 (Oct 10 returned, Oct 20 pending); sent S1 S2, S1's two reports.
    expect(totals).toEqual(set(1, [3, 5], [2, 5], [1, 2], [1, 2]));
  });

  it('per unit: the unit of the incident on this tenant\'s side, also for a unit with events but no incident received', async () => {
    const { groups } = await figuresBy('UNIT');
    expect(groups.map((g: any) => g.label)).toEqual(['东村', '西村']);
    expect(groups[0].figures).toEqual(set(0, [3, 4], [2, 5], [1, 1], [1, 2]));
    expect(groups[1].figures).toEqual(set(1, [0, 1], [0, 0], [0, 1], [0, 0]));
  });

  it('per matter type and per month (the month of the event in Shanghai)', async () => {
    const types = await figuresBy('MATTER_TYPE');
    expect(group(types.groups, L)).toEqual(set(1, [2, 3], [1, 3], [1, 1], [1, 2]));
    expect(group(types.groups, W)).toEqual(set(0, [1, 2], [1, 2], [0, 1], [0, 0]));
    expect(types.groups).toHaveLength(2);
    const months = await figuresBy('MONTH');
    expect(months.groups.map((g: any) => g.key)).toEqual(['2026-09', '2026-10']);
    expect(months.groups[0].figures).toEqual(set(1, [2, 3], [1, 3], [1, 2], [1, 2]));
    expect(months.groups[1].figures).toEqual(set(0, [1, 2], [1, 2], [0, 0], [0, 0]));
  });

  it('adds no statement: the referral events are part of the one figures statement', async () => {
    const empty = await figuresBy('MONTH', { from: d('01-01T00:00:00'), to: d('02-01T00:00:00') });
    expect(empty.groups).toEqual([]);
    expect(empty.totals).toEqual(set(0, [0, 0], [0, 0], [0, 0], [0, 0]));
    const months = await figuresBy('MONTH');
    expect(months.statements).toBe(empty.statements);
  });
});
