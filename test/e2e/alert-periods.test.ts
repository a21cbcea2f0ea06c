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
});
