// The sweep's agenda: one cross-tenant statement names the tenants with
// anything due and the steps due in each; the sweep visits only those. Each
// kind of due thing alone puts its tenant on the agenda (with that step only)
// and is found in one sweep; a tenant with nothing due is not visited; one
// tenant's backlog is bounded per sweep and does not hold up another's finding.
// (Every sweep of the accountability tests also proves, in test/support, that
// no step left anything behind for a tenant the agenda did not name.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { recordStatements } from '../../src/platform/db/sql-counter.js';
import { sweepAgenda } from '../../src/modules/accountability/sweep-agenda.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { raw, TEST_LEVELS } from '../support/incidents.js';
import { act, at, days, findingsOf, hours, minutes, reportAt, sweep, taskOf, township, type Township } from '../support/accountability.js';

let server: TestServer;
let db: pg.Client;

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
});
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

/** A statement behind the API's back, with the log guard off (time passing). */
async function behindTheBack(sql: string | string[], params: unknown[] = []): Promise<void> {
  await db.query('begin');
  try {
    await db.query('set local session_replication_role = replica');
    for (const q of Array.isArray(sql) ? sql : [sql]) await db.query(q, q.includes('$1') ? params : []);
    await db.query('commit');
  } catch (e) {
    await db.query('rollback');
    throw e;
  }
}

const NO_SOON = 1;
const stepsOf = async (t: Township, now: Date, dueSoonMs = NO_SOON) =>
  (await sweepAgenda(server.deps, now, dueSoonMs, [t.tenantId]))[0]?.steps ?? [];

describe('the agenda names each kind of due thing alone, and the sweep finds it', () => {
  it('a one-off task past due', async () => {
    const t = await township(server);
    const incident = await reportAt(server, t, minutes(1));
    const notify = taskOf(incident, 'notify');
    expect(await stepsOf(t, at(notify.dueAt, -minutes(1)))).toEqual([]);
    const now = at(notify.dueAt, minutes(1));
    expect(await stepsOf(t, now)).toEqual(['tasks']);
    const r = await sweep(server, t, now, { dueSoonMs: NO_SOON });
    expect(r).toMatchObject({ tenants: 1, deferred: [] });
    expect((await findingsOf(db, t.tenantId, raw(incident.id))).map((f) => [f.source, f.duty_key])).toEqual([['TASK', 'notify']]);
    // Found: off the agenda until something else falls due.
    expect(await stepsOf(t, now)).toEqual([]);
  });

  it('a statutory clock past due, and one due soon', async () => {
    const t = await township(server);
    const incident = await reportAt(server, t, minutes(1));
    const clock = incident.clocks.find((c: any) => c.kind === 'ACCEPTANCE');
    const now = new Date();
    await behindTheBack('update statutory_clock set due_at = $2 where id = $1', [raw(clock.id), at(now, hours(1))]);
    expect(await stepsOf(t, now, hours(2))).toEqual(['clocks-due-soon']);
    const soon = await sweep(server, t, now, { dueSoonMs: hours(2) });
    expect(soon.dueSoon).toBe(1);
    await behindTheBack('update statutory_clock set due_at = $2 where id = $1', [raw(clock.id), at(now, -minutes(1))]);
    expect(await stepsOf(t, now)).toEqual(['missed-clocks']);
    await sweep(server, t, now, { dueSoonMs: NO_SOON });
    expect((await findingsOf(db, t.tenantId, raw(incident.id))).map((f) => [f.source, f.clock_kind])).toEqual([['STATUTORY_CLOCK', 'ACCEPTANCE']]);
    expect(await stepsOf(t, now)).toEqual([]);
  });

  it('a daily report (recurring duty) fallen due', async () => {
    const t = await township(server);
    const incident = await reportAt(server, t, minutes(1));
    const daily = incident.tasks.find((x: any) => x.dutyKind === 'DAILY_REPORT');
    expect(daily).toBeTruthy();
    const now = new Date();
    // Every other duty far ahead; the daily report's first occurrence just passed.
    await behindTheBack(`update incident_task set due_at = now() + interval '30 days', assigned_at = null where incident_id = $1 and id <> $2`, [raw(incident.id), raw(daily.id)]);
    await behindTheBack(`update statutory_clock set due_at = now() + interval '30 days' where incident_id = $1`, [raw(incident.id)]);
    await behindTheBack('update incident_task set due_at = $2 where id = $1', [raw(daily.id), at(now, -minutes(1))]);
    expect(await stepsOf(t, now)).toEqual(['recurring']);
    const r = await sweep(server, t, now, { dueSoonMs: NO_SOON });
    expect(r.occurrences).toBe(1);
    expect((await findingsOf(db, t.tenantId, raw(incident.id))).map((f) => f.source)).toEqual(['RECURRING_DUTY']);
    expect(await stepsOf(t, now)).toEqual([]);
  });

  it('an escalation whose extra time (after) has come', async () => {
    const levels = structuredClone(TEST_LEVELS);
    levels[0]!.duties[0]!.escalation = { notifyRoleKey: 'DEPUTY_LEADER', after: { amount: 1, unit: 'HOURS' } };
    const t = await township(server, levels);
    const incident = await reportAt(server, t, minutes(1));
    const notify = taskOf(incident, 'notify');
    await sweep(server, t, at(notify.dueAt, minutes(1)), { dueSoonMs: NO_SOON });
    expect((await findingsOf(db, t.tenantId, raw(incident.id))).map((f) => [f.duty_key, f.escalation_status])).toEqual([['notify', null]]);
    expect(await stepsOf(t, at(notify.dueAt, minutes(59)))).toEqual([]);
    const now = at(notify.dueAt, hours(1) + minutes(1));
    expect(await stepsOf(t, now)).toEqual(['delayed-escalations']);
    await sweep(server, t, now, { dueSoonMs: NO_SOON });
    expect((await findingsOf(db, t.tenantId, raw(incident.id))).map((f) => [f.duty_key, f.escalation_status])).toEqual([['notify', 'NOTIFIED']]);
    expect(await stepsOf(t, now)).toEqual([]);
  });

  it('a concern past its date', async () => {
    const t = await township(server);
    const recorded = await act(server, 'recordConcern', 'RecordConcernInput', {
      unitId: t.village, issue: '某工地拖欠务工人员工资', affectedCount: 12, plannedResolution: '约谈施工企业', resolveBy: at(new Date(), hours(72)).toISOString(),
    }, t.director.token, 'concern { id } userErrors { code message }');
    expect(recorded.userErrors).toEqual([]);
    const now = at(new Date(), days(4));
    expect(await stepsOf(t, now)).toEqual(['concerns']);
    await sweep(server, t, now, { dueSoonMs: NO_SOON });
    expect((await findingsOf(db, t.tenantId)).map((f) => f.source)).toEqual(['CONCERN']);
    expect(await stepsOf(t, now)).toEqual([]);
  });

  it('an alert period with a report due', async () => {
    const t = await township(server);
    const start = new Date(Date.now() + days(1) + minutes(1));
    const declared = await act(server, 'declareAlertPeriod', 'DeclareAlertPeriodInput', {
      name: '重大活动期间', startsAt: start.toISOString(), endsAt: at(start, days(2)).toISOString(),
    }, t.deputy.token, 'alertPeriod { id } userErrors { code message }');
    expect(declared.userErrors).toEqual([]);
    expect(await stepsOf(t, at(start, -minutes(2)))).toEqual([]);
    const now = at(start, days(1) + minutes(5));
    expect(await stepsOf(t, now)).toEqual(['alert-periods']);
    await sweep(server, t, now, { dueSoonMs: NO_SOON });
    expect((await findingsOf(db, t.tenantId)).map((f) => f.source)).toContain('ALERT_PERIOD_REPORT');
  });
});

