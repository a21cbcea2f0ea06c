import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { addMember, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, publishPlan, raw, reportInput } from '../support/incidents.js';
import { OutboxWorker } from '../../src/modules/notify/outbox.worker.js';
import { getSchema } from '../../src/server/schema.js';

// People get told: rules over the log (a task's assignee), a DingTalk robot
// checked like the vendor, contact points as personal data, a member nobody
// can reach warned on the task, and the acknowledgement link's one act.
const DING_SECRET = 'SECtest-secret';
let server: TestServer;
let tenant: TenantFixture;
let director: { memberId: string; token: string };
let liaison: { memberId: string; token: string };
let ding: http.Server;
let dingUrl = '';
const messages: any[] = [];

beforeAll(async () => {
  ding = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const q = new URL(req.url!, 'http://x').searchParams;
      const ts = Number(q.get('timestamp'));
      const want = createHmac('sha256', DING_SECRET).update(`${ts}\n${DING_SECRET}`).digest('base64');
      res.writeHead(200, { 'content-type': 'application/json' });
      if (q.get('access_token') !== 'tok' || q.get('sign') !== want || Math.abs(Date.now() - ts) > 3_600_000) return res.end('{"errcode":310000,"errmsg":"sign not match"}');
      messages.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((r) => ding.listen(0, '127.0.0.1', r));
  dingUrl = `http://127.0.0.1:${(ding.address() as AddressInfo).port}/robot/send?access_token=tok`;
  server = await startTestServer({ env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: '127.0.0.1' } });
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
  await publishPlan(server, tenant, TEST_LEVELS);
  director = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  liaison = await addMember(server, tenant, ['LIAISON']);
});

afterAll(async () => {
  await server?.stop();
  await new Promise((r) => ding.close(r));
});

const worker = () => new OutboxWorker(server.deps, getSchema, { tenantIds: [raw(tenant.id)] });

