import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, mutationDoc, publishPlan, raw, reportInput } from '../support/incidents.js';
import { superuserClient } from '../support/db.js';
import { withSystemContext } from '../../src/platform/system-context.js';
import { tenantActor } from '../../src/modules/tenant/system-actor.service.js';
import { incidentAccess } from '../../src/modules/incident/incident.access.js';
import { Permission } from '../../src/platform/permissions.js';

let server: TestServer;
let tenant: TenantFixture;
let village: string;
type M = { memberId: string; token: string; email: string };
let subject: M, reporter: M, recused: M, observer: M, deputy: M;
let incident: any;
let otherIncident: any;

const SHA = 'b'.repeat(64);

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'DISCIPLINE_COMMISSION');
  village = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '东村', 'VILLAGE');
  // The subject holds the notifying role and joined first: without the exclusion it would get the task.
  subject = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  reporter = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  recused = await addMember(server, tenant, ['GROUP_LEADER']);
  deputy = await addMember(server, tenant, ['DEPUTY_LEADER']);
  observer = await addMember(server, tenant, ['MEMBER']);
  await addMember(server, tenant, ['LIAISON'], village);
  await publishPlan(server, tenant, TEST_LEVELS);

  const data = await ok<any>(server.url, REPORT_INCIDENT, {
    input: reportInput(village, {
      category: 'REPORT_AGAINST_OFFICIAL',
      summary: '举报某干部违规收受礼金',
      demands: '要求查处',
      subjectMemberIds: [subject.memberId],
      recusedMemberIds: [recused.memberId],
      petitioners: [{ name: '李四', contact: '13900000000' }, { name: '王五', contact: null }],
    }),
  }, reporter.token);
  incident = data.reportIncident.incident;
  await ok(server.url, mutationDoc('addIncidentReport', 'AddIncidentReportInput', 'report { id }'), { input: { incidentId: incident.id, kind: 'SITUATION', body: '已初核' } }, reporter.token);
  await ok(server.url, mutationDoc('recordEvidence', 'RecordEvidenceInput', 'evidence { id }'), {
    input: { incidentId: incident.id, evidence: { kind: 'DOCUMENT', sha256: SHA, sizeBytes: 10, storageKey: 'reports/1.pdf' } },
  }, reporter.token);
  otherIncident = (await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(village) }, reporter.token)).reportIncident.incident;
});
afterAll(async () => {
  await server?.stop();
});

const DETAIL = `query($id: ID!) { incident(id: $id) {
  id confidential exclusions { kind member { id } }
  tasks { id dutyKey assignee { id } } reports { id } evidence { id } clocks { id } petitioners { id name contact representative } } }`;

