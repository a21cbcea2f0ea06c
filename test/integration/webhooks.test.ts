import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, publishPlan, raw, reportInput } from '../support/incidents.js';
import { CREATE_ENDPOINT, DELIVERIES, startReceiver, type Receiver } from '../support/webhook-receiver.js';
import { OutboxWorker } from '../../src/modules/notify/outbox.worker.js';
import { getSchema } from '../../src/server/schema.js';

let server: TestServer;
let tenant: TenantFixture;
let reporter: { token: string };
let receiver: Receiver;

beforeAll(async () => {
  server = await startTestServer({ env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: '127.0.0.1' } });
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
  await publishPlan(server, tenant, TEST_LEVELS);
  reporter = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  receiver = await startReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await server?.stop();
});

async function createEndpoint(path: string, roleKey: string, eventKinds = ['REPORTED']): Promise<{ id: string; secret: string }> {
  const data = await ok<any>(server.url, CREATE_ENDPOINT, { input: { url: `${receiver.url}${path}`, eventKinds, roleId: tenant.roles[roleKey], description: path } }, tenant.adminToken);
  expect(data.createWebhookEndpoint.userErrors).toEqual([]);
  return { id: data.createWebhookEndpoint.endpoint.id, secret: data.createWebhookEndpoint.secret };
}

async function report(extra: Record<string, unknown> = {}): Promise<string> {
  const data = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(tenant.rootUnitId, extra) }, reporter.token);
  expect(data.reportIncident.userErrors).toEqual([]);
  return data.reportIncident.incident.id;
}

const worker = () => new OutboxWorker(server.deps, getSchema, { tenantIds: [raw(tenant.id)] });
const at = (path: string) => receiver.received.filter((r) => r.path === path);

describe('webhooks: signed deliveries fed by the log', () => {
  it('delivers a reported incident, signed as Standard Webhooks (verified by the standardwebhooks package)', async () => {
    const ep = await createEndpoint('/signed', 'AUDITOR');
    const incidentId = await report();
    await worker().runOnce();
    const got = at('/signed');
    expect(got).toHaveLength(1);
    const verified = new Webhook(ep.secret).verify(got[0]!.body, got[0]!.headers) as any;
    expect(verified.type).toBe('REPORTED');
    expect(verified.data.incidentId).toBe(incidentId);
    expect(verified.data.incident.summary).toBe('反映土地征收补偿款未按时发放');
    // The auditor role holds no PETITIONER_PII_READ: no name, no contact.
    expect(verified.data.incident.petitioners[0]).toMatchObject({ name: null, contact: null });
    expect(got[0]!.body).not.toContain('张三');
    // A wrong secret does not verify.
    expect(() => new Webhook('whsec_' + Buffer.alloc(32, 7).toString('base64')).verify(got[0]!.body, got[0]!.headers)).toThrow();
    // A second pass sends nothing again.
    await worker().runOnce();
    expect(at('/signed')).toHaveLength(1);
    const list = await ok<any>(server.url, DELIVERIES, { filter: { endpointId: ep.id } }, tenant.adminToken);
    const node = list.webhookDeliveries.edges[0].node;
    expect(node).toMatchObject({ status: 'DELIVERED', attemptCount: 1, lastStatusCode: 200, eventKind: 'REPORTED' });
    // The webhook-id is the delivery's own id.
    expect(got[0]!.headers['webhook-id']).toBe(raw(node.id));
    expect(node.attempts).toHaveLength(1);
    expect(node.attempts[0]).toMatchObject({ attempt: 1, statusCode: 200, success: true, responseExcerpt: 'ok' });
  });

  it('a role with PETITIONER_PII_READ receives names, and that send is logged as a personal-data read', async () => {
    await createEndpoint('/pii', 'GROUP_LEADER');
    const incidentId = await report();
    await worker().runOnce();
    const got = at('/pii');
    expect(got).toHaveLength(1);
    const body = JSON.parse(got[0]!.body);
    expect(body.data.incident.petitioners[0].name).toBe('张三');
    const log = await ok<any>(server.url, `query($f: AuditLogFilter) { auditLog(filter: $f, first: 50) { edges { node { action reason } } } }`, { f: { incidentId } }, (await addMember(server, tenant, ['AUDITOR'])).token);
    expect(log.auditLog.edges.map((e: any) => e.node.action)).toContain('petitioner.read_pii');
  });

  it('a confidential case (举报) never reaches any endpoint, whatever its role', async () => {
    const before = receiver.received.length;
    await report({ category: 'REPORT_AGAINST_OFFICIAL' });
    await worker().runOnce();
    const after = receiver.received.slice(before);
    expect(after.filter((r) => r.body.includes('REPORT_AGAINST_OFFICIAL'))).toEqual([]);
    expect(after).toHaveLength(0);
  });

  it('an endpoint whose role may not read incidents gets nothing (SKIPPED), not an empty event', async () => {
    const ep = await createEndpoint('/noread', 'TENANT_ADMIN');
    await report();
    await worker().runOnce();
    expect(at('/noread')).toHaveLength(0);
    const list = await ok<any>(server.url, DELIVERIES, { filter: { endpointId: ep.id } }, tenant.adminToken);
    expect(list.webhookDeliveries.edges.map((e: any) => e.node.status)).toEqual(['SKIPPED']);
  });

  it('refuses URLs that resolve to private networks unless allowed', async () => {
    for (const url of ['http://127.0.0.2/x', 'http://10.1.2.3/x', 'http://172.16.5.5/x', 'http://192.168.1.1/x', 'http://169.254.169.254/latest', 'http://[::1]/x', 'ftp://example.org/x']) {
      const res = await gql<any>(server.url, CREATE_ENDPOINT, { input: { url, eventKinds: ['REPORTED'], roleId: tenant.roles.AUDITOR } }, tenant.adminToken);
      expect(res.data.createWebhookEndpoint.userErrors.map((e: any) => e.code), url).toEqual(['URL_REFUSED']);
    }
  });
});