describe('visits', () => {
  it('a tenant with nothing due is not visited: the sweep is the lock and the agenda, no tenant transaction', async () => {
    const t = await township(server);
    const incident = await reportAt(server, t, minutes(1));
    const now = at(taskOf(incident, 'notify').dueAt, -minutes(1));
    let result: Awaited<ReturnType<typeof sweep>> | undefined;
    const statements = await recordStatements(async () => {
      result = await sweep(server, null, now, { dueSoonMs: NO_SOON, tenantIds: [t.tenantId] });
    });
    expect(result).toMatchObject({ ran: true, tenants: 0, findings: 0 });
    // The check in test/support runs every step directly afterwards: only the sweep's own statements come first.
    const own = statements.slice(0, statements.findIndex((s) => s.includes('pg_advisory_unlock')) + 1);
    expect(own.filter((s) => s.includes('app.tenant_id'))).toEqual([]);
    expect(own.filter((s) => s.includes('with due as'))).toHaveLength(1);
  });

  it('one tenant\'s backlog (hundreds of overdue tasks) is bounded per sweep and does not hold up another tenant\'s finding', async () => {
    const big = await township(server);
    const small = await township(server);
    const incident = await reportAt(server, big, minutes(1));
    const notify = taskOf(incident, 'notify');
    // 300 more overdue one-off tasks on the big tenant's incident.
    await behindTheBack([
      `create temp table more_tasks on commit drop as select t.*, g from incident_task t, generate_series(1, 300) g where t.id = $1`,
      `update more_tasks set id = gen_random_uuid(), duty_key = duty_key || '-' || g`,
      `alter table more_tasks drop column g`,
      `insert into incident_task select * from more_tasks`,
    ], [raw(notify.id)]);
    const other = await reportAt(server, small, minutes(1));
    const now = at(new Date(Math.max(Date.parse(notify.dueAt), Date.parse(taskOf(other, 'notify').dueAt))), minutes(1));
    const first = await sweep(server, null, now, { dueSoonMs: NO_SOON, tenantIds: [big.tenantId, small.tenantId], batchSize: 50, maxBatchesPerTenant: 2 });
    expect(first.deferred).toEqual([big.tenantId]);
    expect((await findingsOf(db, big.tenantId)).length).toBe(100);
    expect((await findingsOf(db, small.tenantId, raw(other.id))).map((f) => f.duty_key)).toContain('notify');
    // The rest over the next sweeps, 100 at a time.
    const options = { dueSoonMs: NO_SOON, tenantIds: [big.tenantId, small.tenantId], batchSize: 50, maxBatchesPerTenant: 2 };
    await sweep(server, null, now, options);
    await sweep(server, null, now, options);
    const last = await sweep(server, null, now, options);
    expect(last.deferred).toEqual([]);
    expect((await findingsOf(db, big.tenantId)).length).toBe(301);
  });
});
