// The deadline sweeper: one finding and one escalation per miss, idempotent,
// correct after days of downtime, one instance at a time. Time is simulated:
// incidents are received in the past and the sweeper takes `now`.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type pg from 'pg';
import { createOrm } from '../../src/server/database.js';
import { MIN_DB_POOL } from '../../src/platform/config/config.js';
import { setTenantScope } from '../../src/platform/db/tenant-scope.js';
import { appendTenantLog } from '../../src/platform/audit/log-writer.js';
import { ActorKind } from '../../src/platform/audit/log.entity.js';
import { DutyKind } from '../../src/modules/plan/plan.model.js';
import { runDeadlineSweep } from '../../src/modules/accountability/sweeper.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { raw } from '../support/incidents.js';
import { ok } from '../support/fixtures.js';
import {
  act, at, days, enteredAgo, entriesAfter, findingsOf, hours, logHead, minutes, reportAt, sweep, taskOf, township, type Township,
} from '../support/accountability.js';

let server: TestServer;
let db: pg.Client;
let t: Township;

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  t = await township(server);
});
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('a missed one-off duty', () => {
  it('gives exactly one finding and one escalation, logged by the system as an incident event; a second run adds nothing', async () => {
    const incident = await reportAt(server, t, minutes(1));
    const notify = taskOf(incident, 'notify');
    const now = at(notify.dueAt, minutes(1));
    const before = await logHead(db, t.tenantId);

    const first = await sweep(server, t, now);
    expect(first.ran).toBe(true);
    const findings = await findingsOf(db, t.tenantId, raw(incident.id));
    expect(findings.map((f) => [f.source, f.duty_key, f.outcome])).toEqual([['TASK', 'notify', 'MISSED']]);
    const f = findings[0];
    expect(f).toMatchObject({
      task_id: raw(notify.id),
      duty_kind: 'NOTIFY',
      responsible_member_id: raw(t.director.memberId),
      role_key: 'OFFICE_DIRECTOR',
      level_key: 'TOWNSHIP_SINGLE',
      plan_version: expect.any(Number),
      done_at: null,
      escalation_status: 'NOTIFIED',
      notify_role_key: 'DEPUTY_LEADER',
      recipient_ids: [raw(t.deputy.memberId)],
    });
    expect(new Date(f.due_at).toISOString()).toBe(notify.dueAt);
    // The proof: the entry that created the task is the incident's report.
    const { rows: proof } = await db.query('select action, incident_id from log_entry where tenant_id = $1 and seq = $2', [t.tenantId, f.created_log_seq]);
    expect(proof).toEqual([{ action: 'incident.report', incident_id: raw(incident.id) }]);

    const entries = await entriesAfter(db, t.tenantId, before);
    expect(entries.map((e) => [e.action, e.actor_kind, e.actor_user_id, e.event, e.incident_id, e.target_type])).toEqual([
      ['accountability.finding', 'SYSTEM', null, 'TASK_OVERDUE', raw(incident.id), 'AccountabilityFinding'],
    ]);
    expect(entries[0].changes.map((c: any) => `${c.type}:${c.op}`).sort()).toEqual(['AccountabilityFinding:create', 'FindingEscalation:create']);

    const head = await logHead(db, t.tenantId);
    const second = await sweep(server, t, now);
    expect(second).toMatchObject({ ran: true, findings: 0, escalations: 0, occurrences: 0 });
    expect(await findingsOf(db, t.tenantId, raw(incident.id))).toHaveLength(1);
    expect(await logHead(db, t.tenantId)).toBe(head);
  });

  it('done late before the sweeper looked: a LATE finding with the completion\'s log entry, and nobody chased', async () => {
    const incident = await enteredAgo(db, await reportAt(server, t, hours(3)), hours(3));
    const receive = taskOf(incident, 'receive');
    expect(new Date(receive.dueAt).getTime()).toBeLessThan(Date.now());
    const done = await act(server, 'completeTask', 'CompleteTaskInput', {
      taskId: receive.id,
      evidence: [{ kind: 'TALK_RECORD', sha256: 'b'.repeat(64), sizeBytes: 10, storageKey: 'talks/1' }],
    }, t.liaison.token, 'task { id status doneAt } userErrors { code message }');
    expect(done.userErrors).toEqual([]);
    await sweep(server, t, new Date());
    const findings = await findingsOf(db, t.tenantId, raw(incident.id));
    const late = findings.find((f) => f.duty_key === 'receive')!;
    expect(late).toMatchObject({ outcome: 'LATE', responsible_member_id: raw(t.liaison.memberId), escalation_status: null, escalate_at: null });
    expect(new Date(late.done_at).toISOString()).toBe(done.task.doneAt);
    const { rows } = await db.query('select action, target_id from log_entry where tenant_id = $1 and seq = $2', [t.tenantId, late.done_log_seq]);
    expect(rows).toEqual([{ action: 'incident.complete_task', target_id: raw(receive.id) }]);
    // The notify task of the same incident is still open: missed and escalated.
    expect(findings.find((f) => f.duty_key === 'notify')).toMatchObject({ outcome: 'MISSED', escalation_status: 'NOTIFIED' });
  });
});

