// The log obeys the same sight as what it describes. A report against an
// official (举报) stays hidden from its subject (given AUDIT_READ) and from a
// recused auditor on every log path, while the chain still verifies for them;
// the tenant administrator reads the structure view and never case content.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, mutationDoc, publishPlan, reportInput } from '../support/incidents.js';

let server: TestServer;
let tenant: TenantFixture;
type M = { memberId: string; token: string; email: string };
let reporter: M, subject: M, recused: M, auditor: M;
let secret: any;
let open: any;

const SUMMARY = '举报某干部违规收受礼金（保密测试）';
const DEMANDS = '要求纪委依规查处（保密测试）';
const REPORT_BODY = '已初核（保密测试）';
const ENTRY = `id seq action incidentId target { type id } changes { type id before after } reason record`;
const LOG = `query($filter: AuditLogFilter, $after: String) { auditLog(filter: $filter, first: 100, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { ${ENTRY} } } } }`;
const VERIFY = `query { verifyAuditLog { ok checkedEntries headSeq firstBrokenSeq } }`;

async function log(token: string, filter: Record<string, unknown> | null = null): Promise<{ total: number; entries: any[]; text: string }> {
  const entries: any[] = [];
  let text = '';
  let total = 0;
  let after: string | null = null;
  do {
    const data: any = await ok<any>(server.url, LOG, { filter, after }, token);
    total = data.auditLog.totalCount;
    entries.push(...data.auditLog.edges.map((e: any) => e.node));
    text += JSON.stringify(data);
    after = data.auditLog.pageInfo.hasNextPage ? data.auditLog.pageInfo.endCursor : null;
  } while (after);
  expect(entries.length).toBe(total);
  return { total, entries, text };
}

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'DISCIPLINE_COMMISSION');
  // The subject is an official who also holds the auditor's reading rights: the rule, not the role, keeps the case from them.
  const role = await ok<any>(server.url, `mutation { createRole(input: { name: "兼审计员", permissions: [AUDIT_READ, INCIDENT_READ, UNIT_READ] }) { role { id } } }`, {}, tenant.adminToken);
  tenant.roles['兼审计员'] = role.createRole.role.id;
  reporter = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  subject = await addMember(server, tenant, ['兼审计员']);
  recused = await addMember(server, tenant, ['AUDITOR']);
  auditor = await addMember(server, tenant, ['AUDITOR']);
  await publishPlan(server, tenant, TEST_LEVELS);

  secret = (await ok<any>(server.url, REPORT_INCIDENT, {
    input: reportInput(tenant.rootUnitId, {
      category: 'REPORT_AGAINST_OFFICIAL', summary: SUMMARY, demands: DEMANDS,
      subjectMemberIds: [subject.memberId], recusedMemberIds: [recused.memberId],
      petitioners: [{ name: '实名举报人', contact: '13900000000' }],
    }),
  }, reporter.token)).reportIncident.incident;
  await ok(server.url, mutationDoc('addIncidentReport', 'AddIncidentReportInput', 'report { id }'), { input: { incidentId: secret.id, kind: 'SITUATION', body: REPORT_BODY } }, reporter.token);
  // A read of the petitioner's name: a petitioner.read_pii entry about the case.
  await ok(server.url, `query($id: ID!) { incident(id: $id) { petitioners { name } } }`, { id: secret.id }, reporter.token);
  open = (await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(tenant.rootUnitId) }, reporter.token)).reportIncident.incident;
});
afterAll(async () => {
  await server?.stop();
});