describe('people get told', () => {
  it('contact points: set by oneself, read only by oneself or an administrator, each read logged, never the number in the log', async () => {
    const set = await ok<any>(server.url, `mutation($input: SetContactPointsInput!) { setContactPoints(input: $input) { memberId userErrors { code field } } }`, { input: { dingtalkUserId: 'ding-director', mobile: '13912345678' } }, director.token);
    expect(set.setContactPoints.userErrors).toEqual([]);
    const bad = (await gql<any>(server.url, `mutation($input: SetContactPointsInput!) { setContactPoints(input: $input) { userErrors { code field } } }`, { input: { mobile: '12345' } }, director.token)).data;
    expect(bad.setContactPoints.userErrors[0].field).toEqual(['input', 'mobile']);
    const other = await gql<any>(server.url, `query($m: ID) { contactPoints(memberId: $m) { mobile } }`, { m: director.memberId }, liaison.token);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const admin = await ok<any>(server.url, `query($m: ID) { contactPoints(memberId: $m) { mobile dingtalkUserId } }`, { m: director.memberId }, tenant.adminToken);
    expect(admin.contactPoints).toEqual({ mobile: '13912345678', dingtalkUserId: 'ding-director' });
    const su = await superuserClient(server.databaseUrl);
    const reads = await su.query(`select count(*)::int as n from log_entry where tenant_id = $1 and action = 'member.read_contact' and target_id = $2`, [raw(tenant.id), raw(director.memberId)]);
    const leaked = await su.query(`select count(*)::int as n from log_entry where tenant_id = $1 and changes::text like '%13912345678%'`, [raw(tenant.id)]);
    await su.end();
    expect(reads.rows[0].n).toBe(1);
    expect(leaked.rows[0].n).toBe(0);
  });

  it('a task assigned → its assignee on DingTalk (signed); a member reachable on no channel → UNREACHABLE and a warning on the task; the link acknowledges once, as that member', async () => {
    const ch = await ok<any>(server.url, `mutation($input: ConfigureNotificationChannelInput!) { configureNotificationChannel(input: $input) { channel { kind enabled } userErrors { code } } }`, { input: { kind: 'DINGTALK_ROBOT', url: dingUrl, secret: DING_SECRET } }, tenant.adminToken);
    expect(ch.configureNotificationChannel.userErrors).toEqual([]);
    const rep = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(tenant.rootUnitId) }, director.token);
    const incidentId = raw(rep.reportIncident.incident.id);
    await worker().runOnce();

    // The director's NOTIFY task reached the director, mentioned by DingTalk user id, without the petitioner's name.
    expect(messages).toHaveLength(1);
    expect(messages[0].at.atUserIds).toEqual(['ding-director']);
    expect(messages[0].text.content).toContain('接报后30分钟内报告领导小组');
    expect(messages[0].text.content).not.toContain('张三');

    const list = await ok<any>(server.url, `{ notifications(first: 50) { edges { node { memberId reason status channel taskId } } } }`, {}, tenant.adminToken);
    const rows = list.notifications.edges.map((e: any) => e.node);
    expect(rows.filter((n: any) => n.memberId === director.memberId)).toEqual([expect.objectContaining({ reason: 'TASK_ASSIGNED', status: 'SENT', channel: 'DINGTALK_ROBOT' })]);
    const liaisonRows = rows.filter((n: any) => n.memberId === liaison.memberId);
    expect(liaisonRows.length).toBeGreaterThanOrEqual(1);
    expect(liaisonRows.every((n: any) => n.status === 'UNREACHABLE')).toBe(true);
    const su = await superuserClient(server.databaseUrl);
    const warned = await su.query(`select count(*)::int as n from log_entry where tenant_id = $1 and action = 'task.notify_unreachable' and incident_id = $2`, [raw(tenant.id), incidentId]);
    const contactRead = await su.query(`select count(*)::int as n from log_entry where tenant_id = $1 and action = 'member.read_contact' and incident_id = $2`, [raw(tenant.id), incidentId]);
    expect(warned.rows[0].n).toBe(liaisonRows.length);
    expect(contactRead.rows[0].n).toBe(1);

    // A second pass tells nobody again.
    await worker().runOnce();
    expect(messages).toHaveLength(1);

    const token = /确认码 (\S+)/.exec(messages[0].text.content)![1]!;
    const ACK = `mutation($input: AcknowledgeTaskNotificationInput!) { acknowledgeTaskNotification(input: $input) { taskId acknowledgedAt userErrors { code } } }`;
    const forged = (await gql<any>(server.url, ACK, { input: { token: token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA') } })).data;
    expect(forged.acknowledgeTaskNotification.userErrors.map((e: any) => e.code)).toEqual(['ACK_INVALID']);
    const acked = await ok<any>(server.url, ACK, { input: { token } });
    expect(acked.acknowledgeTaskNotification.userErrors).toEqual([]);
    const entry = await su.query(`select actor_member_id, target_type, target_id from log_entry where tenant_id = $1 and action = 'task.acknowledge_notification'`, [raw(tenant.id)]);
    await su.end();
    expect(entry.rows).toEqual([{ actor_member_id: raw(director.memberId), target_type: 'IncidentTask', target_id: raw(acked.acknowledgeTaskNotification.taskId) }]);
    // The token is no session: it opens nothing else.
    const asToken = await gql<any>(server.url, `{ me { displayName } }`, {}, token);
    expect(asToken.status).toBe(401);
  });

  it('the notifications list runs a fixed number of statements whatever the page size', async () => {
    const q = `query($first: Int) { notifications(first: $first) { totalCount edges { node { id status channel memberId } } } }`;
    const count = async (first: number) => (await gql<any>(server.url, q, { first }, tenant.adminToken)).extensions?.sqlStatements as number;
    const small = await count(1);
    expect(small).toBeGreaterThan(0);
    expect(await count(50)).toBe(small);
  });

  it('a confidential case (举报) never tells a member kept out of it, though the roster has them on duty; an ordinary case does', async () => {
    const leader = await addMember(server, tenant, ['GROUP_LEADER']);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const roster = await ok<any>(server.url, `mutation($input: SaveRosterInput!) { saveRoster(input: $input) { shifts { id } userErrors { code message } } }`, {
      input: { unitId: tenant.rootUnitId, from: today, to: today, shifts: [{ date: today, startTime: '00:00', endTime: '00:00', onDutyMemberId: director.memberId, leaderOnCallMemberId: leader.memberId }] },
    }, leader.token);
    expect(roster.saveRoster.shifts).toHaveLength(1);
    const su = await superuserClient(server.databaseUrl);
    const toldOf = async (incidentId: string) => (await su.query(`select reason from notification where tenant_id = $1 and incident_id = $2 and member_id = $3`, [raw(tenant.id), incidentId, raw(director.memberId)])).rows.map((r) => r.reason);

    const before = messages.length;
    const secret = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(tenant.rootUnitId, { category: 'REPORT_AGAINST_OFFICIAL', subjectMemberIds: [director.memberId] }) }, leader.token);
    const secretId = raw(secret.reportIncident.incident.id);
    await worker().runOnce();
    const named = await su.query(`select on_duty_member_id from incident where tenant_id = $1 and id = $2`, [raw(tenant.id), secretId]);
    expect(await toldOf(secretId)).toEqual([]);
    const fresh = messages.slice(before);
    expect(fresh.filter((m) => m.at.atUserIds.includes('ding-director'))).toEqual([]);

    const open = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(tenant.rootUnitId) }, leader.token);
    await worker().runOnce();
    expect(await toldOf(raw(open.reportIncident.incident.id))).toContain('INCIDENT_REPORTED');
    await su.end();
    // The incident itself does not record a member kept out as on duty; the notification rule also filters them (defence in depth).
    expect(named.rows[0].on_duty_member_id).not.toBe(raw(director.memberId));
  });

  it('the notifications list runs a fixed number of statements whatever the page size', async () => {
    const q = `query($first: Int) { notifications(first: $first) { totalCount edges { node { id status channel memberId } } } }`;
    const count = async (first: number) => (await gql<any>(server.url, q, { first }, tenant.adminToken)).extensions?.sqlStatements as number;
    const small = await count(1);
    expect(small).toBeGreaterThan(0);
    expect(await count(50)).toBe(small);
  });

  it('a confidential case (举报) never tells a member kept out of it, and its text says nothing of it', async () => {
    const leader = await addMember(server, tenant, ['GROUP_LEADER']);
    const before = messages.length;
    const rep = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(tenant.rootUnitId, { category: 'REPORT_AGAINST_OFFICIAL', subjectMemberIds: [director.memberId] }) }, leader.token);
    const incidentId = raw(rep.reportIncident.incident.id);
    await worker().runOnce();
    const fresh = messages.slice(before);
    expect(fresh.filter((m) => m.at.atUserIds.includes('ding-director'))).toEqual([]);
    const su = await superuserClient(server.databaseUrl);
    const told = await su.query(`select count(*)::int as n from notification where tenant_id = $1 and incident_id = $2 and member_id = $3`, [raw(tenant.id), incidentId, raw(director.memberId)]);
    await su.end();
    expect(told.rows[0].n).toBe(0);
    for (const m of fresh) expect(m.text.content).not.toContain('反映土地征收补偿款');
  });
  it('a NOTIFY duty tells the role its plan names (通知角色) besides the assignee, without an acknowledgement link; never a member kept out of the case', async () => {
    // TEST_LEVELS' NOTIFY duty: OFFICE_DIRECTOR reports, DEPUTY_LEADER is the role to be told.
    const deputy = await addMember(server, tenant, ['DEPUTY_LEADER']);
    const other = await addMember(server, tenant, ['DEPUTY_LEADER']);
    await ok<any>(server.url, `mutation($input: SetContactPointsInput!) { setContactPoints(input: $input) { userErrors { code } } }`, { input: { dingtalkUserId: 'ding-deputy' } }, deputy.token);
    const su = await superuserClient(server.databaseUrl);
    const toldOf = async (incidentId: string) => (await su.query(
      `select member_id, reason, status, task_id from notification where tenant_id = $1 and incident_id = $2 and reason = 'DUTY_NOTIFY' order by member_id`, [raw(tenant.id), incidentId])).rows;

    const before = messages.length;
    const rep = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(tenant.rootUnitId) }, director.token);
    const incidentId = raw(rep.reportIncident.incident.id);
    const notifyTask = rep.reportIncident.incident.tasks.find((t: any) => t.dutyKind === 'NOTIFY');
    expect(notifyTask.assignee.id).toBe(director.memberId);
    await worker().runOnce();
    const rows = await toldOf(incidentId);
    expect(rows.map((r) => r.member_id).sort()).toEqual([raw(deputy.memberId), raw(other.memberId)].sort());
    expect(rows.every((r) => r.task_id === raw(notifyTask.id))).toBe(true);
    expect(rows.find((r) => r.member_id === raw(deputy.memberId))!.status).toBe('SENT');
    expect(rows.find((r) => r.member_id === raw(other.memberId))!.status).toBe('UNREACHABLE');
    const toDeputy = messages.slice(before).filter((m) => m.at.atUserIds.includes('ding-deputy'));
    expect(toDeputy).toHaveLength(1);
    expect(toDeputy[0].text.content).toContain('接报后30分钟内报告领导小组');
    expect(toDeputy[0].text.content).not.toContain('确认码');
    // The assignee is still told as the assignee (the roster of an earlier case also has them on duty), never as one to be told.
    const director1 = await su.query(`select reason from notification where tenant_id = $1 and incident_id = $2 and member_id = $3 order by reason`, [raw(tenant.id), incidentId, raw(director.memberId)]);
    expect(director1.rows.map((r) => r.reason)).toContain('TASK_ASSIGNED');
    expect(director1.rows.map((r) => r.reason)).not.toContain('DUTY_NOTIFY');

    // A 举报 naming the deputy: the deputy is never told, the other holder of the role is.
    const leader = await addMember(server, tenant, ['GROUP_LEADER']);
    const beforeSecret = messages.length;
    const secret = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(tenant.rootUnitId, { category: 'REPORT_AGAINST_OFFICIAL', subjectMemberIds: [deputy.memberId] }) }, leader.token);
    const secretId = raw(secret.reportIncident.incident.id);
    await worker().runOnce();
    expect((await toldOf(secretId)).map((r) => r.member_id)).toEqual([raw(other.memberId)]);
    expect(messages.slice(beforeSecret).filter((m) => m.at.atUserIds.includes('ding-deputy'))).toEqual([]);
    await su.end();
  });

  it('a reassigned task tells the new assignee and the member it was taken from, who learns only that it left them', async () => {
    const su = await superuserClient(server.databaseUrl);
    const rep = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(tenant.rootUnitId, { summary: '改派通知' }) }, director.token);
    const notifyTask = rep.reportIncident.incident.tasks.find((t: any) => t.dutyKind === 'NOTIFY');
    expect(notifyTask.assignee.id).toBe(director.memberId);
    await worker().runOnce();
    const before = messages.length;
    const moved = await ok<any>(server.url, `mutation($input: ReassignTaskInput!) { reassignTask(input: $input) { task { id } userErrors { code } } }`,
      { input: { taskId: notifyTask.id, memberId: liaison.memberId, reason: '主任外出' } }, director.token);
    expect(moved.reassignTask.userErrors).toEqual([]);
    await worker().runOnce();
    const rows = (await su.query(`select member_id, reason, task_id from notification where tenant_id = $1 and task_id = $2 and reason like 'TASK_REASSIGNED%' order by reason`,
      [raw(tenant.id), raw(notifyTask.id)])).rows;
    expect(rows).toEqual([
      { member_id: raw(liaison.memberId), reason: 'TASK_REASSIGNED', task_id: raw(notifyTask.id) },
      { member_id: raw(director.memberId), reason: 'TASK_REASSIGNED_AWAY', task_id: raw(notifyTask.id) },
    ]);
    const toDirector = messages.slice(before).filter((m) => m.at.atUserIds.includes('ding-director'));
    expect(toDirector).toHaveLength(1);
    expect(toDirector[0].text.content).toContain('改由他人承办');
    expect(toDirector[0].text.content).not.toContain(rep.reportIncident.receipt.receiptNumber);
    expect(toDirector[0].text.content).not.toContain('接报后30分钟内报告领导小组');
    await su.end();
  });
});

