import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, mutationDoc, publishPlan, reportInput } from '../support/incidents.js';

const LIMIT = 8;
let server: TestServer;
let tenant: TenantFixture;
let director: { token: string };
let receipt: { receiptNumber: string; accessCode: string };
let incidentId: string;

const STATUS = `query($r: String!, $c: String!) { petitionStatus(receiptNumber: $r, accessCode: $c) { stage reply repliedAt deadlines { kind dueAt state extended } } }`;

beforeAll(async () => {
  server = await startTestServer({ env: { PUBLIC_LOOKUP_RATE_PER_ADDRESS: String(LIMIT), PUBLIC_LOOKUP_RATE_WINDOW_SECONDS: '900' } });
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWN');
  const village = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '南村', 'VILLAGE');
  director = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  await publishPlan(server, tenant, TEST_LEVELS);
  const r = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(village, { summary: '机密摘要：某企业拖欠工资', demands: '机密诉求' }) }, director.token);
  receipt = r.reportIncident.receipt;
  incidentId = r.reportIncident.incident.id;
});
afterAll(async () => {
  await server?.stop();
});

describe('petitionStatus', () => {
  it('shows the petitioner the stage and statutory deadlines, without an account, and nothing else', async () => {
    const res = await gql<any>(server.url, STATUS, { r: receipt.receiptNumber, c: receipt.accessCode });
    expect(res.errors).toBeUndefined();
    expect(res.data.petitionStatus).toMatchObject({ stage: 'RECEIVED', reply: null, repliedAt: null });
    expect(res.data.petitionStatus.deadlines).toEqual([{ kind: 'ACCEPTANCE', dueAt: expect.stringMatching(/T15:59:59\.999Z$/), state: 'OPEN', extended: false }]);
    const text = JSON.stringify(res);
    for (const secret of ['机密', '张三', '13800000000', incidentId]) expect(text).not.toContain(secret);
    // Codes are forgiving about case and separators.
    const loose = await gql<any>(server.url, STATUS, { r: receipt.receiptNumber.toLowerCase(), c: receipt.accessCode.replace(/-/g, '').toLowerCase() });
    expect(loose.data.petitionStatus.stage).toBe('RECEIVED');
  });

  it('follows the case: accepted, replied with the reply text', async () => {
    await ok(server.url, mutationDoc('acknowledgeIncident', 'AcknowledgeIncidentInput'), { input: { incidentId } }, director.token);
    await ok(server.url, mutationDoc('acceptPetition', 'AcceptPetitionInput'), { input: { incidentId, decision: 'ACCEPT' } }, director.token);
    const accepted = await gql<any>(server.url, STATUS, { r: receipt.receiptNumber, c: receipt.accessCode });
    expect(accepted.data.petitionStatus.stage).toBe('ACCEPTED');
    expect(accepted.data.petitionStatus.deadlines.map((d: any) => [d.kind, d.state])).toEqual([['ACCEPTANCE', 'MET'], ['REPLY', 'OPEN']]);
    await ok(server.url, mutationDoc('replyToPetitioner', 'ReplyToPetitionerInput'), { input: { incidentId, reply: '工资已督促企业全额支付。' } }, director.token);
    const replied = await gql<any>(server.url, STATUS, { r: receipt.receiptNumber, c: receipt.accessCode });
    expect(replied.data.petitionStatus).toMatchObject({ stage: 'REPLIED', reply: '工资已督促企业全额支付。' });
    expect(replied.data.petitionStatus.deadlines.map((d: any) => d.kind)).toEqual(['ACCEPTANCE', 'REPLY', 'REVIEW_REQUEST']);
  });

  it('answers a wrong code exactly like an unknown receipt, and rate limits wrong codes per address', async () => {
    const wrong = await gql<any>(server.url, STATUS, { r: receipt.receiptNumber, c: 'AAAA-BBBB-CCCC' });
    const unknown = await gql<any>(server.url, STATUS, { r: 'XF-20260101-0000000000', c: receipt.accessCode });
    const garbage = await gql<any>(server.url, STATUS, { r: '', c: '' });
    for (const res of [wrong, unknown, garbage]) {
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ petitionStatus: null });
    }
    // Three failures so far; the limit counts failures only.
    for (let i = 3; i < LIMIT; i++) {
      expect((await gql<any>(server.url, STATUS, { r: receipt.receiptNumber, c: `WRONG-${i}` })).data).toEqual({ petitionStatus: null });
    }
    const limited = await gql<any>(server.url, STATUS, { r: receipt.receiptNumber, c: receipt.accessCode });
    expect(limited.status).toBe(429);
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(JSON.stringify(limited)).not.toContain('REPLIED');
  });
});
