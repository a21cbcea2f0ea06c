import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, mutationDoc, publishPlan, reportInput } from '../support/incidents.js';

// Art. 34 with four eyes: the handler asks, another leader-rank member decides.
let server: TestServer;
let tenant: TenantFixture;
type M = { memberId: string; token: string };
let leader: M, deputy: M, otherDeputy: M, director: M;
let incidentId: string;
let receipt: { receiptNumber: string; accessCode: string };

const CLOCK = 'clock { kind state dueAt originalDueAt extensionDays extensionReason extensionApprovedBy { id } extensionRequest { state days reason rejectionReason requestedBy { id } decidedBy { id } } }';
const STATUS = `query($r: String!, $c: String!) { petitionStatus(receiptNumber: $r, accessCode: $c) { stage deadlines { kind dueAt state extended extensionDays extensionReason } } }`;

async function act(name: string, inputType: string, input: Record<string, unknown>, token: string) {
  const res = await gql<any>(server.url, mutationDoc(name, inputType, CLOCK), { input }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data[name] as { clock: any; userErrors: { code: string; field: string[] }[] };
}

async function replyDeadline() {
  const res = await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { clocks { kind dueAt originalDueAt state } } }`, { id: incidentId }, director.token);
  return res.incident.clocks.find((c: any) => c.kind === 'REPLY');
}

async function statusReply() {
  const res = await gql<any>(server.url, STATUS, { r: receipt.receiptNumber, c: receipt.accessCode });
  return res.data.petitionStatus.deadlines.find((d: any) => d.kind === 'REPLY');
}

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
  const village = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '西村', 'VILLAGE');
  leader = await addMember(server, tenant, ['GROUP_LEADER']);
  deputy = await addMember(server, tenant, ['DEPUTY_LEADER']);
  otherDeputy = await addMember(server, tenant, ['DEPUTY_LEADER']);
  director = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  await publishPlan(server, tenant, TEST_LEVELS);
  const r = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(village) }, director.token);
  incidentId = r.reportIncident.incident.id;
  receipt = r.reportIncident.receipt;
  await ok(server.url, mutationDoc('acknowledgeIncident', 'AcknowledgeIncidentInput'), { input: { incidentId } }, director.token);
  await ok(server.url, mutationDoc('acceptPetition', 'AcceptPetitionInput'), { input: { incidentId, decision: 'ACCEPT' } }, director.token);
});
afterAll(async () => {
  await server?.stop();
});

describe('deadline extension with four eyes', () => {
  it('nothing to decide before a request', async () => {
    const out = await act('approveDeadlineExtension', 'ApproveDeadlineExtensionInput', { incidentId }, leader.token);
    expect(out.userErrors.map((e) => e.code)).toEqual(['NO_PENDING_EXTENSION']);
  });

  it('a deputy cannot approve his own request, not even through the deprecated extendDeadline naming himself', async () => {
    const before = await replyDeadline();
    const old = await act('extendDeadline', 'ExtendDeadlineInput', { incidentId, days: 30, reason: '本人延期', approverId: deputy.memberId }, deputy.token);
    expect(old.userErrors).toEqual([]);
    expect(old.clock).toMatchObject({ state: 'OPEN', extensionDays: null, extensionRequest: { state: 'PENDING', days: 30, requestedBy: { id: deputy.memberId }, decidedBy: null } });
    const self = await act('approveDeadlineExtension', 'ApproveDeadlineExtensionInput', { incidentId }, deputy.token);
    expect(self.userErrors).toMatchObject([{ code: 'SELF_APPROVAL', field: ['input', 'incidentId'] }]);
    const selfReject = await act('rejectDeadlineExtension', 'RejectDeadlineExtensionInput', { incidentId, reason: '撤回' }, deputy.token);
    expect(selfReject.userErrors.map((e) => e.code)).toEqual(['SELF_APPROVAL']);
    const again = await act('requestDeadlineExtension', 'RequestDeadlineExtensionInput', { incidentId, days: 10, reason: '再申请' }, director.token);
    expect(again.userErrors.map((e) => e.code)).toEqual(['EXTENSION_PENDING']);
    // Nothing moved: the API and the petitioner's page still show the original deadline.
    expect(await replyDeadline()).toEqual(before);
    expect(await statusReply()).toMatchObject({ dueAt: before.dueAt, extended: false, extensionDays: null, extensionReason: null });
  });

  it('a member below leader rank cannot decide; another leader rejects with a reason, and the deadline stays', async () => {
    const notLeader = await act('rejectDeadlineExtension', 'RejectDeadlineExtensionInput', { incidentId, reason: '不同意' }, director.token);
    expect(notLeader.userErrors.map((e) => e.code)).toEqual(['NOT_LEADER_RANK']);
    const rejected = await act('rejectDeadlineExtension', 'RejectDeadlineExtensionInput', { incidentId, reason: '理由不充分，应按期办结' }, otherDeputy.token);
    expect(rejected.userErrors).toEqual([]);
    expect(rejected.clock).toMatchObject({
      state: 'OPEN', extensionDays: null, extensionReason: null,
      extensionRequest: { state: 'REJECTED', rejectionReason: '理由不充分，应按期办结', requestedBy: { id: deputy.memberId }, decidedBy: { id: otherDeputy.memberId } },
    });
    expect(rejected.clock.dueAt).toBe(rejected.clock.originalDueAt);
    expect(await statusReply()).toMatchObject({ extended: false, extensionReason: null });
  });

  it('the handler asks again, another leader approves: the deadline moves and the status page shows the reason', async () => {
    const asked = await act('requestDeadlineExtension', 'RequestDeadlineExtensionInput', { incidentId, days: 31, reason: '情况复杂' }, director.token);
    expect(asked.userErrors.map((e) => e.code)).toEqual(['EXTENSION_TOO_LONG']);
    const ok1 = await act('requestDeadlineExtension', 'RequestDeadlineExtensionInput', { incidentId, days: 20, reason: '涉及多个部门，需调取历年账目' }, director.token);
    expect(ok1.clock.extensionRequest).toMatchObject({ state: 'PENDING', days: 20, reason: '涉及多个部门，需调取历年账目', rejectionReason: null });
    expect(await statusReply()).toMatchObject({ extended: false, extensionReason: null });

    const approved = await act('approveDeadlineExtension', 'ApproveDeadlineExtensionInput', { incidentId, note: '同意延期' }, deputy.token);
    expect(approved.userErrors).toEqual([]);
    const c = approved.clock;
    expect(c).toMatchObject({
      state: 'EXTENDED', extensionDays: 20, extensionReason: '涉及多个部门，需调取历年账目', extensionApprovedBy: { id: deputy.memberId },
      extensionRequest: { state: 'APPROVED', requestedBy: { id: director.memberId }, decidedBy: { id: deputy.memberId } },
    });
    expect(Date.parse(c.dueAt) - Date.parse(c.originalDueAt)).toBe(20 * 86_400_000);
    expect(await statusReply()).toEqual({ kind: 'REPLY', dueAt: c.dueAt, state: 'EXTENDED', extended: true, extensionDays: 20, extensionReason: '涉及多个部门，需调取历年账目' });

    const twice = await act('requestDeadlineExtension', 'RequestDeadlineExtensionInput', { incidentId, days: 5, reason: '再延' }, director.token);
    expect(twice.userErrors.map((e) => e.code)).toEqual(['EXTENSION_ALREADY_USED']);
  });

  it('keeps each step in the log with its actor', async () => {
    const data = await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { history { event action actorMember { id } } } }`, { id: incidentId }, leader.token);
    const steps = data.incident.history.filter((h: any) => /extension|extend/.test(h.action)).map((h: any) => [h.action, h.event, h.actorMember.id]);
    expect(steps).toEqual([
      ['incident.extend_deadline', 'EXTENSION_REQUESTED', deputy.memberId],
      ['incident.reject_extension', 'EXTENSION_REJECTED', otherDeputy.memberId],
      ['incident.request_extension', 'EXTENSION_REQUESTED', director.memberId],
      ['incident.approve_extension', 'DEADLINE_EXTENDED', deputy.memberId],
    ]);
  });
});