describe('the daily report (recurring duty)', () => {
  it('after three days down, every missed daily report is found once; the next run adds only the next day', async () => {
    const incident = await reportAt(server, t, minutes(1));
    const daily = taskOf(incident, 'daily');
    const first = new Date(daily.dueAt);
    // Nobody reported; the sweeper was down until two days after the first report fell due.
    const down = at(first, days(2) + hours(1));
    const r1 = await sweep(server, t, down);
    const occurrences = (await findingsOf(db, t.tenantId, raw(incident.id))).filter((f) => f.source === 'RECURRING_DUTY');
    expect(occurrences.map((f) => [f.occurrence_number, new Date(f.due_at).toISOString(), f.outcome])).toEqual([
      [1, first.toISOString(), 'MISSED'],
      [2, at(first, days(1)).toISOString(), 'MISSED'],
      [3, at(first, days(2)).toISOString(), 'MISSED'],
    ]);
    expect(occurrences.every((f) => f.responsible_member_id === raw(t.liaison.memberId) && f.duty_kind === 'DAILY_REPORT')).toBe(true);
    // No escalation rule on this duty: the role above the liaison (MEMBER) is told.
    expect(occurrences.every((f) => f.escalation_status === 'NOTIFIED' && f.notify_role_key === 'MEMBER')).toBe(true);
    expect(occurrences[0].recipient_ids).toEqual([raw(t.member.memberId)]);
    expect(r1.occurrences).toBeGreaterThanOrEqual(3);

    const again = await sweep(server, t, down);
    expect(again).toMatchObject({ findings: 0, occurrences: 0 });
    const later = await sweep(server, t, at(first, days(3) + hours(1)));
    expect(later.findings).toBeGreaterThanOrEqual(1);
    const after = (await findingsOf(db, t.tenantId, raw(incident.id))).filter((f) => f.source === 'RECURRING_DUTY');
    expect(after.map((f) => f.occurrence_number)).toEqual([1, 2, 3, 4]);
    const { rows } = await db.query('select count(*)::int as n from duty_occurrence where tenant_id = $1 and series_task_id = $2', [t.tenantId, raw(daily.id)]);
    expect(rows[0].n).toBe(4);
  });

  it('a daily report filed in its window (无情况报平安 too) meets that day; the days without one are missed', async () => {
    const incident = await reportAt(server, t, minutes(1));
    const daily = taskOf(incident, 'daily');
    const filed = await act(server, 'addIncidentReport', 'AddIncidentReportInput', { incidentId: incident.id, kind: 'DAILY', body: '无情况，报平安', nothingNew: true }, t.liaison.token, 'report { id } userErrors { code message }');
    expect(filed.userErrors).toEqual([]);
    await sweep(server, t, at(daily.dueAt, days(2) + hours(1)));
    const { rows } = await db.query(
      'select occurrence, fulfilled_at is not null as met from duty_occurrence where tenant_id = $1 and series_task_id = $2 order by occurrence',
      [t.tenantId, raw(daily.id)],
    );
    expect(rows).toEqual([{ occurrence: 1, met: true }, { occurrence: 2, met: false }, { occurrence: 3, met: false }]);
    const missed = (await findingsOf(db, t.tenantId, raw(incident.id))).filter((f) => f.source === 'RECURRING_DUTY');
    expect(missed.map((f) => f.occurrence_number)).toEqual([2, 3]);
  });

  it('ends with the all-clear: no occurrence after it', async () => {
    const incident = await reportAt(server, t, minutes(1));
    const daily = taskOf(incident, 'daily');
    await act(server, 'addIncidentReport', 'AddIncidentReportInput', { incidentId: incident.id, kind: 'ALL_CLEAR', body: '已平息' }, t.director.token, 'report { id } userErrors { code message }');
    await sweep(server, t, at(daily.dueAt, days(5)));
    const { rows } = await db.query('select count(*)::int as n from duty_occurrence where tenant_id = $1 and series_task_id = $2', [t.tenantId, raw(daily.id)]);
    expect(rows[0].n).toBe(0);
  });
});

