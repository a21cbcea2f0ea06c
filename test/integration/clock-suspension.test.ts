import 'reflect-metadata';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { gql, ok } from '../support/fixtures.js';
import { REPORT_INCIDENT, mutationDoc, raw, reportInput } from '../support/incidents.js';
import { findingsOf, sweep, township, type Township } from '../support/accountability.js';

// Clock suspension (中止计时) with four eyes, like extensions: asked by one member,
// approved by another of leader rank; resuming moves the due time by the
// suspended working days of the tenant's calendar. Fixed times in 2026, whose
// official calendar (seeded at provisioning) has 2026-10-10, a Saturday, as a 调休 working day.
let server: TestServer;
let t: Township;
let db: pg.Client;

const sh = (wall: string) => new Date(`${wall}+08:00`).toISOString();
const SUSPENSION = 'suspension { id state reason basis suspendedFrom resumedAt workingDays dueBefore dueAfter requestedBy { id } decidedBy { id } resumedBy { id } }';
const CLOCK = 'clock { id kind state dueAt history { note dueAt } suspensions { state workingDays } }';
const STATUS = `query($r: String!, $c: String!) { petitionStatus(receiptNumber: $r, accessCode: $c) { deadlines { kind dueAt suspensions { reason basis suspendedFrom resumedAt workingDays } } } }`;

