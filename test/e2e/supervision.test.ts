// 督办 over HTTP: the county orders the township on an assigned matter, the
// township answers; one entry on each side, both chains verify; events reach
// each side's subscribers; an unlinked tenant gets NOT_FOUND for the order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { gql, ok, platformAdmin } from '../support/fixtures.js';
import { township, reportAt, sweep, type Township } from '../support/accountability.js';
import { verifyTenantChain } from '../support/fault-checks.js';
import { WsSession, waitUntil } from '../support/ws.js';
import { INCIDENT_EVENTS_FULL } from '../support/realtime.js';
import { raw } from '../support/incidents.js';

let server: TestServer;
let db: pg.Client;
let county: Township;
let town: Township;
let stranger: Township;

const REFERRAL = 'referral { id stage returns incidentId } userErrors { code field message }';
const ORDER = 'order { id referralId instruction dueAt escalated cause answer answeredAt } userErrors { code field message }';
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

async function step(name: string, type: string, input: Record<string, unknown>, token: string, fields = REFERRAL) {
  const res = await gql<any>(server.url, `mutation($input: ${type}!) { ${name}(input: $input) { ${fields} } }`, { input }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data[name];
}

async function assigned(): Promise<{ referralId: string; incidentId: string }> {
  const incidentId = (await reportAt(server, county, 60_000)).id;
  const a = await step('assignMatter', 'AssignMatterInput', { incidentId, toTenantId: town.tenant.id, dueAt: inDays(10), instructions: '请核实并答复' }, county.leader.token);
  expect(a.userErrors).toEqual([]);
  return { referralId: a.referral.id, incidentId };
}

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  [county, town, stranger] = [await township(server), await township(server), await township(server)];
  const platform = await platformAdmin(server);
  const link = `mutation($input: LinkTenantsInput!) { linkTenants(input: $input) { userErrors { code } } }`;
  expect((await ok<any>(server.url, link, { input: { upperTenantId: county.tenant.id, lowerTenantId: town.tenant.id, kind: 'SUPERVISES' } }, platform.token)).linkTenants.userErrors).toEqual([]);
}, 400_000);

afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('督办 order and answer', () => {
  it('the county orders, the township answers; one entry on each side, events on each side\'s own incident', async () => {
    const sessions = [new WsSession(server.wsUrl, county.leader.token), new WsSession(server.wsUrl, town.director.token)];
    for (const s of sessions) await s.connected();
    const [up, down] = sessions.map((s) => s.subscribe(INCIDENT_EVENTS_FULL));
    try {
      const { referralId, incidentId } = await assigned();
      // Only the upper organ orders.
      const wrong = await step('issueSupervisionOrder', 'IssueSupervisionOrderInput', { referralId, instruction: 'x', dueAt: inDays(2) }, town.director.token, ORDER);
      expect(wrong.userErrors[0].code).toBe('WRONG_STAGE');
      const issued = await step('issueSupervisionOrder', 'IssueSupervisionOrderInput', { referralId, instruction: '请于两日内报告办理进展', dueAt: inDays(2) }, county.leader.token, ORDER);
      expect(issued.userErrors).toEqual([]);
      expect(issued.order).toMatchObject({ referralId, instruction: '请于两日内报告办理进展', escalated: false, answer: null });
      const orderId = issued.order.id;

      // Only the lower organ answers; once.
      expect((await step('answerSupervisionOrder', 'AnswerSupervisionOrderInput', { orderId, answer: 'x' }, county.leader.token, ORDER)).userErrors[0].code).toBe('WRONG_STAGE');
      const answered = await step('answerSupervisionOrder', 'AnswerSupervisionOrderInput', { orderId, answer: '已约谈相关人员，本周内办结' }, town.director.token, ORDER);
      expect(answered.userErrors).toEqual([]);
      expect(answered.order.answer).toBe('已约谈相关人员，本周内办结');
      expect((await step('answerSupervisionOrder', 'AnswerSupervisionOrderInput', { orderId, answer: 'again' }, town.director.token, ORDER)).userErrors[0].code).toBe('WRONG_STAGE');

      // Both sides read the order.
      for (const token of [county.leader.token, town.director.token]) {
        const node = (await ok<any>(server.url, `query($id: ID!) { node(id: $id) { ... on SupervisionOrder { id answer } } }`, { id: orderId }, token)).node;
        expect(node).toEqual({ id: orderId, answer: '已约谈相关人员，本周内办结' });
      }

      const { rows } = await db.query(
        `select tenant_id, action, event from log_entry where action like 'supervision.%' and tenant_id = any($1::uuid[]) order by tenant_id, seq`,
        [[county.tenantId, town.tenantId]],
      );
      for (const t of [county, town]) {
        expect(rows.filter((r) => r.tenant_id === t.tenantId).map((r) => [r.action, r.event])).toEqual([
          ['supervision.issue', 'SUPERVISION_ORDERED'],
          ['supervision.answer', 'SUPERVISION_ANSWERED'],
        ]);
        expect((await verifyTenantChain(server.deps, t.tenantId)).ok).toBe(true);
      }

      const has = (sub: typeof up, kind: string) => sub.events.some((e) => e.kind === kind);
      await waitUntil(() => ['SUPERVISION_ORDERED', 'SUPERVISION_ANSWERED'].every((k) => has(up, k) && has(down, k)), 'supervision events on both sides');
      expect(up.events.find((e) => e.kind === 'SUPERVISION_ORDERED').incidentId).toBe(incidentId);
      expect(down.events.find((e) => e.kind === 'SUPERVISION_ORDERED').incidentId).not.toBe(incidentId);
      expect(down.events.some((e) => e.incidentId === incidentId)).toBe(false);

      // An unlinked tenant: NOT_FOUND for the order, to read or to answer.
      const node = await gql<any>(server.url, `query($id: ID!) { node(id: $id) { id } }`, { id: orderId }, stranger.leader.token);
      expect(node.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect((await step('answerSupervisionOrder', 'AnswerSupervisionOrderInput', { orderId, answer: 'x' }, stranger.director.token, ORDER)).userErrors[0].code).toBe('NOT_FOUND');
      expect((await step('issueSupervisionOrder', 'IssueSupervisionOrderInput', { referralId, instruction: 'x', dueAt: inDays(2) }, stranger.leader.token, ORDER)).userErrors[0].code).toBe('NOT_FOUND');
    } finally {
      for (const s of sessions) await s.dispose();
    }
  });
});

describe('提级督办', () => {
  async function findingsOf(townIncident: string) {
    const { rows } = await db.query(`select duty_key, responsible_member_id from accountability_finding where tenant_id = $1 and incident_id = $2 and source = 'SUPERVISION'`, [town.tenantId, raw(townIncident)]);
    return rows;
  }

  it('after the third return: an order in the county\'s name by the system, an event on both sides, a finding in the township; once', async () => {
    const { referralId } = await assigned();
    const townIncident = (await ok<any>(server.url, `query($id: ID!) { node(id: $id) { ... on Referral { incidentId } } }`, { id: referralId }, town.director.token)).node.incidentId;
    const { rows: [owner] } = await db.query(`select case_owner_id, on_duty_member_id from incident where tenant_id = $1 and id = $2`, [town.tenantId, raw(townIncident)]);
    await step('acceptAssignment', 'ReferralActionInput', { referralId }, town.director.token);
    const report = { referralId, findings: 'f', outcome: 'o', replySent: false };
    for (let i = 1; i <= 3; i++) {
      expect((await step('submitClosingReport', 'SubmitClosingReportInput', report, town.director.token)).userErrors).toEqual([]);
      const ret = await step('returnClosingReport', 'ReturnClosingReportInput', { referralId, reasons: `第${i}次退回`, dueAt: inDays(5) }, county.leader.token);
      expect(ret.referral.returns).toBe(i);
      const { rows } = await db.query(`select count(*)::int as n from supervision_order where referral_id = $1 and cause = 'RETURNS'`, [raw(referralId)]);
      expect(rows[0].n).toBe(i < 3 ? 0 : 1);
    }
    const { rows: orders } = await db.query(`select tenant_id, receiver_tenant_id, issued_by, instruction from supervision_order where referral_id = $1 and cause = 'RETURNS'`, [raw(referralId)]);
    expect(orders).toEqual([{ tenant_id: county.tenantId, receiver_tenant_id: town.tenantId, issued_by: null, instruction: expect.stringContaining('提级督办') }]);
    const { rows: entries } = await db.query(
      `select tenant_id, actor_kind, incident_id from log_entry where action = 'supervision.escalate' and event = 'SUPERVISION_ESCALATED' and tenant_id = any($1::uuid[]) order by tenant_id`,
      [[county.tenantId, town.tenantId]],
    );
    expect(entries.map((e) => e.actor_kind)).toEqual(['SYSTEM', 'SYSTEM']);
    const findings = await findingsOf(townIncident);
    expect(findings).toEqual([{ duty_key: 'supervision:RETURNS', responsible_member_id: owner.case_owner_id ?? owner.on_duty_member_id }]);
    // The sweeper finds nothing more to escalate for it, twice.
    for (let i = 0; i < 2; i++) await sweep(server, null, new Date(), { tenantIds: [county.tenantId, town.tenantId] });
    expect(await findingsOf(townIncident)).toHaveLength(1);
    const { rows: again } = await db.query(`select count(*)::int as n from supervision_order where referral_id = $1 and cause is not null`, [raw(referralId)]);
    expect(again[0].n).toBe(1);
    for (const t of [county, town]) expect((await verifyTenantChain(server.deps, t.tenantId)).ok).toBe(true);
  });

  it('after a missed sign-in clock (the sweep\'s fake now): once, never twice across two sweeps', async () => {
    const { referralId } = await assigned();
    const townIncident = (await ok<any>(server.url, `query($id: ID!) { node(id: $id) { ... on Referral { incidentId signInDueAt } } }`, { id: referralId }, town.director.token)).node;
    const now = new Date(new Date(townIncident.signInDueAt).getTime() + 3_600_000);
    // Before the sign-in time nothing is escalated.
    await sweep(server, null, new Date(new Date(townIncident.signInDueAt).getTime() - 3_600_000), { tenantIds: [county.tenantId] });
    expect(await findingsOf(townIncident.incidentId)).toEqual([]);
    for (let i = 0; i < 2; i++) {
      const out = await sweep(server, null, now, { tenantIds: [county.tenantId, town.tenantId] });
      expect(out.failures).toEqual([]);
    }
    const { rows: orders } = await db.query(`select cause, issued_by from supervision_order where referral_id = $1 and cause is not null`, [raw(referralId)]);
    expect(orders).toEqual([{ cause: 'SIGN_IN_MISSED', issued_by: null }]);
    expect((await findingsOf(townIncident.incidentId)).map((f) => f.duty_key)).toEqual(['supervision:SIGN_IN_MISSED']);
    const { rows: entries } = await db.query(
      `select tenant_id from log_entry where action = 'supervision.escalate' and tenant_id = any($1::uuid[]) and (incident_id = $2 or incident_id = (select sender_incident_id from referral where id = $3))`,
      [[county.tenantId, town.tenantId], raw(townIncident.incidentId), raw(referralId)],
    );
    expect(entries.map((e) => e.tenant_id).sort()).toEqual([county.tenantId, town.tenantId].sort());
    for (const t of [county, town]) expect((await verifyTenantChain(server.deps, t.tenantId)).ok).toBe(true);
  });
  it('a 督办 order left unanswered past its due time: escalated once, the finding due at the order\'s time; one answered in time is not', async () => {
    const late = await assigned();
    const kept = await assigned();
    for (const r of [late, kept]) await step('acceptAssignment', 'ReferralActionInput', { referralId: r.referralId }, town.director.token);
    const order = async (referralId: string) => (await step('issueSupervisionOrder', 'IssueSupervisionOrderInput', { referralId, instruction: '请三日内说明进展', dueAt: inDays(1) }, county.leader.token, ORDER)).order;
    const lateOrder = await order(late.referralId);
    const keptOrder = await order(kept.referralId);
    expect((await step('answerSupervisionOrder', 'AnswerSupervisionOrderInput', { orderId: keptOrder.id, answer: '已约谈信访人，正在核查' }, town.director.token, ORDER)).userErrors).toEqual([]);
    const townIncident = async (referralId: string) => (await ok<any>(server.url, `query($id: ID!) { node(id: $id) { ... on Referral { incidentId } } }`, { id: referralId }, town.director.token)).node.incidentId;
    // Before its due time nothing; after it, one 提级督办 however often the sweeper runs.
    await sweep(server, null, new Date(Date.now() + 3_600_000), { tenantIds: [county.tenantId, town.tenantId] });
    expect(await findingsOf(await townIncident(late.referralId))).toEqual([]);
    const after = new Date(new Date(lateOrder.dueAt).getTime() + 3_600_000);
    for (let i = 0; i < 2; i++) expect((await sweep(server, null, after, { tenantIds: [county.tenantId, town.tenantId] })).failures).toEqual([]);
    const { rows: orders } = await db.query(`select cause, issued_by, instruction from supervision_order where referral_id = $1 and cause is not null`, [raw(late.referralId)]);
    expect(orders).toEqual([{ cause: 'ANSWER_MISSED', issued_by: null, instruction: '提级督办：督办事项逾期未答复' }]);
    const { rows: findings } = await db.query(`select duty_key, due_at from accountability_finding where tenant_id = $1 and incident_id = $2 and source = 'SUPERVISION'`, [town.tenantId, raw(await townIncident(late.referralId))]);
    expect(findings).toEqual([{ duty_key: 'supervision:ANSWER_MISSED', due_at: new Date(lateOrder.dueAt) }]);
    expect(await findingsOf(await townIncident(kept.referralId))).toEqual([]);
    for (const t of [county, town]) expect((await verifyTenantChain(server.deps, t.tenantId)).ok).toBe(true);
  });
});
