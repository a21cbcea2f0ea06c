// Prevention records (issue 20 part 4, plan 004 预防阶段): a grievance recorded
// before anyone petitioned, worked on and resolved locally, or turned into an
// incident with its history when a petition is made; past its due date
// unresolved, one accountability finding against its owner. The stance guard
// keeps out who plans to petition, when or where.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { gql, ok } from '../support/fixtures.js';
import { raw } from '../support/incidents.js';
import { at, findingsOf, hours, sweep, township, type Township } from '../support/accountability.js';

const CONCERN_FIELDS = `id issue affectedCount plannedResolution resolveBy status resolution version closedAt
  unit { id } owner { id } recordedBy { id } closedBy { id } updates { note recordedBy { id } } incident { id }`;
const RECORD = `mutation($input: RecordConcernInput!) { recordConcern(input: $input) { concern { ${CONCERN_FIELDS} } userErrors { code field message } } }`;
const UPDATE = `mutation($input: AddConcernUpdateInput!) { addConcernUpdate(input: $input) { concern { ${CONCERN_FIELDS} } userErrors { code field message } } }`;
const RESOLVE = `mutation($input: ResolveConcernInput!) { resolveConcern(input: $input) { concern { ${CONCERN_FIELDS} } userErrors { code field message } } }`;
const OPEN = `mutation($input: OpenIncidentFromConcernInput!) { openIncidentFromConcern(input: $input) {
  concern { ${CONCERN_FIELDS} } incident { id summary headcount receivedAt levelKey clocks { kind startedAt } concern { id issue updates { note } } }
  userErrors { code field message } } }`;
const LIST = `query($n: Int!, $filter: ConcernFilter) { concerns(first: $n, filter: $filter) { totalCount edges { node { ${CONCERN_FIELDS} } } } }`;

let server: TestServer;
let t: Township;
let other: Township;
let db: pg.Client;

