import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, ok, platformAdmin, provisionTenant } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, publishPlan, reportInput } from '../support/incidents.js';
import { CREATE_ENDPOINT, startReceiver, type Receiver } from '../support/webhook-receiver.js';
import { waitUntil } from '../support/ws.js';

// The delivery worker wakes on the log's notification: with a poll of a
// minute, a report still reaches its endpoint within seconds.
let server: TestServer;
let receiver: Receiver;

beforeAll(async () => {
  server = await startTestServer({ backgroundJobs: true, env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: '127.0.0.1', WEBHOOK_POLL_INTERVAL_MS: '60000' } });
  receiver = await startReceiver();
});

afterAll(async () => {
  await server?.stop();
  await receiver?.close();
});

describe('webhooks: woken by the log notification', () => {
  it('a report is delivered long before the next poll', async () => {
    const tenant = await provisionTenant(server, (await platformAdmin(server)).token, 'TOWNSHIP');
    await publishPlan(server, tenant, TEST_LEVELS);
    const reporter = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
    const made = await ok<any>(server.url, CREATE_ENDPOINT, { input: { url: `${receiver.url}/woken`, eventKinds: ['REPORTED'], roleId: tenant.roles.AUDITOR } }, tenant.adminToken);
    expect(made.createWebhookEndpoint.userErrors).toEqual([]);
    const started = Date.now();
    const data = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(tenant.rootUnitId) }, reporter.token);
    expect(data.reportIncident.userErrors).toEqual([]);
    await waitUntil(() => receiver.received.some((r) => r.path === '/woken'), 'the delivery arrives', 20_000);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(JSON.parse(receiver.received.find((r) => r.path === '/woken')!.body).type).toBe('REPORTED');
  });
});
