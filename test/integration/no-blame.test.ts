// No blame before anyone could act: a back-entered incident's duties run from
// its entry (its statutory clocks still from receipt, and a short clock says
// so), a hand-over gives the new holder the duty's time, and an alert period
// declared with a past start owes nothing before one interval after its
// declaration. Time is simulated: the sweeper takes `now`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { REPORT_INCIDENT, raw, reportInput } from '../support/incidents.js';
import { createUnit, ok } from '../support/fixtures.js';
import { act, at, days, findingsOf, hours, minutes, sweep, taskOf, township, type Township } from '../support/accountability.js';

let server: TestServer;
let db: pg.Client;
let t: Township;

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  t = await township(server);
});
/** Moves a task's times back (time passing, simulated behind the API's back: the log guard is off for this statement only). */
async function shiftBack(taskId: string, minutesBack: number) {
  await db.query('begin');
  await db.query('set local session_replication_role = replica');
  await db.query(`update incident_task set assigned_at = assigned_at - make_interval(mins => $2), due_at = due_at - make_interval(mins => $2) where id = $1`, [taskId, minutesBack]);
  await db.query('commit');
}

afterAll(async () => {
  await db?.end();
  await server?.stop();
});

async function backEntered(agoMs: number) {
  const receivedAt = new Date(Date.now() - agoMs);
  const enteredAt = new Date();
  const data = await ok<any>(server.url, REPORT_INCIDENT, {
    input: reportInput(t.village, { receivedAt: receivedAt.toISOString(), occurredAt: new Date(receivedAt.getTime() - 60_000).toISOString() }),
  }, t.director.token);
  const out = data.reportIncident;
  expect(out.userErrors).toEqual([]);
  return { incident: out.incident as { id: string; tasks: any[]; clocks: any[] }, warnings: out.warnings as { code: string; message: string }[], receivedAt, enteredAt };
}

describe('a back-entered incident', () => {
  it('has its duties due from its entry, and no finding against anyone before entry plus the duty\'s time', async () => {
    const { incident, warnings, receivedAt, enteredAt } = await backEntered(days(7));
    const notify = taskOf(incident, 'notify');
    const receive = taskOf(incident, 'receive');
    expect(new Date(notify.dueAt).getTime()).toBeGreaterThanOrEqual(enteredAt.getTime() + minutes(30));
    expect(new Date(receive.dueAt).getTime()).toBeGreaterThanOrEqual(enteredAt.getTime() + hours(2));

    // The statutory clock still counts from receipt (the law's), and the entry says it is short.
    const acceptance = incident.clocks.find((c) => c.kind === 'ACCEPTANCE')!;
    expect(new Date(acceptance.dueAt).getTime()).toBeLessThan(enteredAt.getTime() + days(9));
    expect(new Date(acceptance.dueAt).getTime()).toBeGreaterThan(receivedAt.getTime() + days(14));
    const short = warnings.filter((w) => w.code === 'STATUTORY_CLOCK_SHORT');
    expect(short).toHaveLength(1);
    expect(short[0]!.message).toContain('ACCEPTANCE');

    // A minute after entry nothing is owed by anyone: the week before the entry is nobody's fault.
    await sweep(server, t, at(enteredAt, minutes(1)));
    expect(await findingsOf(db, t.tenantId, raw(incident.id))).toEqual([]);
    // Once the duty's own time has run out from entry, the holder answers for it.
    await sweep(server, t, at(notify.dueAt, minutes(1)));
    const findings = await findingsOf(db, t.tenantId, raw(incident.id));
    expect(findings.map((f) => [f.duty_key, f.outcome, f.responsible_member_id])).toEqual([['notify', 'MISSED', raw(t.director.memberId)]]);
    expect(new Date(findings[0].due_at).toISOString()).toBe(notify.dueAt);
  });

  it('entered after a statutory clock ran out says it is past due', async () => {
    const { incident, warnings } = await backEntered(days(30));
    expect(warnings.map((w) => w.code)).toContain('STATUTORY_CLOCK_PAST_DUE');
    expect(warnings.map((w) => w.code)).not.toContain('STATUTORY_CLOCK_SHORT');
    // Its tasks are still not due before the entry plus their time.
    await sweep(server, t, new Date(Date.now() + minutes(1)));
    expect((await findingsOf(db, t.tenantId, raw(incident.id))).filter((f) => f.source === 'TASK')).toEqual([]);
  });

  it('entered the same day gives no clock warning', async () => {
    const { warnings } = await backEntered(0);
    expect(warnings.map((w) => w.code)).not.toContain('STATUTORY_CLOCK_SHORT');
    expect(warnings.map((w) => w.code)).not.toContain('STATUTORY_CLOCK_PAST_DUE');
  });
});

