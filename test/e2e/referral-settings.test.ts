// The sending organ's 交办 terms (sign-in working days, the 提级督办 return
// limit), and webhooks for the referral events on each side.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { gql, ok, platformAdmin } from '../support/fixtures.js';
import { raw } from '../support/incidents.js';
import { township, reportAt, logHead, entriesAfter, type Township } from '../support/accountability.js';
import { CREATE_ENDPOINT, startReceiver, type Receiver } from '../support/webhook-receiver.js';
import { OutboxWorker } from '../../src/modules/notify/outbox.worker.js';
import { getSchema } from '../../src/server/schema.js';

let server: TestServer;
let db: pg.Client;
let county: Township;
let town: Township;
let receiver: Receiver;

const REFERRAL = 'referral { id stage returns signInDueAt }';
const M = (name: string, type: string) => `mutation($input: ${type}!) { ${name}(input: $input) { ${REFERRAL} userErrors { code field message } } }`;
const SETTINGS = `mutation($input: UpdateReferralSettingsInput!) { updateReferralSettings(input: $input) { settings { signInWorkingDays returnsEscalateAt } userErrors { code field message } } }`;
const PREVIEW = `query($input: DeadlinePreviewInput!) { deadlinePreview(input: $input) { dueAt } }`;

async function step(name: string, type: string, input: Record<string, unknown>, token: string) {
  const res = await gql<any>(server.url, M(name, type), { input }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data[name];
}

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

async function assign(): Promise<{ referralId: string; startedAt: string; signInDueAt: string }> {
  const incidentId = (await reportAt(server, county, 60_000)).id;
  const startedAt = new Date().toISOString();
  const out = await step('assignMatter', 'AssignMatterInput', { incidentId, toTenantId: town.tenant.id, dueAt: inDays(10), instructions: '请核实并答复' }, county.leader.token);
  expect(out.userErrors).toEqual([]);
  return { referralId: out.referral.id, startedAt, signInDueAt: out.referral.signInDueAt };
}

beforeAll(async () => {
  server = await startTestServer({ env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: '127.0.0.1' } });
  db = await superuserClient(server.databaseUrl);
  [county, town] = [await township(server), await township(server)];
  const platform = await platformAdmin(server);
  const link = `mutation($input: LinkTenantsInput!) { linkTenants(input: $input) { userErrors { code } } }`;
  expect((await ok<any>(server.url, link, { input: { upperTenantId: county.tenant.id, lowerTenantId: town.tenant.id, kind: 'SUPERVISES' } }, platform.token)).linkTenants.userErrors).toEqual([]);
  receiver = await startReceiver();
}, 400_000);

afterAll(async () => {
  await receiver?.close();
  await db?.end();
  await server?.stop();
});

