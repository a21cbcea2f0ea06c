import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { publish } from '../support/plans.js';

let server: TestServer;
let tenant: TenantFixture;
let south: string;
let north: string;
let deputy: Awaited<ReturnType<typeof addMember>>;
let office: Awaited<ReturnType<typeof addMember>>;
let southLiaison: Awaited<ReturnType<typeof addMember>>;

const DECLARE = `mutation($input: DeclareAlertPeriodInput!) { declareAlertPeriod(input: $input) {
  alertPeriod { id name active startsAt endsAt unit { name } declaredBy { id }
    reportingRule { perUnit zeroReportsRequired dueLocalTime phases { from every { amount unit } } } }
  userErrors { code field message } } }`;

async function declare(token: string, input: Record<string, unknown>) {
  const res = await gql<any>(server.url, DECLARE, { input }, token);
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data.declareAlertPeriod;
}

const hours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWN');
  south = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '南村', 'VILLAGE');
  north = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '北村', 'VILLAGE');
  deputy = await addMember(server, tenant, ['DEPUTY_LEADER']);
  office = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  southLiaison = await addMember(server, tenant, ['LIAISON'], south);
});
afterAll(async () => {
  await server?.stop();
});

describe('alert periods', () => {
  it('are declared by leaders only', async () => {
    const denied = await gql(server.url, DECLARE, { input: { name: 'x', startsAt: hours(0), endsAt: hours(1) } }, office.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A custom role with the permission but no leader rank.
    const role = await ok<any>(server.url, `mutation { createRole(input: { name: "值班员", permissions: [ALERT_PERIOD_MANAGE, PLAN_READ] }) { role { id } userErrors { code } } }`, {}, tenant.adminToken);
    tenant.roles['值班员'] = role.createRole.role.id;
    const clerk = await addMember(server, tenant, ['值班员']);
    const out = await declare(clerk.token, { name: 'x', startsAt: hours(0), endsAt: hours(1) });
    expect(out.userErrors).toEqual([expect.objectContaining({ code: 'LEADER_REQUIRED' })]);
  });

  it('keep a weekly-then-daily reporting rule and say when reports fall due', async () => {
    const out = await declare(deputy.token, {
      name: '重大会议期间', startsAt: '2030-09-01T00:00:00+08:00', endsAt: '2030-10-01T00:00:00+08:00',
      reportingRule: { phases: [{ from: '2030-09-01T00:00:00+08:00', every: { amount: 7, unit: 'DAYS' } }, { from: '2030-09-20T00:00:00+08:00', every: { amount: 1, unit: 'DAYS' } }], dueLocalTime: '17:00', description: '各村有情况报情况，无情况报平安' },
    });
    expect(out.userErrors).toEqual([]);
    expect(out.alertPeriod).toMatchObject({ active: false, unit: { name: expect.any(String) }, declaredBy: { id: deputy.memberId }, reportingRule: { perUnit: true, zeroReportsRequired: true, dueLocalTime: '17:00' } });
    const due = await ok<any>(server.url, `query($id: ID!) { alertPeriod(id: $id) { reportsDue(from: "2030-08-01T00:00:00Z", to: "2030-09-23T00:00:00Z") } }`, { id: out.alertPeriod.id }, southLiaison.token);
    expect(due.alertPeriod.reportsDue).toEqual([
      '2030-09-01T09:00:00.000Z', '2030-09-08T09:00:00.000Z', '2030-09-15T09:00:00.000Z',
      '2030-09-20T09:00:00.000Z', '2030-09-21T09:00:00.000Z', '2030-09-22T09:00:00.000Z',
    ]);
  });

  it('refuse windows and rules that cannot hold', async () => {
    const cases: [Record<string, unknown>, [string, string][]][] = [
      [{ startsAt: hours(2), endsAt: hours(1) }, [['INVALID_PERIOD', 'input.endsAt']]],
      [{ startsAt: hours(-5), endsAt: hours(-1) }, [['INVALID_PERIOD', 'input.endsAt']]],
      [{ startsAt: hours(1), endsAt: hours(48), reportingRule: { phases: [{ from: hours(49), every: { amount: 1, unit: 'DAYS' } }] } }, [['INVALID_REPORTING_RULE', 'input.reportingRule.phases.0.from']]],
      [{ startsAt: hours(1), endsAt: hours(48), reportingRule: { phases: [{ from: hours(1), every: { amount: 0, unit: 'DAYS' } }] } }, [['INVALID_REPORTING_RULE', 'input.reportingRule.phases.0.every']]],
    ];
    for (const [input, expected] of cases) {
      const out = await declare(deputy.token, { name: '测试', ...input });
      expect(out.userErrors.map((e: any) => [e.code, e.field.join('.')]), JSON.stringify(input)).toEqual(expected);
    }
  });

  it('switch triggers on for the units they cover, and end early', async () => {
    const leader = await addMember(server, tenant, ['GROUP_LEADER']);
    const draft = (await ok<any>(server.url, `{ plans { edges { node { id } } } }`, {}, leader.token)).plans.edges[0].node;
    expect((await publish(server, leader.token, draft.id)).userErrors).toEqual([]);
    const preview = async (token: string, unitId?: string) =>
      (await ok<any>(server.url, `query($u: ID) { previewResponseLevel(unitId: $u, facts: { category: INDIVIDUAL_VISIT }) { level { key } alertPeriodActive explanation { description matched } } }`, { u: unitId ?? null }, token)).previewResponseLevel;
    expect(await preview(southLiaison.token)).toMatchObject({ level: { key: 'ROUTINE' }, alertPeriodActive: false });

    const northPeriod = await declare(deputy.token, { name: '北村整治期间', unitId: north, startsAt: hours(-1), endsAt: hours(24) });
    expect(northPeriod.userErrors).toEqual([]);
    expect(await preview(southLiaison.token)).toMatchObject({ alertPeriodActive: false });
    expect(await preview(deputy.token, north)).toMatchObject({ level: { key: 'SENSITIVE_PERIOD' }, alertPeriodActive: true, explanation: [{ description: '处于重大活动（敏感）期间 / an alert period is on', matched: true }] });

    const townPeriod = await declare(deputy.token, { name: '重大活动期间', startsAt: hours(-1), endsAt: hours(24) });
    expect(townPeriod.alertPeriod.active).toBe(true);
    expect(await preview(southLiaison.token)).toMatchObject({ level: { key: 'SENSITIVE_PERIOD' }, alertPeriodActive: true });

    // The south liaison sees the town's period, not the north village's.
    const seen = await ok<any>(server.url, `query($at: DateTime) { alertPeriods(activeAt: $at) { edges { node { name } } } }`, { at: hours(0) }, southLiaison.token);
    expect(seen.alertPeriods.edges.map((e: any) => e.node.name)).toEqual(['重大活动期间']);
    const hidden = await gql(server.url, `query($id: ID!) { alertPeriod(id: $id) { name } }`, { id: northPeriod.alertPeriod.id }, southLiaison.token);
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const END = `mutation($input: EndAlertPeriodInput!) { endAlertPeriod(input: $input) { alertPeriod { active cancelledAt cancelReason cancelledBy { id } } userErrors { code } } }`;
    const ended = await ok<any>(server.url, END, { input: { alertPeriodId: townPeriod.alertPeriod.id, reason: '活动结束' } }, deputy.token);
    expect(ended.endAlertPeriod.alertPeriod).toMatchObject({ active: false, cancelReason: '活动结束', cancelledBy: { id: deputy.memberId } });
    expect(await preview(southLiaison.token)).toMatchObject({ level: { key: 'ROUTINE' }, alertPeriodActive: false });
    const again = await gql<any>(server.url, END, { input: { alertPeriodId: townPeriod.alertPeriod.id } }, deputy.token);
    expect(again.data.endAlertPeriod.userErrors).toEqual([{ code: 'PERIOD_OVER' }]);
  });

  it('lists periods in a fixed number of statements, whatever the page size', async () => {
    for (let i = 0; i < 12; i++) await declare(deputy.token, { name: `期间${i}`, unitId: i % 2 ? south : tenant.rootUnitId, startsAt: hours(100 + i), endsAt: hours(200 + i) });
    const q = `query($n: Int) { alertPeriods(first: $n) { totalCount edges { node { id name active unit { name } declaredBy { displayName } cancelledBy { displayName } reportingRule { phases { every { amount } } } } } } }`;
    const small = await gql<any>(server.url, q, { n: 2 }, deputy.token);
    const large = await gql<any>(server.url, q, { n: 14 }, deputy.token);
    expect(large.data.alertPeriods.edges).toHaveLength(14);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });

  it('take each unit\'s report or zero report per due time, and show who has not reported', async () => {
    const period = (await declare(deputy.token, { name: '汛期', startsAt: hours(-50), endsAt: hours(100), reportingRule: { dueLocalTime: '17:00' } })).alertPeriod;
    const dues = (await ok<any>(server.url, `query($id: ID!, $f: DateTime!, $t: DateTime!) { alertPeriod(id: $id) { reportsDue(from: $f, to: $t) } }`, { id: period.id, f: hours(-50), t: hours(100) }, deputy.token)).alertPeriod.reportsDue;
    expect(dues.length).toBeGreaterThanOrEqual(5);
    const dueAt = dues[0];
    const SUBMIT = `mutation($input: SubmitAlertPeriodReportInput!) { submitAlertPeriodReport(input: $input) { report { id dueAt nothingToReport content late unit { name } submittedBy { id } } userErrors { code field } } }`;
    const submit = async (token: string, input: Record<string, unknown>) => (await gql<any>(server.url, SUBMIT, { input: { alertPeriodId: period.id, dueAt, ...input } }, token)).data.submitAlertPeriodReport;

    const zero = await submit(southLiaison.token, { nothingToReport: true });
    expect(zero).toEqual({ report: { id: expect.any(String), dueAt, nothingToReport: true, content: null, late: true, unit: { name: '南村' }, submittedBy: { id: southLiaison.memberId } }, userErrors: [] });
    // The town (root unit) receives its units' reports and owes none to itself.
    expect((await submit(deputy.token, { nothingToReport: true, unitId: tenant.rootUnitId })).userErrors).toEqual([{ code: 'UNIT_NOT_COVERED', field: ['input', 'unitId'] }]);
    const situation = await submit(deputy.token, { nothingToReport: false, unitId: north, content: '北村接待来访2起，均已答复。' });
    expect(situation.report.unit).toEqual({ name: '北村' });
    expect(situation.userErrors).toEqual([]);
    expect((await submit(southLiaison.token, { nothingToReport: true })).userErrors).toEqual([{ code: 'REPORT_ALREADY_FILED', field: ['input', 'dueAt'] }]);
    expect((await submit(southLiaison.token, { nothingToReport: true, dueAt: hours(1) })).userErrors).toEqual([{ code: 'NOT_A_DUE_TIME', field: ['input', 'dueAt'] }]);
    expect((await submit(deputy.token, { nothingToReport: false, unitId: north })).userErrors).toEqual([{ code: 'REPORT_CONTENT_REQUIRED', field: ['input', 'content'] }]);
    expect((await submit(southLiaison.token, { nothingToReport: true, unitId: north })).userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'unitId'] }]);
    // A zero report corrected: a new report supersedes it with a reason, logged; the original cannot be corrected twice.
    const CORRECT = `mutation($input: CorrectAlertPeriodReportInput!) { correctAlertPeriodReport(input: $input) { report { id dueAt nothingToReport content supersedesId correctionReason late } userErrors { code field } } }`;
    const correct = async (token: string, input: Record<string, unknown>) => (await gql<any>(server.url, CORRECT, { input }, token)).data.correctAlertPeriodReport;
    const fixed = await correct(southLiaison.token, { reportId: zero.report.id, nothingToReport: false, content: '南村有2人来访，已接待。', reason: '漏报来访情况' });
    expect(fixed).toEqual({ report: { id: expect.any(String), dueAt, nothingToReport: false, content: '南村有2人来访，已接待。', supersedesId: zero.report.id, correctionReason: '漏报来访情况', late: true }, userErrors: [] });
    expect((await correct(southLiaison.token, { reportId: zero.report.id, nothingToReport: true, reason: '再次更正' })).userErrors).toEqual([{ code: 'REPORT_SUPERSEDED', field: ['input', 'reportId'] }]);
    expect((await correct(southLiaison.token, { reportId: situation.report.id, nothingToReport: true, reason: '不是本村的' })).userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'reportId'] }]);
    const northOnly = (await declare(deputy.token, { name: '北村汛期', unitId: north, startsAt: hours(-50), endsAt: hours(100), reportingRule: { dueLocalTime: '17:00' } })).alertPeriod;
    const notCovered = await gql<any>(server.url, SUBMIT, { input: { alertPeriodId: northOnly.id, dueAt, nothingToReport: true, unitId: south } }, deputy.token);
    expect(notCovered.data.submitAlertPeriodReport.userErrors).toEqual([{ code: 'UNIT_NOT_COVERED', field: ['input', 'unitId'] }]);

    const STATUS = `query($id: ID!, $due: DateTime!, $n: Int) { alertPeriod(id: $id) { reportStatus(dueAt: $due, first: $n) { totalCount edges { node { dueAt unit { name } report { nothingToReport submittedBy { displayName } } } } } } }`;
    const status = (await ok<any>(server.url, STATUS, { id: period.id, due: dueAt, n: 50 }, deputy.token)).alertPeriod.reportStatus;
    const byName = Object.fromEntries(status.edges.map((e: any) => [e.node.unit.name, e.node.report?.nothingToReport ?? 'missing']));
    // The south's current report is its correction.
    expect(byName).toEqual({ '南村': false, '北村': false });
    // The south liaison sees its own unit only.
    const own = (await ok<any>(server.url, STATUS, { id: period.id, due: dueAt, n: 50 }, southLiaison.token)).alertPeriod.reportStatus;
    expect(own.edges.map((e: any) => e.node.unit.name)).toEqual(['南村']);

    // A fixed number of statements, whatever the page size.
    for (let i = 0; i < 10; i++) await createUnit(server, tenant.adminToken, south, `南村${i}组`, 'OTHER');
    const small = await gql<any>(server.url, STATUS, { id: period.id, due: dueAt, n: 2 }, deputy.token);
    const large = await gql<any>(server.url, STATUS, { id: period.id, due: dueAt, n: 12 }, deputy.token);
    expect(large.data.alertPeriod.reportStatus.edges).toHaveLength(12);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });
  it('follow a member\'s jurisdiction, not only its seat: the office sees a village\'s period, files and reads its report', async () => {
    const bureau = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '维稳办', 'OFFICE');
    const clerk = await addMember(server, tenant, ['OFFICE_DIRECTOR'], bureau);
    // A member's usual jurisdiction is its seat (an office director's is the whole town).
    const seatOnly = await addMember(server, tenant, ['MEMBER'], bureau);
    const SET = `mutation($input: SetJurisdictionInput!) { setJurisdiction(input: $input) { userErrors { code } } }`;
    expect((await ok<any>(server.url, SET, { input: { memberId: clerk.memberId, unitIds: [south, north], reason: '包村' } }, tenant.adminToken)).setJurisdiction.userErrors).toEqual([]);
    const villagePeriod = (await declare(deputy.token, { name: '南村秋收', unitId: south, startsAt: hours(-50), endsAt: hours(100), reportingRule: { dueLocalTime: '17:00' } })).alertPeriod;
    const GET = `query($id: ID!) { node(id: $id) { ... on AlertPeriod { id name } ... on AlertPeriodReport { id unit { name } } } }`;
    expect((await ok<any>(server.url, GET, { id: villagePeriod.id }, clerk.token)).node).toEqual({ id: villagePeriod.id, name: '南村秋收' });
    expect((await gql<any>(server.url, GET, { id: villagePeriod.id }, seatOnly.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const dueAt = (await ok<any>(server.url, `query($id: ID!, $f: DateTime!, $t: DateTime!) { alertPeriod(id: $id) { reportsDue(from: $f, to: $t) } }`, { id: villagePeriod.id, f: hours(-50), t: hours(100) }, clerk.token)).alertPeriod.reportsDue[0];
    const SUBMIT = `mutation($input: SubmitAlertPeriodReportInput!) { submitAlertPeriodReport(input: $input) { report { id unit { name } } userErrors { code field } } }`;
    const filed = (await ok<any>(server.url, SUBMIT, { input: { alertPeriodId: villagePeriod.id, dueAt, unitId: south, nothingToReport: true } }, clerk.token)).submitAlertPeriodReport;
    expect(filed).toEqual({ report: { id: expect.any(String), unit: { name: '南村' } }, userErrors: [] });
    expect((await ok<any>(server.url, GET, { id: filed.report.id }, clerk.token)).node).toEqual({ id: filed.report.id, unit: { name: '南村' } });
    // Seated in the same office without the villages: neither the period nor its report exists for it.
    expect((await gql<any>(server.url, GET, { id: filed.report.id }, seatOnly.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const refused = await gql<any>(server.url, SUBMIT, { input: { alertPeriodId: villagePeriod.id, dueAt, unitId: south, nothingToReport: true } }, seatOnly.token);
    expect(refused.data.submitAlertPeriodReport.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'alertPeriodId'] }]);
  });
});