describe('a hand-over', () => {
  const REASSIGN = 'task { id dueAt assignee { id } }';

  it('gives the new holder the duty\'s time from the hand-over', async () => {
    const { incident } = await backEntered(minutes(1));
    const notify = taskOf(incident, 'notify');
    // Twenty minutes before the end of the director's thirty (simulated by moving the task's times back).
    await shiftBack(raw(notify.id), 20);
    const handedAt = Date.now();
    const out = await act(server, 'reassignTask', 'ReassignTaskInput', { taskId: notify.id, memberId: t.member.memberId, reason: '主任下乡，由成员报告' }, t.director.token, REASSIGN);
    expect(out.userErrors).toEqual([]);
    expect(new Date(out.task.dueAt).getTime()).toBeGreaterThanOrEqual(handedAt + minutes(30));
    // The old due time passes under the new holder: nothing is found against anyone.
    await sweep(server, t, new Date(handedAt + minutes(15)));
    expect(await findingsOf(db, t.tenantId, raw(incident.id))).toEqual([]);
    await sweep(server, t, at(out.task.dueAt, minutes(1)));
    const findings = await findingsOf(db, t.tenantId, raw(incident.id));
    expect(findings.map((f) => [f.duty_key, f.responsible_member_id])).toEqual([['notify', raw(t.member.memberId)]]);
  });

  it('after a due time passed: the finding names who held it then, at that time', async () => {
    const { incident } = await backEntered(minutes(1));
    const notify = taskOf(incident, 'notify');
    await shiftBack(raw(notify.id), 40);
    const { rows: [{ due_at: lapsed }] } = await db.query('select due_at from incident_task where id = $1', [raw(notify.id)]);
    const handedAt = Date.now();
    const out = await act(server, 'reassignTask', 'ReassignTaskInput', { taskId: notify.id, memberId: t.member.memberId, reason: '主任未报，改由成员' }, t.director.token, REASSIGN);
    expect(out.userErrors).toEqual([]);
    expect(new Date(out.task.dueAt).getTime()).toBeGreaterThanOrEqual(handedAt + minutes(30));
    // The sweeper runs only after the hand-over: the miss is still the director's.
    await sweep(server, t, new Date(handedAt + minutes(1)));
    const findings = await findingsOf(db, t.tenantId, raw(incident.id));
    expect(findings.map((f) => [f.duty_key, f.outcome, f.responsible_member_id, f.role_key])).toEqual([['notify', 'MISSED', raw(t.director.memberId), 'OFFICE_DIRECTOR']]);
    expect(new Date(findings[0].due_at).toISOString()).toBe(new Date(lapsed).toISOString());
  });
});

describe('an alert period declared with a past start', () => {
  const reportsDueOf = async (periodId: string) => (await ok<any>(server.url,
    `query($id: ID!) { alertPeriod(id: $id) { reportsDue(from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z") } }`, { id: periodId }, t.deputy.token)).alertPeriod.reportsDue as string[];

  it('owes no report before one interval after its declaration, and a unit created during it none before one interval after its creation', async () => {
    const declaredAt = Date.now();
    const declared = await act(server, 'declareAlertPeriod', 'DeclareAlertPeriodInput', {
      name: '防汛期间', startsAt: new Date(declaredAt - days(3)).toISOString(), endsAt: new Date(declaredAt + days(5)).toISOString(),
    }, t.deputy.token, 'alertPeriod { id } userErrors { code message }');
    expect(declared.userErrors).toEqual([]);
    const periodId = declared.alertPeriod.id;
    const late = await createUnit(server, t.tenant.adminToken, t.tenant.rootUnitId, '新设村', 'VILLAGE');
    const createdAt = Date.now();
    const dues = (await reportsDueOf(periodId)).map((d) => new Date(d).getTime());
    const past = dues.filter((d) => d < declaredAt);
    expect(past.length).toBeGreaterThanOrEqual(2);

    // Right after declaring: the due times before it (and within a day after it) are nobody's miss.
    await sweep(server, t, new Date(Date.now() + minutes(1)));
    const early = (await findingsOf(db, t.tenantId)).filter((f) => f.alert_period_id === raw(periodId));
    expect(early).toEqual([]);

    // Three days on: only due times at least a day after the declaration (the village) or the creation (the new village) are owed.
    await sweep(server, t, new Date(declaredAt + days(3)));
    const findings = (await findingsOf(db, t.tenantId)).filter((f) => f.alert_period_id === raw(periodId));
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      const due = new Date(f.due_at).getTime();
      expect(due).toBeGreaterThanOrEqual(declaredAt + days(1));
      if (f.responsible_unit_id === raw(late)) expect(due).toBeGreaterThanOrEqual(createdAt + days(1) - 1000);
      expect(f.responsible_unit_id).not.toBe(raw(t.tenant.rootUnitId));
    }
    const units = new Set(findings.map((f) => f.responsible_unit_id));
    expect(units).toEqual(new Set([raw(t.village), raw(late)]));
  });
});