describe('a report against an official (举报)', () => {
  it('keeps the subject out of the duties it would otherwise get', async () => {
    expect(incident.confidential).toBe(true);
    const notify = incident.tasks.find((t: any) => t.dutyKey === 'notify');
    expect(notify.assignee.id).toBe(reporter.memberId);
    for (const t of incident.tasks) expect([subject.memberId, recused.memberId]).not.toContain(t.assignee?.id);
  });

  it('is NOT_FOUND for the subject and the recused member on every path, whatever their role', async () => {
    const detail = await ok<any>(server.url, DETAIL, { id: incident.id }, reporter.token);
    const i = detail.incident;
    // Both rows are written in one transaction (same creation time): compare without their order.
    expect([...i.exclusions].sort((a: any, b: any) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'RECUSED', member: { id: recused.memberId } },
      { kind: 'SUBJECT', member: { id: subject.memberId } },
    ]);
    const childIds = [...i.tasks.map((t: any) => t.id), ...i.reports.map((r: any) => r.id), ...i.evidence.map((e: any) => e.id), ...i.clocks.map((c: any) => c.id), ...i.petitioners.map((p: any) => p.id)];
    expect(childIds.length).toBeGreaterThanOrEqual(7);

    for (const who of [subject, recused]) {
      const one = await gql(server.url, DETAIL, { id: incident.id }, who.token);
      expect(one.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(one.data).toBeNull();
      for (const id of [incident.id, ...childIds]) {
        const node = await gql(server.url, `query($id: ID!) { node(id: $id) { id } }`, { id }, who.token);
        expect(node.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      }
      const list = await ok<any>(server.url, `{ incidents(first: 50) { totalCount edges { node { id } } } }`, {}, who.token);
      const ids = list.incidents.edges.map((e: any) => e.node.id);
      expect(ids).toContain(otherIncident.id);
      expect(ids).not.toContain(incident.id);
      expect(list.incidents.totalCount).toBe(ids.length);
      const text = await ok<any>(server.url, `{ incidents(first: 50, filter: { text: "礼金" }) { edges { node { id } } } }`, {}, who.token);
      expect(text.incidents.edges).toEqual([]);

      // Mutations answer NOT_FOUND too, and change nothing.
      const ack = await ok<any>(server.url, mutationDoc('acknowledgeIncident', 'AcknowledgeIncidentInput', 'incident { id }'), { input: { incidentId: incident.id } }, who.token).catch((e) => e);
      expect(String(ack)).toContain('NOT_FOUND');
      const complete = await gql<any>(server.url, mutationDoc('completeTask', 'CompleteTaskInput', 'task { id }'), { input: { taskId: i.tasks[0].id } }, who.token);
      expect(complete.data.completeTask.userErrors[0].code).toBe('NOT_FOUND');
      const report = await gql<any>(server.url, mutationDoc('addIncidentReport', 'AddIncidentReportInput', 'report { id }'), { input: { incidentId: incident.id, kind: 'SITUATION', body: 'x' } }, who.token);
      expect(report.data.addIncidentReport.userErrors[0].code).toBe('NOT_FOUND');
    }
    const after = await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { version status } }`, { id: incident.id }, reporter.token);
    expect(after.incident.status).toBe('REPORTED');
  });

  it('cannot be owned by, nor extended with the approval of, someone kept out of it', async () => {
    const owner = await gql<any>(server.url, mutationDoc('assignCaseOwner', 'AssignCaseOwnerInput'), { input: { incidentId: incident.id, memberId: recused.memberId } }, deputy.token);
    expect(owner.data.assignCaseOwner.userErrors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'memberId'] });
  });

  it('is filtered out by incidentAccess.visibleIncidentIds for the excluded members (the rule realtime uses)', async () => {
    const tid = raw(tenant.id);
    const check = async (member: M, permissions?: Permission[]) => {
      const actor = await tenantActor(server.deps, tid, { userId: '00000000-0000-4000-8000-000000000000', email: member.email, memberId: raw(member.memberId), roleLabels: [] }, permissions);
      return withSystemContext(server.deps, actor, (ctx) => incidentAccess.visibleIncidentIds(ctx, [raw(incident.id), raw(otherIncident.id)]));
    };
    expect([...(await check(reporter))].sort()).toEqual([raw(incident.id), raw(otherIncident.id)].sort());
    expect([...(await check(subject))]).toEqual([raw(otherIncident.id)]);
    expect([...(await check(recused))]).toEqual([raw(otherIncident.id)]);
    expect([...(await check(reporter, [Permission.UNIT_READ]))]).toEqual([]);
  });

  it('refuses subjects on other categories', async () => {
    const res = await gql<any>(server.url, REPORT_INCIDENT, { input: reportInput(village, { subjectMemberIds: [subject.memberId] }) }, reporter.token);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    expect(res.data.reportIncident.userErrors[0].code).toBe('CONFIDENTIAL_CATEGORY_ONLY');
  });
});

describe('petitioner personal data', () => {
  async function piiEntries(db: any, memberId: string) {
    const { rows } = await db.query(
      `select target_type, target_id, incident_id from log_entry where action = 'petitioner.read_pii' and actor_member_id = $1 order by seq`,
      [raw(memberId)],
    );
    return rows;
  }

  it('is never shown to a member without PETITIONER_PII_READ, and nothing is logged for it', async () => {
    const db = await superuserClient(server.databaseUrl);
    try {
      const data = await ok<any>(server.url, DETAIL, { id: otherIncident.id }, observer.token);
      expect(data.incident.petitioners).toEqual([{ id: expect.any(String), name: null, contact: null, representative: false }]);
      const viaNode = await ok<any>(server.url, `query($id: ID!) { node(id: $id) { ... on Petitioner { name contact } } }`, { id: data.incident.petitioners[0].id }, observer.token);
      expect(viaNode.node).toEqual({ name: null, contact: null });
      expect(await piiEntries(db, observer.memberId)).toEqual([]);
      const text = JSON.stringify(data);
      expect(text).not.toContain('张三');
    } finally {
      await db.end();
    }
  });

  it('is shown with the permission, and every read appends a log entry naming the petitioner', async () => {
    const db = await superuserClient(server.databaseUrl);
    try {
      const before = (await piiEntries(db, reporter.memberId)).length;
      const data = await ok<any>(server.url, DETAIL, { id: incident.id }, reporter.token);
      expect(data.incident.petitioners.map((p: any) => [p.name, p.contact])).toEqual([['李四', '13900000000'], ['王五', null]]);
      const entries = (await piiEntries(db, reporter.memberId)).slice(before);
      expect(entries).toEqual(data.incident.petitioners.map((p: any) => ({ target_type: 'Petitioner', target_id: raw(p.id), incident_id: raw(incident.id) })));
      // A second operation reads again and is logged again; name and contact in one operation count as one read.
      await ok(server.url, `query($id: ID!) { incident(id: $id) { petitioners { name } } }`, { id: incident.id }, reporter.token);
      expect((await piiEntries(db, reporter.memberId)).length).toBe(before + 4);
    } finally {
      await db.end();
    }
  });

  it('never appears in the log\'s change sets', async () => {
    const db = await superuserClient(server.databaseUrl);
    try {
      const { rows } = await db.query(`select changes::text as c from log_entry where action = 'incident.report'`);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.c).not.toContain('李四');
        expect(r.c).not.toContain('13900000000');
      }
      expect(rows.some((r) => r.c.includes('[redacted]'))).toBe(true);
    } finally {
      await db.end();
    }
  });
});