describe('statutory clocks', () => {
  it('warn once when due soon, then become MISSED with a finding, an escalation and CLOCK_MISSED', async () => {
    const incident = await reportAt(server, t, minutes(1));
    const clock = incident.clocks.find((c: any) => c.kind === 'ACCEPTANCE');
    const soon = at(clock.dueAt, -hours(24));
    const before = await logHead(db, t.tenantId);
    await sweep(server, t, soon);
    await sweep(server, t, at(soon, hours(1)));
    const warned = (await entriesAfter(db, t.tenantId, before)).filter((e) => e.event === 'CLOCK_DUE_SOON' && e.incident_id === raw(incident.id));
    expect(warned.map((e) => [e.action, e.target_id])).toEqual([['accountability.clock_due_soon', raw(clock.id)]]);

    const missedAt = at(clock.dueAt, minutes(1));
    const head = await logHead(db, t.tenantId);
    await sweep(server, t, missedAt);
    const { rows: clocks } = await db.query('select state, history from statutory_clock where tenant_id = $1 and id = $2', [t.tenantId, raw(clock.id)]);
    expect(clocks[0].state).toBe('MISSED');
    expect(clocks[0].history.at(-1)).toMatchObject({ state: 'MISSED', note: 'missed (deadline sweeper)' });
    const finding = (await findingsOf(db, t.tenantId, raw(incident.id))).find((f) => f.source === 'STATUTORY_CLOCK')!;
    expect(finding).toMatchObject({ clock_kind: 'ACCEPTANCE', outcome: 'MISSED', responsible_member_id: null, responsible_unit_id: raw(t.village), escalation_status: 'NOTIFIED', notify_role_key: 'DEPUTY_LEADER' });
    const events = (await entriesAfter(db, t.tenantId, head)).filter((e) => e.incident_id === raw(incident.id)).map((e) => e.event);
    expect(events).toContain('CLOCK_MISSED');
    const { rows: version } = await db.query('select count(*)::int as n from log_entry where tenant_id = $1 and event = $2 and incident_id = $3', [t.tenantId, 'CLOCK_MISSED', raw(incident.id)]);
    await sweep(server, t, missedAt);
    const { rows: again } = await db.query('select count(*)::int as n from log_entry where tenant_id = $1 and event = $2 and incident_id = $3', [t.tenantId, 'CLOCK_MISSED', raw(incident.id)]);
    expect(again[0].n).toBe(version[0].n);
  });
});

