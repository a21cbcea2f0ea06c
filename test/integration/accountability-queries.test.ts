// Statement counts of the accountability lists do not grow with the page size:
// findings with every field (people, roles, units, incidents, tasks, answers,
// rulings, escalations), the caller's own findings, and the report's rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok } from '../support/fixtures.js';
import { days, enteredAgo, reportAt, sweep, township, type M, type Township } from '../support/accountability.js';
import { superuserClient } from '../support/db.js';
import type pg from 'pg';

let server: TestServer;
let db: pg.Client;
let t: Township;
const liaisons: M[] = [];

const FINDINGS = `query($first: Int) { accountabilityFindings(first: $first) { totalCount edges { node {
  id source outcome status dutyKind dutyKey action occurrence dueAt doneAt createdLogSeq
  responsibleMember { id displayName } responsibleRole { id key } responsibleUnit { id name }
  incident { id receiptNumber unit { id } } task { id status assignee { id } } clock { id } alertPeriod { id }
  answer { id member { id } } ruling { id decision member { id } }
  escalation { status notifyRole { key } recipients { id displayName } } } } } }`;
const MINE = `query($first: Int) { myAccountabilityFindings(first: $first) { edges { node { id status answer { id } escalation { recipients { id } } incident { id } } } } }`;
const REPORT = `query($first: Int, $period: AccountabilityPeriodInput!) { accountabilityReport(period: $period) {
  totals { due missed } bySource { source counts { due } }
  units(first: $first) { totalCount edges { node { unit { id name } counts { due onTime late missed onTimeRate } } } }
  members(first: $first) { totalCount edges { node { member { id displayName } counts { due missed completionRate } } } } } }`;

async function statements(query: string, variables: Record<string, unknown>, token: string): Promise<{ n: number; data: any }> {
  const res = await gql<any>(server.url, query, variables, token);
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return { n: res.extensions?.sqlStatements as number, data: res.data };
}

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  t = await township(server);
  // Three more villages, each with its liaison, each with incidents three days old: every duty missed.
  const villages = [t.village];
  for (const name of ['西村', '南村', '北村']) villages.push(await createUnit(server, t.tenant.adminToken, t.tenant.rootUnitId, name, 'VILLAGE'));
  for (const v of villages.slice(1)) liaisons.push(await addMember(server, t.tenant, ['LIAISON'], v));
  for (const v of villages) {
    for (let i = 0; i < 3; i++) await enteredAgo(db, await reportAt(server, { ...t, village: v }, days(3)), days(3));
  }
  await sweep(server, t, new Date());
  // Some answered, some ruled.
  const mine = await ok<any>(server.url, MINE, { first: 3 }, t.liaison.token);
  for (const e of mine.myAccountabilityFindings.edges) {
    await ok(server.url, `mutation($input: AnswerAccountabilityFindingInput!) { answerAccountabilityFinding(input: $input) { answer { id } userErrors { code } } }`, { input: { findingId: e.node.id, explanation: '已说明' } }, t.liaison.token);
    await ok(server.url, `mutation($input: RuleOnAccountabilityFindingInput!) { ruleOnAccountabilityFinding(input: $input) { ruling { id } userErrors { code } } }`, { input: { findingId: e.node.id, decision: 'UPHELD', note: '维持' } }, t.deputy.token);
  }
}, 180_000);
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('statement counts', () => {
  it('accountabilityFindings: the same number of statements for 26 and 48 findings with every field', async () => {
    // Latest due first: 12 second and 12 first daily reports, then the tasks; both pages hold every kind.
    const small = await statements(FINDINGS, { first: 26 }, t.director.token);
    const large = await statements(FINDINGS, { first: 48 }, t.director.token);
    expect(large.data.accountabilityFindings.edges.length).toBe(48);
    expect(small.data.accountabilityFindings.edges.some((e: any) => e.node.task)).toBe(true);
    const nodes = large.data.accountabilityFindings.edges.map((e: any) => e.node);
    expect(nodes.some((n: any) => n.answer && n.ruling)).toBe(true);
    expect(nodes.every((n: any) => n.responsibleUnit && n.incident && n.escalation)).toBe(true);
    expect(new Set(nodes.map((n: any) => n.responsibleMember?.id)).size).toBeGreaterThanOrEqual(4);
    expect(large.n).toBeGreaterThan(0);
    expect(large.n).toBe(small.n);
  });

  it('myAccountabilityFindings: the same number for 1 and 10', async () => {
    const small = await statements(MINE, { first: 1 }, t.liaison.token);
    const large = await statements(MINE, { first: 10 }, t.liaison.token);
    expect(large.data.myAccountabilityFindings.edges.length).toBeGreaterThan(5);
    expect(large.n).toBe(small.n);
  });

  it('accountabilityReport: the same number for 1 and 50 rows of units and members', async () => {
    const period = { from: new Date(Date.now() - days(30)).toISOString(), to: new Date(Date.now() + days(1)).toISOString() };
    const small = await statements(REPORT, { first: 1, period }, t.director.token);
    const large = await statements(REPORT, { first: 50, period }, t.director.token);
    expect(large.data.accountabilityReport.units.edges.length).toBe(5);
    expect(large.data.accountabilityReport.members.edges.length).toBe(5);
    expect(small.data.accountabilityReport.units.edges.length).toBe(1);
    expect(large.n).toBe(small.n);
  });
});