describe('the sender\'s referral settings', () => {
  it('defaults 1 and 3; the administrator changes them (validated, logged); a plain member may not', async () => {
    expect((await ok<any>(server.url, `{ referralSettings { signInWorkingDays returnsEscalateAt } }`, {}, county.leader.token)).referralSettings).toEqual({ signInWorkingDays: 1, returnsEscalateAt: 3 });
    const bad = (await gql<any>(server.url, SETTINGS, { input: { signInWorkingDays: 11, returnsEscalateAt: 0 } }, county.tenant.adminToken)).data.updateReferralSettings;
    expect(bad.settings).toBeNull();
    expect(bad.userErrors.map((e: any) => e.field.join('.'))).toEqual(['input.signInWorkingDays', 'input.returnsEscalateAt']);
    const denied = await gql<any>(server.url, SETTINGS, { input: { signInWorkingDays: 2 } }, county.member.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const head = await logHead(db, county.tenantId);
    const out = (await ok<any>(server.url, SETTINGS, { input: { signInWorkingDays: 2, returnsEscalateAt: 2 } }, county.tenant.adminToken)).updateReferralSettings;
    expect(out).toEqual({ settings: { signInWorkingDays: 2, returnsEscalateAt: 2 }, userErrors: [] });
    expect((await entriesAfter(db, county.tenantId, head)).map((e: any) => e.action)).toEqual(['referral.update_settings']);
    // The receiver's own settings are its own.
    expect((await ok<any>(server.url, `{ referralSettings { signInWorkingDays } }`, {}, town.director.token)).referralSettings.signInWorkingDays).toBe(1);
  });

  it('an assignment gives the receiver the sender\'s 2 working days to sign, counted in the receiver\'s calendar', async () => {
    const { referralId, startedAt, signInDueAt } = await assign();
    const preview = async (days: number) => (await ok<any>(server.url, PREVIEW, { input: { basis: 'WORKING_DAYS', days, start: startedAt } }, town.director.token)).deadlinePreview.dueAt;
    expect(signInDueAt).toBe(await preview(2));
    expect(signInDueAt).not.toBe(await preview(1));
    const townIncident = (await ok<any>(server.url, `query($id: ID!) { node(id: $id) { ... on Referral { incidentId } } }`, { id: referralId }, town.director.token)).node.incidentId;
    const clocks = (await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { clocks { kind days dueAt } } }`, { id: townIncident }, town.director.token)).incident.clocks;
    expect(clocks.find((c: any) => c.kind === 'SIGN_IN')).toEqual({ kind: 'SIGN_IN', days: 2, dueAt: signInDueAt });
  });

  it('escalates (提级督办) after the second return when the sender set 2', async () => {
    const { referralId } = await assign();
    await step('acceptAssignment', 'ReferralActionInput', { referralId }, town.director.token);
    const report = { referralId, findings: 'f', outcome: 'o', replySent: false };
    for (let i = 1; i <= 2; i++) {
      expect((await step('submitClosingReport', 'SubmitClosingReportInput', report, town.director.token)).userErrors).toEqual([]);
      expect((await step('returnClosingReport', 'ReturnClosingReportInput', { referralId, reasons: `第${i}次退回`, dueAt: inDays(5) }, county.leader.token)).referral.returns).toBe(i);
      const { rows } = await db.query(`select instruction from supervision_order where referral_id = $1 and cause = 'RETURNS'`, [raw(referralId)]);
      expect(rows).toEqual(i < 2 ? [] : [{ instruction: '提级督办：办结报告已被退回重办2次' }]);
    }
  });
});

describe('webhooks for referral events', () => {
  it('the receiver\'s endpoint hears REFERRAL_RECEIVED, the sender\'s hears CLOSING_REPORT_SUBMITTED, both signed', async () => {
    const endpoint = async (t: Township, path: string, kind: string) => {
      const data = await ok<any>(server.url, CREATE_ENDPOINT, { input: { url: `${receiver.url}${path}`, eventKinds: [kind], roleId: t.tenant.roles.AUDITOR, description: path } }, t.tenant.adminToken);
      expect(data.createWebhookEndpoint.userErrors).toEqual([]);
      return data.createWebhookEndpoint.secret as string;
    };
    const townSecret = await endpoint(town, '/town', 'REFERRAL_RECEIVED');
    const countySecret = await endpoint(county, '/county', 'CLOSING_REPORT_SUBMITTED');
    const worker = () => new OutboxWorker(server.deps, getSchema, { tenantIds: [county.tenantId, town.tenantId] });
    const at = (path: string) => receiver.received.filter((r) => r.path === path);

    const { referralId } = await assign();
    await worker().runOnce();
    expect(at('/town')).toHaveLength(1);
    expect(at('/county')).toHaveLength(0);
    const received = new Webhook(townSecret).verify(at('/town')[0]!.body, at('/town')[0]!.headers) as any;
    expect(received.type).toBe('REFERRAL_RECEIVED');
    const townIncident = (await ok<any>(server.url, `query($id: ID!) { node(id: $id) { ... on Referral { incidentId } } }`, { id: referralId }, town.director.token)).node.incidentId;
    expect(received.data.incidentId).toBe(townIncident);

    await step('acceptAssignment', 'ReferralActionInput', { referralId }, town.director.token);
    expect((await step('submitClosingReport', 'SubmitClosingReportInput', { referralId, findings: 'f', outcome: 'o', replySent: true }, town.director.token)).userErrors).toEqual([]);
    await worker().runOnce();
    expect(at('/county')).toHaveLength(1);
    const submitted = new Webhook(countySecret).verify(at('/county')[0]!.body, at('/county')[0]!.headers) as any;
    expect(submitted.type).toBe('CLOSING_REPORT_SUBMITTED');
    const countyIncident = (await ok<any>(server.url, `query($id: ID!) { node(id: $id) { ... on Referral { incidentId } } }`, { id: referralId }, county.leader.token)).node.incidentId;
    expect(submitted.data.incidentId).toBe(countyIncident);
    expect(at('/town')).toHaveLength(1);
  });
});