describe('a confidential case in the log', () => {
  it('is there for an auditor who may see the case (the control)', async () => {
    const { entries, text } = await log(auditor.token, { incidentId: secret.id });
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['incident.report', 'incident.add_report', 'petitioner.read_pii']));
    // The case's summary and demands are sealed at rest, in the log's change sets too (encryption at rest);
    // what stays plain there (the receipt number, a report's body) is what the paths below must keep from the excluded.
    expect(text).toContain(secret.receiptNumber);
    expect(text).toContain(REPORT_BODY);
    expect(text).not.toContain(SUMMARY);
    expect(text).toMatch(/"summary":"xfenc1:/);
  });

  for (const who of ['subject', 'recused'] as const) {
    it(`is invisible to the ${who} on every log path, and the chain still verifies for them`, async () => {
      const token = who === 'subject' ? subject.token : recused.token;
      const paths = [
        null,
        { incidentId: secret.id },
        { actionPrefix: 'incident.' },
        { actionPrefix: 'petitioner.' },
        { targetType: 'Incident' },
        { targetId: secret.id },
        { actions: ['incident.report', 'petitioner.read_pii'] },
      ];
      for (const filter of paths) {
        const { entries, text } = await log(token, filter);
        expect(entries.filter((e) => e.incidentId === secret.id), JSON.stringify(filter)).toEqual([]);
        expect(text, JSON.stringify(filter)).not.toContain(SUMMARY);
        expect(text, JSON.stringify(filter)).not.toContain(DEMANDS);
        expect(text, JSON.stringify(filter)).not.toContain(secret.receiptNumber);
        expect(text, JSON.stringify(filter)).not.toContain(REPORT_BODY);
      }
      // The other case, and the structure, stay readable.
      const visible = await log(token, { incidentId: open.id });
      expect(visible.entries.map((e) => e.action)).toContain('incident.report');
      // Entry by entry through node(id:): what the auditor sees of the case is NOT_FOUND for them.
      for (const entry of (await log(auditor.token, { incidentId: secret.id })).entries) {
        const res = await gql<any>(server.url, `query($id: ID!) { node(id: $id) { id } }`, { id: entry.id }, token);
        expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
        expect(JSON.stringify(res)).not.toContain(SUMMARY);
      }
      const verified = (await ok<any>(server.url, VERIFY, {}, token)).verifyAuditLog;
      expect(verified).toMatchObject({ ok: true, firstBrokenSeq: null });
      expect(verified.checkedEntries).toBe(verified.headSeq);
    });
  }
});

describe('the tenant administrator', () => {
  it('reads the structure view: units, roles, members, settings, sign-ins; never an incident summary or demands', async () => {
    const { entries, text } = await log(tenant.adminToken);
    const actions = new Set(entries.map((e) => e.action));
    for (const a of ['tenant.provision', 'role.create', 'member.invite', 'session.login']) expect(actions, a).toContain(a);
    expect(entries.filter((e) => e.incidentId !== null)).toEqual([]);
    expect([...actions].filter((a) => !/^(tenant|unit|role|member|session|user|calendar|log)\./.test(a))).toEqual([]);
    for (const secretText of [SUMMARY, DEMANDS, secret.receiptNumber, open.receiptNumber, '反映土地征收补偿款']) expect(text).not.toContain(secretText);
    for (const filter of [{ incidentId: open.id }, { actionPrefix: 'incident.' }, { actionPrefix: 'plan.' }, { targetType: 'Incident' }]) {
      expect((await log(tenant.adminToken, filter)).entries, JSON.stringify(filter)).toEqual([]);
    }
    const incidentEntry = (await log(auditor.token, { incidentId: open.id })).entries[0];
    const res = await gql<any>(server.url, `query($id: ID!) { node(id: $id) { id } }`, { id: incidentEntry.id }, tenant.adminToken);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const verified = (await ok<any>(server.url, VERIFY, {}, tenant.adminToken)).verifyAuditLog;
    expect(verified.ok).toBe(true);
  });

  it('holds the structure permission, not the auditor\'s', async () => {
    const me = await ok<any>(server.url, `query { me { permissions } }`, {}, tenant.adminToken);
    expect(me.me.permissions).toContain('AUDIT_STRUCTURE_READ');
    expect(me.me.permissions).not.toContain('AUDIT_READ');
    const denied = await gql<any>(server.url, `query($id: ID!) { incident(id: $id) { id } }`, { id: open.id }, tenant.adminToken);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