describe('alert periods', () => {
  it('each unit but the root owes each report of the rule for the whole window: missed ones are found once, filed ones are met', async () => {
    // Starting a day after the declaration, so the first daily report is owed (nothing is owed sooner than one interval after it).
    const start = new Date(Date.now() + days(1) + minutes(1));
    const declared = await act(server, 'declareAlertPeriod', 'DeclareAlertPeriodInput', {
      name: '重大活动期间', startsAt: start.toISOString(), endsAt: at(start, days(4)).toISOString(),
    }, t.deputy.token, 'alertPeriod { id } userErrors { code message }');
    expect(declared.userErrors).toEqual([]);
    const periodId = declared.alertPeriod.id;
    const reportsDue: string[] = (await ok<any>(server.url,
      `query($id: ID!) { alertPeriod(id: $id) { reportsDue(from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z") } }`, { id: periodId }, t.deputy.token)).alertPeriod.reportsDue;
    expect(reportsDue.length).toBeGreaterThanOrEqual(3);
    const filed = await act(server, 'submitAlertPeriodReport', 'SubmitAlertPeriodReportInput', {
      alertPeriodId: periodId, unitId: t.village, dueAt: reportsDue[0], nothingToReport: true,
    }, t.liaison.token, 'report { id } userErrors { code message }');
    expect(filed.userErrors).toEqual([]);

    const now = at(reportsDue[2]!, minutes(1));
    await sweep(server, t, now);
    await sweep(server, t, now);
    const { rows: occurrences } = await db.query(
      `select unit_id, occurrence, due_at, fulfilled_at is not null as met, duty_kind, member_id from duty_occurrence
        where tenant_id = $1 and alert_period_id = $2 order by due_at, unit_id`,
      [t.tenantId, raw(periodId)],
    );
    // The root receives the village's reports and owes none to itself.
    expect(occurrences).toHaveLength(3);
    expect(occurrences.every((o) => o.unit_id === raw(t.village))).toBe(true);
    const met = occurrences.filter((o) => o.met).map((o) => [o.unit_id, new Date(o.due_at).toISOString()]);
    expect(met).toEqual([[raw(t.village), reportsDue[0]]]);
    expect(occurrences.every((o) => o.duty_kind === 'DAILY_REPORT')).toBe(true);
    const findings = (await findingsOf(db, t.tenantId)).filter((f) => f.alert_period_id === raw(periodId));
    const found = findings.map((f) => `${f.responsible_unit_id === raw(t.village) ? 'village' : 'root'} ${f.occurrence_number} ${f.outcome}`).sort();
    expect(found).toEqual(['village 2 MISSED', 'village 3 MISSED']);
    // The village answers through its liaison, and the role above is told.
    const village = findings.find((f) => f.responsible_unit_id === raw(t.village))!;
    expect(village).toMatchObject({ source: 'ALERT_PERIOD_REPORT', responsible_member_id: raw(t.liaison.memberId), role_key: 'LIAISON', escalation_status: 'NOTIFIED', recipient_ids: [raw(t.member.memberId)] });
    const { rows: proof } = await db.query('select action, target_id from log_entry where tenant_id = $1 and seq = $2', [t.tenantId, village.created_log_seq]);
    expect(proof).toEqual([{ action: 'alert_period.declare', target_id: raw(periodId) }]);
  });
});