/** A mutation's data, its userErrors included (ok() throws on them). */
async function call(query: string, variables: Record<string, unknown>, token: string): Promise<any> {
  const res = await gql<any>(server.url, query, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

const future = (ms: number) => new Date(Date.now() + ms).toISOString();
const wages = (extra: Record<string, unknown> = {}) => ({
  unitId: t.village, issue: '某建筑工地拖欠30名务工人员工资三个月', affectedCount: 30, plannedResolution: '乡劳动保障所约谈施工企业，督促限期足额支付', resolveBy: future(hours(72)), ...extra,
});

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  t = await township(server);
  other = await township(server);
});
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('recording a concern', () => {
  it('records the grievance with an owner and a due date; no incident, no statutory clock', async () => {
    const before = await db.query('select count(*)::int as n from incident where tenant_id = $1', [t.tenantId]);
    const r = await call(RECORD, { input: wages({ ownerId: t.liaison.memberId }) }, t.director.token);
    expect(r.recordConcern.userErrors).toEqual([]);
    expect(r.recordConcern.concern).toMatchObject({ status: 'OPEN', affectedCount: 30, owner: { id: t.liaison.memberId }, recordedBy: { id: t.director.memberId }, unit: { id: t.village }, updates: [], incident: null });
    const after = await db.query('select count(*)::int as n from incident where tenant_id = $1', [t.tenantId]);
    expect(after.rows[0].n).toBe(before.rows[0].n);
    const clocks = await db.query('select count(*)::int as n from statutory_clock where tenant_id = $1', [t.tenantId]);
    expect(clocks.rows[0].n).toBe(0);
  });

  it('the stance guard refuses who plans to petition, when or where, and watching or controlling people', async () => {
    for (const [field, text] of [
      ['issue', '30名工人拟于12月5日到县政府上访'],
      ['issue', '掌握带头人的动向'],
      ['issue', '务工人员预计下周进京反映'],
      ['plannedResolution', '对重点人员每人联系，动态稳控，确保不脱控'],
      ['plannedResolution', '安排专人监控，防止越级上访'],
    ] as const) {
      const r = await call(RECORD, { input: wages({ [field]: text }) }, t.director.token);
      expect(r.recordConcern.concern, text).toBeNull();
      expect(r.recordConcern.userErrors.map((e: any) => [e.code, e.field.join('.')]), text).toEqual([['CONCERN_STANCE_TEXT', `input.${field}`]]);
    }
    // Forbidding it is fine: the guard reads negations as the plans do.
    const ok2 = await call(RECORD, { input: wages({ plannedResolution: '当面听取意见，依法解决；不得跟踪、监控任何人' }) }, t.director.token);
    expect(ok2.recordConcern.userErrors).toEqual([]);
  });

  it('a due date already past is refused (no finding before anyone could act); the auditor reads but cannot record', async () => {
    const past = await call(RECORD, { input: wages({ resolveBy: new Date(Date.now() - 60_000).toISOString() }) }, t.director.token);
    expect(past.recordConcern.userErrors.map((e: any) => e.field.join('.'))).toEqual(['input.resolveBy']);
    const refused = await gql<any>(server.url, RECORD, { input: wages() }, t.auditor.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const read = await ok<any>(server.url, LIST, { n: 5 }, t.auditor.token);
    expect(read.concerns.totalCount).toBeGreaterThan(0);
  });

  it('another organisation sees none of it', async () => {
    const mine = (await ok<any>(server.url, LIST, { n: 1 }, t.director.token)).concerns.edges[0].node.id;
    expect((await ok<any>(server.url, LIST, { n: 50 }, other.director.token)).concerns.totalCount).toBe(0);
    const res = await gql<any>(server.url, `query($id: ID!) { concern(id: $id) { id } }`, { id: mine }, other.director.token);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const node = await gql<any>(server.url, `query($id: ID!) { node(id: $id) { id } }`, { id: mine }, other.director.token);
    expect(node.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('working on a concern', () => {
  it('updates record the work; resolving it closes it and takes no more updates', async () => {
    const c = (await call(RECORD, { input: wages() }, t.director.token)).recordConcern.concern;
    const u = await call(UPDATE, { input: { concernId: c.id, note: '已约谈施工企业负责人，承诺本周内支付一半' } }, t.liaison.token);
    expect(u.addConcernUpdate.concern.updates).toEqual([{ note: '已约谈施工企业负责人，承诺本周内支付一半', recordedBy: { id: t.liaison.memberId } }]);
    const bad = await call(UPDATE, { input: { concernId: c.id, note: '带头人准备上访' } }, t.liaison.token);
    expect(bad.addConcernUpdate.userErrors.map((e: any) => e.code)).toEqual(['CONCERN_STANCE_TEXT']);
    const r = await call(RESOLVE, { input: { concernId: c.id, resolution: '工资已全部支付，务工人员签字确认' } }, t.liaison.token);
    expect(r.resolveConcern.concern).toMatchObject({ status: 'RESOLVED', resolution: '工资已全部支付，务工人员签字确认', closedBy: { id: t.liaison.memberId } });
    const again = await call(UPDATE, { input: { concernId: c.id, note: '回访' } }, t.liaison.token);
    expect(again.addConcernUpdate.userErrors.map((e: any) => e.code)).toEqual(['CONCERN_NOT_OPEN']);
  });

  it('the list costs the same statements whatever the page size', async () => {
    for (let i = 0; i < 8; i++) {
      const c = (await call(RECORD, { input: wages({ issue: `村集体土地流转收益分配不公开（${i}）` }) }, t.director.token)).recordConcern.concern;
      await call(UPDATE, { input: { concernId: c.id, note: `召开村民代表会议公开账目（${i}）` } }, t.director.token);
    }
    const small = await gql<any>(server.url, LIST, { n: 2 }, t.director.token);
    const large = await gql<any>(server.url, LIST, { n: 10 }, t.director.token);
    expect(small.errors).toBeUndefined();
    expect(large.data.concerns.edges.length).toBe(10);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
    const open = await ok<any>(server.url, LIST, { n: 50, filter: { statuses: ['RESOLVED'] } }, t.director.token);
    expect(open.concerns.edges.every((e: any) => e.node.status === 'RESOLVED')).toBe(true);
  });
});

describe('a concern that becomes an incident', () => {
  it('opens the incident with the concern\'s history; the clocks start at the petition, not at the concern', async () => {
    const c = (await call(RECORD, { input: wages() }, t.director.token)).recordConcern.concern;
    await call(UPDATE, { input: { concernId: c.id, note: '企业称资金困难，正协调住建部门' } }, t.director.token);
    const receivedAt = new Date(Date.now() - 60_000).toISOString();
    const r = await call(OPEN, { input: { concernId: c.id, category: 'GROUP_VISIT', receivedAt, demands: '要求支付拖欠工资', petitioners: [{ name: '王五', representative: true }] } }, t.director.token);
    expect(r.openIncidentFromConcern.userErrors).toEqual([]);
    const incident = r.openIncidentFromConcern.incident;
    expect(incident).toMatchObject({ summary: '某建筑工地拖欠30名务工人员工资三个月', headcount: 30, receivedAt, levelKey: 'TOWNSHIP_GROUP' });
    expect(incident.clocks.map((k: any) => [k.kind, k.startedAt])).toEqual([['ACCEPTANCE', receivedAt]]);
    expect(incident.concern).toEqual({ id: c.id, issue: c.issue, updates: [{ note: '企业称资金困难，正协调住建部门' }] });
    expect(r.openIncidentFromConcern.concern).toMatchObject({ status: 'BECAME_INCIDENT', incident: { id: incident.id } });
    // Two log entries: the report and the concern's change, one transaction.
    const { rows } = await db.query(`select action from log_entry where tenant_id = $1 and (target_id = $2 or incident_id = $3) order by seq`, [t.tenantId, raw(c.id), raw(incident.id)]);
    expect(rows.map((x) => x.action)).toEqual(['concern.record', 'concern.add_update', 'incident.report', 'concern.open_incident']);
    const again = await call(OPEN, { input: { concernId: c.id, category: 'GROUP_VISIT', demands: '再次' } }, t.director.token);
    expect(again.openIncidentFromConcern.userErrors.map((e: any) => e.code)).toEqual(['CONCERN_NOT_OPEN']);
  });

  it('a refused report leaves the concern open and writes nothing', async () => {
    const c = (await call(RECORD, { input: wages() }, t.director.token)).recordConcern.concern;
    const count = async () => Number((await db.query('select count(*) from log_entry where tenant_id = $1', [t.tenantId])).rows[0].count);
    const before = await count();
    const r = await call(OPEN, { input: { concernId: c.id, category: 'GROUP_VISIT', demands: '要求支付', receivedAt: future(hours(2)) } }, t.director.token);
    expect(r.openIncidentFromConcern.userErrors.map((e: any) => e.field.join('.'))).toEqual(['input.receivedAt']);
    expect(await count()).toBe(before);
    const still = await ok<any>(server.url, `query($id: ID!) { concern(id: $id) { status incident { id } } }`, { id: c.id }, t.director.token);
    expect(still.concern).toEqual({ status: 'OPEN', incident: null });
  });
});

describe('a concern left unresolved past its due date', () => {
  it('is one finding against its owner, however often the sweeper runs; one resolved in time is none', async () => {
    const late = (await call(RECORD, { input: wages({ resolveBy: future(hours(1)), ownerId: t.liaison.memberId, issue: '灌溉水渠年久失修，影响两个村民小组' }) }, t.director.token)).recordConcern.concern;
    const done = (await call(RECORD, { input: wages({ resolveBy: future(hours(1)), issue: '村道路灯损坏' }) }, t.director.token)).recordConcern.concern;
    await call(RESOLVE, { input: { concernId: done.id, resolution: '已维修' } }, t.director.token);
    const now = at(new Date(), hours(2));
    await sweep(server, t, now);
    await sweep(server, t, at(now, hours(1)));
    const findings = (await findingsOf(db, t.tenantId)).filter((f: any) => f.source === 'CONCERN');
    expect(findings.map((f: any) => [f.concern_id, f.outcome, f.responsible_member_id, f.responsible_unit_id])).toEqual([[raw(late.id), 'MISSED', raw(t.liaison.memberId), raw(t.village)]]);
    expect(findings[0].action).toContain('灌溉水渠年久失修');
    const mine = await ok<any>(server.url, `{ myAccountabilityFindings(first: 10) { edges { node { source outcome dutyKey } } } }`, {}, t.liaison.token);
    expect(mine.myAccountabilityFindings.edges.map((e: any) => e.node)).toContainEqual({ source: 'CONCERN', outcome: 'MISSED', dutyKey: 'concern' });
  });
});