async function act(name: string, inputType: string, input: Record<string, unknown>, token: string) {
  const res = await gql<any>(server.url, mutationDoc(name, inputType, `${SUSPENSION} ${CLOCK}`), { input }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data[name];
}

/** A petition received on Monday 2026-10-05 and accepted on Tuesday 10-06: its reply clock runs 60 days, to Saturday 2026-12-05. */
async function acceptedPetition() {
  const r = (await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(t.village, { occurredAt: sh('2026-10-05T09:00:00'), receivedAt: sh('2026-10-05T10:00:00') }) }, t.director.token)).reportIncident;
  const id = r.incident.id;
  await ok(server.url, mutationDoc('acknowledgeIncident', 'AcknowledgeIncidentInput'), { input: { incidentId: id } }, t.director.token);
  await ok(server.url, mutationDoc('acceptPetition', 'AcceptPetitionInput'), { input: { incidentId: id, decision: 'ACCEPT', decidedAt: sh('2026-10-06T10:00:00') } }, t.director.token);
  const clocks = (await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { clocks { id kind dueAt } } }`, { id }, t.director.token)).incident.clocks;
  const reply = clocks.find((c: any) => c.kind === 'REPLY');
  expect(reply.dueAt).toBe(new Date(`2026-12-05T23:59:59.999+08:00`).toISOString());
  return { id, clockId: reply.id as string, receipt: r.receipt as { receiptNumber: string; accessCode: string } };
}

beforeAll(async () => {
  server = await startTestServer();
  t = await township(server);
  db = await superuserClient(server.databaseUrl);
});
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('clock suspension', () => {
  let a: Awaited<ReturnType<typeof acceptedPetition>>;

  it('is asked by the handler and refused to the requester himself; nothing moves until another leader approves', async () => {
    a = await acceptedPetition();
    const asked = await act('suspendClock', 'SuspendClockInput', { clockId: a.clockId, reason: 'SUPPLEMENTARY_MATERIAL', basis: '通知信访人补充提交土地承包合同', from: sh('2026-10-09T10:00:00') }, t.deputy.token);
    expect(asked.userErrors).toEqual([]);
    expect(asked.suspension).toMatchObject({ state: 'PENDING', reason: 'SUPPLEMENTARY_MATERIAL', requestedBy: { id: t.deputy.memberId }, decidedBy: null });
    const self = await act('approveClockSuspension', 'ApproveClockSuspensionInput', { clockId: a.clockId }, t.deputy.token);
    expect(self.userErrors).toMatchObject([{ code: 'SELF_APPROVAL', field: ['input', 'clockId'] }]);
    const selfReject = await act('rejectClockSuspension', 'RejectClockSuspensionInput', { clockId: a.clockId, reason: '撤回' }, t.deputy.token);
    expect(selfReject.userErrors.map((e: any) => e.code)).toEqual(['SELF_APPROVAL']);
    const notLeader = await act('approveClockSuspension', 'ApproveClockSuspensionInput', { clockId: a.clockId }, t.director.token);
    expect(notLeader.userErrors.map((e: any) => e.code)).toEqual(['NOT_LEADER_RANK']);
    const twice = await act('suspendClock', 'SuspendClockInput', { clockId: a.clockId, reason: 'HEARING', basis: '听证' }, t.director.token);
    expect(twice.userErrors.map((e: any) => e.code)).toEqual(['SUSPENSION_OPEN']);
    const early = await act('resumeClock', 'ResumeClockInput', { clockId: a.clockId }, t.director.token);
    expect(early.userErrors.map((e: any) => e.code)).toEqual(['NOT_SUSPENDED']);
    // The petitioner sees nothing of a request not yet approved.
    const status = (await gql<any>(server.url, STATUS, { r: a.receipt.receiptNumber, c: a.receipt.accessCode })).data.petitionStatus;
    expect(status.deadlines.find((d: any) => d.kind === 'REPLY').suspensions).toEqual([]);
  });

  it('approved by another leader, resumed across a weekend and a 调休 day: the due time moves by the suspended working days', async () => {
    const approved = await act('approveClockSuspension', 'ApproveClockSuspensionInput', { clockId: a.clockId, note: '同意' }, t.leader.token);
    expect(approved.userErrors).toEqual([]);
    expect(approved.suspension).toMatchObject({ state: 'ACTIVE', decidedBy: { id: t.leader.memberId } });
    // Friday 10-09 10:00 to Monday 10-12 16:00: Saturday 10-10 (调休, worked) and Monday count, Sunday does not — 2 working days.
    const resumed = await act('resumeClock', 'ResumeClockInput', { clockId: a.clockId, resumedAt: sh('2026-10-12T16:00:00') }, t.director.token);
    expect(resumed.userErrors).toEqual([]);
    expect(resumed.suspension).toMatchObject({ state: 'RESUMED', workingDays: 2, resumedBy: { id: t.director.memberId } });
    // Due Saturday 12-05; two working days after it skip Sunday 12-06: Monday 12-07, Tuesday 12-08.
    expect(resumed.suspension.dueBefore).toBe(new Date('2026-12-05T23:59:59.999+08:00').toISOString());
    expect(resumed.clock.dueAt).toBe(new Date('2026-12-08T23:59:59.999+08:00').toISOString());
    expect(resumed.clock.suspensions).toEqual([{ state: 'RESUMED', workingDays: 2 }]);
    const notes = resumed.clock.history.map((h: any) => h.note);
    expect(notes.some((n: string) => n.startsWith('suspension requested'))).toBe(true);
    expect(notes.some((n: string) => n.startsWith('suspended from'))).toBe(true);
    expect(notes.at(-1)).toContain('2 working day(s) added');

    // The petitioner's page shows the suspension and the moved deadline.
    const status = (await gql<any>(server.url, STATUS, { r: a.receipt.receiptNumber, c: a.receipt.accessCode })).data.petitionStatus;
    expect(status.deadlines.find((d: any) => d.kind === 'REPLY')).toEqual({
      kind: 'REPLY',
      dueAt: resumed.clock.dueAt,
      suspensions: [{ reason: 'SUPPLEMENTARY_MATERIAL', basis: '通知信访人补充提交土地承包合同', suspendedFrom: sh('2026-10-09T10:00:00'), resumedAt: sh('2026-10-12T16:00:00'), workingDays: 2 }],
    });

    // Every step is in the log, on the incident, with its event.
    const { rows } = await db.query(`select action, event from log_entry where tenant_id = $1 and incident_id = $2 and action like '%suspen%' or (tenant_id = $1 and incident_id = $2 and action = 'incident.resume_clock') order by seq`, [t.tenantId, raw(a.id)]);
    expect(rows.map((r) => [r.action, r.event])).toEqual([
      ['incident.suspend_clock', 'SUSPENSION_REQUESTED'],
      ['incident.approve_clock_suspension', 'CLOCK_SUSPENDED'],
      ['incident.resume_clock', 'CLOCK_RESUMED'],
    ]);
  });

  it('a rejected request leaves the clock running and may be followed by a new one', async () => {
    const b = await acceptedPetition();
    await act('suspendClock', 'SuspendClockInput', { clockId: b.clockId, reason: 'HEARING', basis: '拟组织听证' }, t.director.token);
    const rejected = await act('rejectClockSuspension', 'RejectClockSuspensionInput', { clockId: b.clockId, reason: '无需听证' }, t.deputy.token);
    expect(rejected.userErrors).toEqual([]);
    expect(rejected.suspension).toMatchObject({ state: 'REJECTED' });
    expect(rejected.clock.dueAt).toBe(new Date('2026-12-05T23:59:59.999+08:00').toISOString());
    const again = await act('suspendClock', 'SuspendClockInput', { clockId: b.clockId, reason: 'APPRAISAL', basis: '委托司法鉴定' }, t.director.token);
    expect(again.userErrors).toEqual([]);
  });

  it('a suspension left open past the tenant limit becomes exactly one finding, however often the sweeper runs', async () => {
    const set = await ok<any>(server.url, mutationDoc('updateCalendarSettings', 'UpdateCalendarSettingsInput', 'calendar { suspensionLimitDays }'), { input: { suspensionLimitDays: 10 } }, t.tenant.adminToken);
    expect(set.updateCalendarSettings).toMatchObject({ calendar: { suspensionLimitDays: 10 }, userErrors: [] });
    const c = await acceptedPetition();
    await act('suspendClock', 'SuspendClockInput', { clockId: c.clockId, reason: 'APPRAISAL', basis: '委托房屋安全鉴定', from: sh('2026-10-09T10:00:00') }, t.director.token);
    await act('approveClockSuspension', 'ApproveClockSuspensionInput', { clockId: c.clockId }, t.leader.token);
    const ofC = async () => (await findingsOf(db, t.tenantId, raw(c.id))).filter((f) => f.source === 'CLOCK_SUSPENSION');
    // Within the limit: nothing.
    await sweep(server, t, new Date(sh('2026-10-19T09:00:00')));
    expect(await ofC()).toEqual([]);
    await sweep(server, t, new Date(sh('2026-10-20T09:00:00')));
    await sweep(server, t, new Date(sh('2026-10-21T09:00:00')));
    const found = await ofC();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ outcome: 'MISSED', clock_kind: 'REPLY', clock_id: null, due_at: new Date(sh('2026-10-19T10:00:00')) });
    expect(found[0].action).toContain('中止计时超过 10 日');
    // The suspension already examined (A) was resumed in time: no finding.
    expect((await findingsOf(db, t.tenantId, raw(a.id))).filter((f) => f.source === 'CLOCK_SUSPENSION')).toEqual([]);
  });
  it('a reply served while the clock is suspended ends the suspension there: the days it covered count, no finding follows; one still waiting lapses', async () => {
    const d = await acceptedPetition();
    await act('suspendClock', 'SuspendClockInput', { clockId: d.clockId, reason: 'HEARING', basis: '组织听证', from: sh('2026-10-09T10:00:00') }, t.director.token);
    await act('approveClockSuspension', 'ApproveClockSuspensionInput', { clockId: d.clockId }, t.leader.token);
    const reply = `mutation($input: ReplyToPetitionerInput!) { replyToPetitioner(input: $input) { incident { clocks { kind state dueAt suspensions { state workingDays } } } userErrors { code } } }`;
    const replied = (await ok<any>(server.url, reply, { input: { incidentId: d.id, reply: '经听证核实，答复如下。', repliedAt: sh('2026-10-12T16:00:00') } }, t.director.token)).replyToPetitioner;
    expect(replied.userErrors).toEqual([]);
    const clock = replied.incident.clocks.find((c: any) => c.kind === 'REPLY');
    // Friday 10:00 to Monday 16:00: the 调休 Saturday and Monday, 2 working days added before the reply is judged.
    expect(clock).toMatchObject({ state: 'MET', suspensions: [{ state: 'RESUMED', workingDays: 2 }] });
    expect(clock.dueAt).toBe(new Date('2026-12-08T23:59:59.999+08:00').toISOString());
    await sweep(server, t, new Date(sh('2026-11-30T09:00:00')));
    expect((await findingsOf(db, t.tenantId, raw(d.id))).filter((f) => f.source === 'CLOCK_SUSPENSION')).toEqual([]);

    const e = await acceptedPetition();
    await act('suspendClock', 'SuspendClockInput', { clockId: e.clockId, reason: 'SUPPLEMENTARY_MATERIAL', basis: '补充材料' }, t.director.token);
    const answered = (await ok<any>(server.url, reply, { input: { incidentId: e.id, reply: '材料已齐，答复如下。' } }, t.director.token)).replyToPetitioner;
    expect(answered.incident.clocks.find((c: any) => c.kind === 'REPLY')).toMatchObject({ state: 'MET', suspensions: [{ state: 'LAPSED', workingDays: null }] });
    const late = await act('approveClockSuspension', 'ApproveClockSuspensionInput', { clockId: e.clockId }, t.leader.token);
    expect(late.userErrors.map((x: any) => x.code)).toEqual(['NO_PENDING_SUSPENSION']);
  });
});