describe('one sweeper at a time', () => {
  it('a second sweeper (another process\'s connection pool) skips while the first holds the lock', async () => {
    const incident = await reportAt(server, t, minutes(1));
    const now = at(taskOf(incident, 'notify').dueAt, minutes(5));
    // The smallest pool a sweep can run in: with fewer, the one that wins the lock below waits on its own pool.
    const other = await createOrm(server.databaseUrl, 'app', MIN_DB_POOL);
    try {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const first = runDeadlineSweep(server.deps, { now, tenantIds: [t.tenantId], onLocked: async () => { locked(); await held; } });
      await isLocked;
      const second = await runDeadlineSweep({ ...server.deps, orm: other }, { now, tenantIds: [t.tenantId] });
      expect(second).toMatchObject({ ran: false, findings: 0 });
      release();
      expect((await first).ran).toBe(true);
      // Both at once, without holding: the work is done once.
      const [a, b] = await Promise.all([
        runDeadlineSweep(server.deps, { now: at(now, hours(3)), tenantIds: [t.tenantId] }),
        runDeadlineSweep({ ...server.deps, orm: other }, { now: at(now, hours(3)), tenantIds: [t.tenantId] }),
      ]);
      expect(a.failures.concat(b.failures)).toEqual([]);
      const findings = await findingsOf(db, t.tenantId, raw(incident.id));
      const keys = findings.map((f) => `${f.source}/${f.duty_key}/${f.occurrence_number ?? ''}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).toEqual(expect.arrayContaining(['TASK/notify/', 'TASK/receive/']));
    } finally {
      await other.close(true);
    }
  });
});

describe('the background job', () => {
  it('runs in the API process on its interval (SWEEPER_ENABLED, SWEEPER_INTERVAL_MS) and stops with it', async () => {
    const incident = await enteredAgo(db, await reportAt(server, t, hours(3)), hours(3));
    const api = await startTestServer({ databaseUrl: server.databaseUrl, backgroundJobs: true, env: { SWEEPER_INTERVAL_MS: '100' } });
    try {
      await vi.waitFor(async () => {
        const found = await findingsOf(db, t.tenantId, raw(incident.id));
        expect(found.map((f) => f.duty_key).sort()).toEqual(['notify', 'receive']);
      }, { timeout: 30_000, interval: 200 });
    } finally {
      await api.stop();
    }
  });
});

describe('idempotence by construction', () => {
  it('is refused twice by the database itself: unique keys on task, occurrence and clock', async () => {
    const { rows } = await db.query(
      `select distinct on (source) id, source from accountability_finding where tenant_id = $1 and source in ('TASK', 'RECURRING_DUTY', 'STATUTORY_CLOCK') order by source, id`,
      [t.tenantId],
    );
    expect(rows.map((r) => r.source).sort()).toEqual(['RECURRING_DUTY', 'STATUTORY_CLOCK', 'TASK']);
    for (const r of rows) {
      // A copy of an existing finding under a new id, as the application role would write it.
      const em = server.orm.em.fork();
      await expect(em.transactional(async (tx) => {
        await setTenantScope(tx, t.tenantId, null);
        await tx.getConnection().execute(
          `insert into accountability_finding select (f).* from (select jsonb_populate_record(f, jsonb_build_object('id', gen_random_uuid())) as f from accountability_finding f where id = ?) x`,
          [r.id], 'run', tx.getTransactionContext(),
        );
      })).rejects.toThrow(/duplicate key value violates unique constraint/);
    }
  });
});

describe('working alongside the people on the cases', () => {
  it('waits for an incident a member holds instead of deadlocking: incident first, then the log, like every mutation', async () => {
    // One-off duties only: the first writes that meet the held incident are task findings, after others were logged.
    const t2 = await township(server, [{
      key: 'ALL', name: '全部', severity: 1, trigger: { combine: 'ALL', conditions: [] },
      duties: [
        { key: 'notify', kind: DutyKind.NOTIFY, roleKey: 'OFFICE_DIRECTOR', action: '30分钟内报告', due: { amount: 30, unit: 'MINUTES' }, evidenceRequired: false },
        { key: 'receive', kind: DutyKind.RECEIVE_AND_EXPLAIN, roleKey: 'LIAISON', action: '接待', due: { amount: 2, unit: 'HOURS' }, evidenceRequired: false },
      ],
    }]);
    const earlier = await reportAt(server, t2, days(2));
    const held = await reportAt(server, t2, days(1));
    const heldClock = held.clocks.find((c: any) => c.kind === 'ACCEPTANCE');
    const now = at(heldClock.dueAt, minutes(1));
    let sweeping: Promise<Awaited<ReturnType<typeof sweep>>> | null = null;
    // A member's operation: locks the incident, then (while the sweeper waits) writes its log entry and commits.
    await server.orm.em.fork().transactional(async (tx) => {
      await setTenantScope(tx, t2.tenantId, null);
      await tx.getConnection().execute('select id from incident where tenant_id = ? and id = ? for update', [t2.tenantId, raw(held.id)], 'all', tx.getTransactionContext());
      sweeping = sweep(server, t2, now);
      await vi.waitFor(async () => {
        const { rows } = await db.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        expect(rows[0].n).toBeGreaterThan(0);
      }, { timeout: 20_000, interval: 50 });
      await appendTenantLog(tx, { tenantId: t2.tenantId, actorKind: ActorKind.SYSTEM, action: 'test.member_operation', incidentId: raw(held.id) });
    });
    const result = await sweeping!;
    expect(result.failures).toEqual([]);
    const tasks = await findingsOf(db, t2.tenantId);
    expect(tasks.filter((f) => f.source === 'TASK').map((f) => f.incident_id).sort()).toEqual([raw(earlier.id), raw(earlier.id), raw(held.id), raw(held.id)].sort());
    const clocks = await db.query(`select incident_id, state from statutory_clock where tenant_id = $1 and kind = 'ACCEPTANCE' order by incident_id`, [t2.tenantId]);
    expect(clocks.rows.map((r) => r.state)).toEqual(['MISSED', 'MISSED']);
    expect(new Set(clocks.rows.map((r) => r.incident_id))).toEqual(new Set([raw(earlier.id), raw(held.id)]));
  });
});
