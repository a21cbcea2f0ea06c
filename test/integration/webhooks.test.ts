import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, publishPlan, raw, reportInput } from '../support/incidents.js';
import { CREATE_ENDPOINT, DELIVERIES, startReceiver, type Receiver } from '../support/webhook-receiver.js';
import { OutboxWorker } from '../../src/modules/notify/outbox.worker.js';
import { getSchema } from '../../src/server/schema.js';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../src/modules/notify/retry-schedule.js';

let server: TestServer;
let tenant: TenantFixture;
let reporter: { token: string };
let receiver: Receiver;

beforeAll(async () => {
  server = await startTestServer({ env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: '127.0.0.1', WEBHOOK_SECRET_GRACE_SECONDS: '60' } });
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

  it('endpoints sharing a role get one rendered body, and each endpoint\'s read is logged as its own', async () => {
    const a = await createEndpoint('/pii-a', 'GROUP_LEADER');
    const b = await createEndpoint('/pii-b', 'GROUP_LEADER');
    const incidentId = await report();
    await worker().runOnce();
    const [ga, gb] = [at('/pii-a'), at('/pii-b')];
    expect(ga).toHaveLength(1);
    expect(gb).toHaveLength(1);
    expect(ga[0]!.body).toBe(gb[0]!.body);
    expect(JSON.parse(gb[0]!.body).data.incident.petitioners[0].name).toBe('张三');
    const su = await (await import('../support/db.js')).superuserClient(server.databaseUrl);
    const reads = await su.query(`select actor_user_id::text as who from log_entry where tenant_id = $1 and incident_id = $2 and action = 'petitioner.read_pii'`, [raw(tenant.id), raw(incidentId)]);
    await su.end();
    const who = reads.rows.map((r: any) => r.who);
    expect(who).toContain(raw(a.id));
    expect(who).toContain(raw(b.id));
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

  it('a rotation signs with both secrets during the grace period, then with the new one only', async () => {
    const ep = await createEndpoint('/rotate', 'AUDITOR');
    const rotated = await ok<any>(server.url, `mutation($input: WebhookEndpointRefInput!) { rotateWebhookSecret(input: $input) { endpoint { previousSecretUntil } secret userErrors { code } } }`, { input: { endpointId: ep.id } }, tenant.adminToken);
    const newSecret = rotated.rotateWebhookSecret.secret as string;
    expect(newSecret).not.toBe(ep.secret);
    await report();
    await worker().runOnce();
    const during = at('/rotate');
    expect(during).toHaveLength(1);
    expect(during[0]!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    // A receiver still on the old secret and one already on the new one both verify.
    new Webhook(ep.secret).verify(during[0]!.body, during[0]!.headers);
    new Webhook(newSecret).verify(during[0]!.body, during[0]!.headers);
    // The secret itself never reaches the log.
    const su = await (await import('../support/db.js')).superuserClient(server.databaseUrl);
    const leaked = await su.query(`select count(*)::int as n from log_entry where changes::text like '%' || $1 || '%' or changes::text like '%' || $2 || '%'`, [ep.secret.slice(6, 30), newSecret.slice(6, 30)]);
    await su.end();
    expect(leaked.rows[0].n).toBe(0);

    // After the grace period (the worker's clock moved past it; still within the receivers' 5-minute timestamp tolerance).
    const until = new Date(rotated.rotateWebhookSecret.endpoint.previousSecretUntil).getTime();
    await report();
    await new OutboxWorker(server.deps, getSchema, { tenantIds: [raw(tenant.id)], now: () => new Date(until + 1000) }).runOnce();
    const after = at('/rotate')[1]!;
    expect(after.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    new Webhook(newSecret).verify(after.body, after.headers);
    expect(() => new Webhook(ep.secret).verify(after.body, after.headers)).toThrow();
  });

  it('a redirect is not followed: it counts as a failed attempt', async () => {
    const ep = await createEndpoint('/redirect', 'AUDITOR');
    receiver.respond = (r) => (r.path === '/redirect' ? 302 : 200);
    await report();
    await worker().runOnce();
    receiver.respond = () => 200;
    expect(at('/redirect')).toHaveLength(1);
    const list = await ok<any>(server.url, DELIVERIES, { filter: { endpointId: ep.id } }, tenant.adminToken);
    const node = list.webhookDeliveries.edges[0].node;
    expect(node).toMatchObject({ status: 'PENDING', attemptCount: 1, lastStatusCode: 302 });
    expect(node.attempts[0]).toMatchObject({ statusCode: 302, success: false });
    await ok(server.url, `mutation($input: DeleteWebhookEndpointInput!) { deleteWebhookEndpoint(input: $input) { userErrors { code } } }`.replace('DeleteWebhookEndpointInput', 'WebhookEndpointRefInput'), { input: { endpointId: ep.id } }, tenant.adminToken);
  });

  it('retries on the schedule (fake clock), disables the endpoint when it runs out, and redelivery sends it again with the same id', async () => {
    const ep = await createEndpoint('/fail', 'AUDITOR');
    const watcher = await createEndpoint('/watch', 'AUDITOR', ['WEBHOOK_DISABLED']);
    receiver.respond = (r) => (r.path === '/fail' ? 500 : 200);
    await report();
    let now = new Date();
    const fake = () => new OutboxWorker(server.deps, getSchema, { tenantIds: [raw(tenant.id)], now: () => now, random: () => 0.5 });
    await fake().runOnce();
    expect(at('/fail')).toHaveLength(1);
    for (let i = 0; i < RETRY_DELAYS_MS.length; i++) {
      // Just before the next attempt is due nothing is sent; at its time it is.
      now = new Date(now.getTime() + RETRY_DELAYS_MS[i]! - 1000);
      await fake().runOnce();
      expect(at('/fail'), `before attempt ${i + 2}`).toHaveLength(i + 1);
      now = new Date(now.getTime() + 1000);
      await fake().runOnce();
      expect(at('/fail'), `attempt ${i + 2}`).toHaveLength(i + 2);
    }
    expect(at('/fail')).toHaveLength(MAX_ATTEMPTS);
    const list = await ok<any>(server.url, DELIVERIES, { filter: { endpointId: ep.id } }, tenant.adminToken);
    const node = list.webhookDeliveries.edges[0].node;
    expect(node).toMatchObject({ status: 'FAILED', attemptCount: MAX_ATTEMPTS, lastStatusCode: 500 });
    expect(node.attempts).toHaveLength(MAX_ATTEMPTS);
    const gaps = node.attempts.slice(1).map((a: any, i: number) => Date.parse(a.startedAt) - Date.parse(node.attempts[i].startedAt));
    expect(gaps).toEqual(RETRY_DELAYS_MS);
    expect(node.attempts[0].responseExcerpt).toHaveLength(1024);
    // One webhook-id for every attempt.
    expect(new Set(at('/fail').map((r) => r.headers['webhook-id'])).size).toBe(1);

    const eps = await ok<any>(server.url, `{ webhookEndpoints(first: 50) { edges { node { id enabled disabledReason } } } }`, {}, tenant.adminToken);
    const disabled = eps.webhookEndpoints.edges.find((e: any) => e.node.id === ep.id).node;
    expect(disabled.enabled).toBe(false);
    expect(disabled.disabledReason).toMatch(/failed 8 times/);
    // The disabling is an event in the log, delivered to who asked for it.
    await fake().runOnce();
    const told = at('/watch');
    expect(told).toHaveLength(1);
    expect(JSON.parse(told[0]!.body)).toMatchObject({ type: 'WEBHOOK_DISABLED', data: { endpointId: ep.id } });
    // Signed at the fake clock's time (a day ahead), so standardwebhooks' 5-minute tolerance is not the check here.
    expect(told[0]!.headers['webhook-signature']).toMatch(/^v1,/);
    void watcher;

    // Fixed on the receiver's side: enable, redeliver, and it arrives with the same id.
    receiver.respond = () => 200;
    const upd = await ok<any>(server.url, `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { endpoint { enabled } userErrors { code } } }`, { input: { endpointId: ep.id, enabled: true } }, tenant.adminToken);
    expect(upd.updateWebhookEndpoint.endpoint.enabled).toBe(true);
    const red = await ok<any>(server.url, `mutation($input: RedeliverWebhookInput!) { redeliverWebhook(input: $input) { delivery { status } userErrors { code } } }`, { input: { deliveryId: node.id } }, tenant.adminToken);
    expect(red.redeliverWebhook).toMatchObject({ delivery: { status: 'PENDING' }, userErrors: [] });
    const again = await gql<any>(server.url, `mutation($input: RedeliverWebhookInput!) { redeliverWebhook(input: $input) { userErrors { code } } }`, { input: { deliveryId: node.id } }, tenant.adminToken);
    expect(again.data.redeliverWebhook.userErrors.map((e: any) => e.code)).toEqual(['DELIVERY_PENDING']);
    await fake().runOnce();
    const last = at('/fail').at(-1)!;
    expect(at('/fail')).toHaveLength(MAX_ATTEMPTS + 1);
    expect(last.headers['webhook-id']).toBe(raw(node.id));
    const status = await ok<any>(server.url, DELIVERIES, { filter: { endpointId: ep.id } }, tenant.adminToken);
    expect(status.webhookDeliveries.edges[0].node).toMatchObject({ status: 'DELIVERED', lastStatusCode: 200 });
    const log = await ok<any>(server.url, `query($f: AuditLogFilter) { auditLog(filter: $f, first: 50) { edges { node { action } } } }`, { f: { actionPrefix: 'webhook.' } }, tenant.adminToken);
    const actions = log.auditLog.edges.map((e: any) => e.node.action);
    expect(actions).toEqual(expect.arrayContaining(['webhook.create', 'webhook.rotate_secret', 'webhook.disable', 'webhook.update', 'webhook.redeliver', 'webhook.delete']));
  });

  it('outboxStatus shows lag, deliveries per status and endpoint health to tenant administrators only', async () => {
    const data = await ok<any>(server.url, `{ outboxStatus { entriesBehind lagSeconds oldestUndeliveredAt deliveriesByStatus { status count } endpoints { endpointId enabled pending failed failuresSinceSuccess lastSuccessAt } } }`, {}, tenant.adminToken);
    const byStatus = Object.fromEntries(data.outboxStatus.deliveriesByStatus.map((s: any) => [s.status, s.count]));
    expect(byStatus.DELIVERED).toBeGreaterThan(3);
    expect(byStatus.SKIPPED).toBeGreaterThanOrEqual(1);
    expect(data.outboxStatus.endpoints.length).toBeGreaterThan(3);
    const denied = await gql<any>(server.url, `{ outboxStatus { lagSeconds } }`, {}, reporter.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('list queries run a fixed number of statements whatever the page size', async () => {
    const count = async (query: string, first: number) => (await gql<any>(server.url, query, { first }, tenant.adminToken)).extensions?.sqlStatements as number;
    const deliveries = `query($first: Int) { webhookDeliveries(first: $first) { totalCount edges { node { id status attempts { attempt statusCode } } } } }`;
    const endpoints = `query($first: Int) { webhookEndpoints(first: $first) { totalCount edges { node { id url enabled } } } }`;
    for (const q of [deliveries, endpoints]) {
      const small = await count(q, 1);
      expect(small).toBeGreaterThan(0);
      expect(await count(q, 50)).toBe(small);
    }
  });

  it('the metrics endpoint counts what the worker did and its lag', async () => {
    await report();
    await worker().runOnce();
    const text = await (server.services as unknown as { metrics: { registry: { metrics(): Promise<string> } } }).metrics.registry.metrics();
    expect(text).toMatch(/xinfang_outbox_total\{kind="delivered"\} [1-9]/);
    expect(text).toMatch(/xinfang_outbox_total\{kind="derived"\} [1-9]/);
    expect(text).toMatch(/xinfang_outbox_lag_seconds \d/);
  });
});

