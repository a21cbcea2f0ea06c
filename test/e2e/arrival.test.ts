// Arrival is a fact, not a click: the assignee of an on-scene duty states when
// it arrived (not in the future, not before the incident occurred); the task is
// done at that time and the moment it was entered is kept apart.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, publishPlan, reportInput } from '../support/incidents.js';

let server: TestServer;
let tenant: TenantFixture;
type M = { memberId: string; token: string; email: string };
let deputy: M, director: M, liaison: M;
let village: string;

const COMPLETE = `mutation($input: CompleteTaskInput!) { completeTask(input: $input) {
  task { id status doneAt arrivedAt recordedAt doneBy { id } recordedBy { id } } userErrors { code field message } } }`;

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
  village = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '东村', 'VILLAGE');
  deputy = await addMember(server, tenant, ['DEPUTY_LEADER']);
  director = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  liaison = await addMember(server, tenant, ['LIAISON'], village);
  await publishPlan(server, tenant, TEST_LEVELS);
});
afterAll(async () => {
  await server?.stop();
});

describe('arrival on the scene', () => {
  it('records the arrival the assignee states; refuses the future, before the incident, others and other duties', async () => {
    const occurredAt = new Date(Date.now() - 2 * 3_600_000);
    const r = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(village, { category: 'GROUP_VISIT', headcount: 6, occurredAt: occurredAt.toISOString(), receivedAt: new Date(occurredAt.getTime() + 600_000).toISOString() }) }, director.token);
    const scene = r.reportIncident.incident.tasks.find((t: any) => t.dutyKey === 'scene');
    const daily = r.reportIncident.incident.tasks.find((t: any) => t.dutyKey === 'daily');
    expect(scene.assignee.id).toBe(director.memberId);
    const attempt = async (token: string, input: Record<string, unknown>) => (await gql<any>(server.url, COMPLETE, { input }, token)).data.completeTask;
    const codes = (out: any) => out.userErrors.map((e: any) => [e.code, e.field.join('.')]);
    expect(codes(await attempt(director.token, { taskId: scene.id, arrivedAt: new Date(Date.now() + 3_600_000).toISOString() }))).toEqual([['ARRIVAL_TIME_INVALID', 'input.arrivedAt']]);
    expect(codes(await attempt(director.token, { taskId: scene.id, arrivedAt: new Date(occurredAt.getTime() - 60_000).toISOString() }))).toEqual([['ARRIVAL_TIME_INVALID', 'input.arrivedAt']]);
    expect(codes(await attempt(deputy.token, { taskId: scene.id, arrivedAt: new Date(occurredAt.getTime() + 1_200_000).toISOString() }))).toEqual([['NOT_TASK_ASSIGNEE', 'input.taskId']]);
    expect(codes(await attempt(director.token, { taskId: daily.id, arrivedAt: new Date().toISOString() }))).toEqual([['NOT_AN_ARRIVAL', 'input.arrivedAt']]);
    // An arrival is never a click: without the time the one who arrived gives, the on-scene duty stays open.
    expect(codes(await attempt(director.token, { taskId: scene.id }))).toEqual([['ARRIVAL_REQUIRED', 'input.arrivedAt']]);
    // Any other task too: only its assignee completes it; a leader reassigns it first.
    expect(codes(await attempt(deputy.token, { taskId: daily.id }))).toEqual([['NOT_TASK_ASSIGNEE', 'input.taskId']]);
    const arrived = new Date(occurredAt.getTime() + 1_500_000);
    const done = await attempt(director.token, { taskId: scene.id, arrivedAt: arrived.toISOString() });
    expect(done.userErrors).toEqual([]);
    expect(done.task).toMatchObject({ status: 'DONE', arrivedAt: arrived.toISOString(), doneAt: arrived.toISOString(), doneBy: { id: director.memberId }, recordedBy: { id: director.memberId } });
    expect(new Date(done.task.recordedAt).getTime()).toBeGreaterThan(arrived.getTime() + 3_000_000);
  });
});
