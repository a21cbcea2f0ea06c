// accountabilityReport over a year of one large tenant: 20,000 incidents with
// 100,000 tasks, 50,000 recorded daily-report occurrences and 20,000 statutory
// clocks across 50 units and 200 members, written behind the API's back (a
// clock helper: the history the sweeper and the services would have left).
// The numbers come out of SQL aggregation exactly as the generation rules
// say, and the statement count does not depend on the page size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { gql } from '../support/fixtures.js';
import { township, type Township } from '../support/accountability.js';

let server: TestServer;
let db: pg.Client;
let t: Township;

const UNITS = 50;
const MEMBERS = 200;
const INCIDENTS = 20_000;
const TASKS_PER_INCIDENT = 5;
const OCCURRENCES = 50_000;

const REPORT = `query($period: AccountabilityPeriodInput!, $first: Int) { accountabilityReport(period: $period) {
  totals { due onTime late missed onTimeRate lateRate missedRate completionRate }
  bySource { source counts { due onTime late missed } }
  units(first: $first) { totalCount edges { node { unit { id } counts { due onTime late missed } } } }
  members(first: $first) { totalCount edges { node { member { id } counts { due onTime late missed } } } } } }`;

async function generate(): Promise<void> {
  const { rows } = await db.query('select id, path from unit where tenant_id = $1 and depth = 0', [t.tenantId]);
  const root = rows[0];
  const member = (await db.query('select id from member where tenant_id = $1 limit 1', [t.tenantId])).rows[0].id;
  await db.query('begin');
  // The history, as the services and the sweeper would have written it (the log is not what is measured here).
  await db.query('set local session_replication_role = replica');
  await db.query(`create temp table su on commit drop as select g, gen_random_uuid() as id from generate_series(0, $1 - 1) g`, [UNITS]);
  await db.query(
    `insert into unit (tenant_id, id, created_at, parent_id, kind, name, path, depth)
     select $1, id, now() - interval '500 days', $2, 'VILLAGE', '规模村' || g, $3 || id || '/', 1 from su`,
    [t.tenantId, root.id, root.path],
  );
  await db.query(`create temp table sm on commit drop as select g, gen_random_uuid() as id, gen_random_uuid() as user_id from generate_series(0, $1 - 1) g`, [MEMBERS]);
  await db.query(`insert into app_user (id, email, display_name) select user_id, 'scale-' || $1 || '-' || g || '@test.local', '成员' || lpad(g::text, 3, '0') from sm`, [t.tenantId]);
  await db.query(`insert into member (tenant_id, id, user_id, unit_id) select $1, sm.id, sm.user_id, su.id from sm join su on su.g = sm.g % $2`, [t.tenantId, UNITS]);
  // Incidents received 20 to 360 days ago: every task, occurrence and clock fell due before now.
  await db.query(
    `create temp table si on commit drop as
     select g, gen_random_uuid() as id, now() - interval '20 days' - (g * interval '340 days' / $1) as received_at from generate_series(0, $1 - 1) g`,
    [INCIDENTS],
  );
  await db.query(
    `insert into incident (tenant_id, id, receipt_number, category, level_reached, headcount, occurred_at, received_at, summary, demands, conduct_flags, topics, unit_id, reported_by_id)
     select $1, si.id, 'SCALE-' || si.g, 'INDIVIDUAL_VISIT', 'OWN', 1, si.received_at, si.received_at, '规模测试', '规模测试', '{}', '{}', su.id, $2
       from si join su on su.g = si.g % $3`,
    [t.tenantId, member, UNITS],
  );
  // Tasks: by (index mod 10) 0-5 done on time, 6-7 done late, 8 open (missed), 9 cancelled before due (not counted).
  await db.query(
    `insert into incident_task (tenant_id, id, incident_id, level_sequence, level_key, duty_key, duty_kind, action, role_key, assignee_id, due_at, evidence_required, status, done_at, cancelled_at)
     select $1, gen_random_uuid(), si.id, 1, 'L', 'd' || k, 'NOTIFY', '规模', 'MEMBER', sm.id, si.received_at + k * interval '1 hour', false,
            case when n % 10 < 8 then 'DONE' when n % 10 = 8 then 'OPEN' else 'CANCELLED' end,
            case when n % 10 < 6 then si.received_at + k * interval '1 hour' - interval '10 minutes'
                 when n % 10 < 8 then si.received_at + k * interval '1 hour' + interval '1 hour' end,
            case when n % 10 = 9 then si.received_at end
       from si cross join generate_series(1, $2) k
       cross join lateral (select si.g * $2 + k - 1 as n) x
       join sm on sm.g = x.n % $3`,
    [t.tenantId, TASKS_PER_INCIDENT, MEMBERS],
  );
  // Daily reports recorded by the sweeper: three of four met.
  await db.query(
    `insert into duty_occurrence (tenant_id, id, source, incident_id, unit_id, member_id, duty_kind, duty_key, occurrence, due_at, fulfilled_at, recorded_at)
     select $1, gen_random_uuid(), 'RECURRING_DUTY', si.id, su.id, sm.id, 'DAILY_REPORT', 'daily', o.g / $2 + 1,
            si.received_at + (o.g / $2 + 1) * interval '1 day', case when o.g % 4 <> 0 then si.received_at + interval '1 hour' end, now()
       from generate_series(0, $3 - 1) o(g)
       join si on si.g = o.g % $2 join su on su.g = si.g % $4 join sm on sm.g = o.g % $5`,
    [t.tenantId, INCIDENTS, OCCURRENCES, UNITS, MEMBERS],
  );
  // Acceptance clocks: by incident mod 3 met on time, met late, missed.
  await db.query(
    `insert into statutory_clock (tenant_id, id, incident_id, kind, party, basis, days, article, state, started_at, due_at, original_due_at, met_at, explanation, fallback_years, history)
     select $1, gen_random_uuid(), si.id, 'ACCEPTANCE', 'INSTITUTION', 'CALENDAR_DAYS', 15, '第二十三条', case when si.g % 3 = 2 then 'MISSED' else 'MET' end,
            si.received_at, si.received_at + interval '15 days', si.received_at + interval '15 days',
            case when si.g % 3 = 0 then si.received_at + interval '3 days' when si.g % 3 = 1 then si.received_at + interval '16 days' end,
            '规模', '[]', '[]'
       from si`,
    [t.tenantId],
  );
  await db.query('commit');
  await db.query('analyze');
}

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  t = await township(server);
  await generate();
}, 300_000);
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('accountabilityReport at the scale of a year of a large tenant', () => {
  it('aggregates 160,000 obligations in the database, exactly as generated, per unit and per member', async () => {
    // One `now`: two calls can straddle a millisecond and make the period one past 400 days.
    const now = Date.now();
    const period = { from: new Date(now - 399 * 86_400_000).toISOString(), to: new Date(now + 86_400_000).toISOString() };
    const res = await gql<any>(server.url, REPORT, { period, first: 100 }, t.director.token);
    expect(res.errors).toBeUndefined();
    const report = res.data.accountabilityReport;
    const tasks = INCIDENTS * TASKS_PER_INCIDENT;
    const clocks = { onTime: Math.ceil(INCIDENTS / 3), late: Math.floor((INCIDENTS + 1) / 3), missed: Math.floor(INCIDENTS / 3) };
    const expected = {
      TASK: { due: tasks * 0.9, onTime: tasks * 0.6, late: tasks * 0.2, missed: tasks * 0.1 },
      RECURRING_DUTY: { due: OCCURRENCES, onTime: OCCURRENCES * 0.75, late: 0, missed: OCCURRENCES * 0.25 },
      ALERT_PERIOD_REPORT: { due: 0, onTime: 0, late: 0, missed: 0 },
      STATUTORY_CLOCK: { due: INCIDENTS, ...clocks },
      CONCERN: { due: 0, onTime: 0, late: 0, missed: 0 },
      SUPERVISION: { due: 0, onTime: 0, late: 0, missed: 0 },
    };
    expect(Object.fromEntries(report.bySource.map((s: any) => [s.source, s.counts]))).toEqual(expected);
    const sum = (k: 'due' | 'onTime' | 'late' | 'missed') => Object.values(expected).reduce((n, c) => n + c[k], 0);
    expect(report.totals).toMatchObject({ due: sum('due'), onTime: sum('onTime'), late: sum('late'), missed: sum('missed') });
    expect(report.totals.due).toBe(160_000);
    expect(report.totals.onTimeRate).toBeCloseTo(sum('onTime') / 160_000, 4);

    expect(report.units.totalCount).toBe(UNITS);
    const unitSum = (k: string) => report.units.edges.reduce((n: number, e: any) => n + e.node.counts[k], 0);
    expect([unitSum('due'), unitSum('onTime'), unitSum('late'), unitSum('missed')]).toEqual([sum('due'), sum('onTime'), sum('late'), sum('missed')]);
    // Members answer for tasks and daily reports (no case owners here): two pages of 100.
    expect(report.members.totalCount).toBe(MEMBERS);
    const MEMBERS_PAGE = `query($period: AccountabilityPeriodInput!, $after: String) { accountabilityReport(period: $period) {
      members(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { member { id } counts { due } } } } } }`;
    const first = (await gql<any>(server.url, MEMBERS_PAGE, { period, after: null }, t.director.token)).data.accountabilityReport.members;
    const second = (await gql<any>(server.url, MEMBERS_PAGE, { period, after: first.pageInfo.endCursor }, t.director.token)).data.accountabilityReport.members;
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const dues = [...first.edges, ...second.edges].map((e: any) => e.node.counts.due);
    expect(new Set([...first.edges, ...second.edges].map((e: any) => e.node.member.id)).size).toBe(MEMBERS);
    expect(dues.reduce((a: number, b: number) => a + b, 0)).toBe(tasks * 0.9 + OCCURRENCES);
    // A member's tasks all share one status (index mod 10): a tenth of them only had tasks cancelled before due.
    expect(dues.filter((d: number) => d === OCCURRENCES / MEMBERS).length).toBe(MEMBERS / 10);
  });

  it('costs the same number of statements for 5 and 100 rows', async () => {
    // One `now`: two calls can straddle a millisecond and make the period one past 400 days.
    const now = Date.now();
    const period = { from: new Date(now - 399 * 86_400_000).toISOString(), to: new Date(now + 86_400_000).toISOString() };
    const small = await gql<any>(server.url, REPORT, { period, first: 5 }, t.director.token);
    const large = await gql<any>(server.url, REPORT, { period, first: 100 }, t.director.token);
    expect(large.data.accountabilityReport.units.edges).toHaveLength(UNITS);
    expect(small.data.accountabilityReport.units.edges).toHaveLength(5);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });
});
