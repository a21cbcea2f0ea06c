// Typed records on a case: interview, scene record and work summary drafts,
// edited by their author with every version kept, locked once filed; hidden
// with the incident from recused members.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, publishPlan, reportInput } from '../support/incidents.js';

const FIELDS = `id kind status version filedAt author { id }
  interview { heldAt place interviewers interviewees peoplePresent text }
  scene { observedAt place peoplePresent text }
  workSummary { title period text }
  versions { version status interview { text } scene { text } workSummary { text } }`;
const m = (name: string, type: string) => `mutation($input: ${type}!) { ${name}(input: $input) { record { ${FIELDS} } userErrors { code field message } } }`;
const CREATE = m('createCaseRecord', 'CreateCaseRecordInput');
const UPDATE = m('updateCaseRecord', 'UpdateCaseRecordInput');
const FILE = m('fileCaseRecord', 'FileCaseRecordInput');

type M = { memberId: string; token: string };
let server: TestServer;
let tenant: TenantFixture;
let author: M, colleague: M, recused: M;
let village: string;
let confidential: any;

const interview = {
  heldAt: '2026-12-01T02:00:00.000Z',
  place: '乡纪委谈话室',
  interviewers: ['徐主任', '邓亚楠'],
  interviewees: ['李四'],
  peoplePresent: ['记录人 王五'],
  text: '问：你反映的问题是什么？答：某干部收受礼金。',
};

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'DISCIPLINE_COMMISSION');
  village = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '东村', 'VILLAGE');
  author = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  colleague = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  recused = await addMember(server, tenant, ['GROUP_LEADER']);
  await addMember(server, tenant, ['LIAISON'], village);
  await publishPlan(server, tenant, TEST_LEVELS);
  confidential = (await ok<any>(server.url, REPORT_INCIDENT, {
    input: reportInput(village, { category: 'REPORT_AGAINST_OFFICIAL', summary: '举报某干部违规收受礼金', demands: '要求查处', recusedMemberIds: [recused.memberId] }),
  }, author.token)).reportIncident.incident;
});
afterAll(async () => {
  await server?.stop();
});

describe('typed case records', () => {
  it('keeps an interview record as a draft its author edits, every version kept, locked once filed', async () => {
    const created = (await ok<any>(server.url, CREATE, { input: { incidentId: confidential.id, kind: 'INTERVIEW', interview } }, author.token)).createCaseRecord.record;
    expect(created).toMatchObject({ kind: 'INTERVIEW', status: 'DRAFT', version: 1, author: { id: author.memberId }, interview, scene: null, workSummary: null });

    const edited = (await ok<any>(server.url, UPDATE, { input: { recordId: created.id, expectedVersion: 1, interview: { ...interview, text: `${interview.text}（已核对）` } } }, author.token)).updateCaseRecord.record;
    expect(edited.version).toBe(2);
    expect(edited.versions.map((v: any) => v.interview.text)).toEqual([interview.text, `${interview.text}（已核对）`]);

    // Not the author: refused, and nothing changed.
    const other = await gql<any>(server.url, UPDATE, { input: { recordId: created.id, interview } }, colleague.token);
    expect(other.data.updateCaseRecord.userErrors.map((e: any) => e.code)).toEqual(['NOT_RECORD_AUTHOR']);
    // A stale version: refused.
    const stale = await gql<any>(server.url, UPDATE, { input: { recordId: created.id, expectedVersion: 1, interview } }, author.token);
    expect(stale.data.updateCaseRecord.userErrors.map((e: any) => e.code)).toEqual(['STALE_OBJECT']);
    // The fields of another kind: refused.
    const wrong = await gql<any>(server.url, UPDATE, { input: { recordId: created.id, workSummary: { title: 't', text: 'x' } } }, author.token);
    expect(wrong.data.updateCaseRecord.userErrors.map((e: any) => e.code)).toEqual(['RECORD_FIELDS_MISMATCH']);

    const filed = (await ok<any>(server.url, FILE, { input: { recordId: created.id, expectedVersion: 2 } }, author.token)).fileCaseRecord.record;
    expect(filed).toMatchObject({ status: 'FILED', version: 3 });
    expect(filed.filedAt).toBeTruthy();
    expect(filed.versions.map((v: any) => [v.version, v.status])).toEqual([[1, 'DRAFT'], [2, 'DRAFT'], [3, 'FILED']]);

    const after = await gql<any>(server.url, UPDATE, { input: { recordId: created.id, interview } }, author.token);
    expect(after.data.updateCaseRecord.userErrors.map((e: any) => e.code)).toEqual(['RECORD_FILED']);
    const refile = await gql<any>(server.url, FILE, { input: { recordId: created.id } }, author.token);
    expect(refile.data.fileCaseRecord.userErrors.map((e: any) => e.code)).toEqual(['RECORD_FILED']);

    // Each change is in the log, the failed ones not.
    const log = await ok<any>(server.url, `{ auditLog(first: 100) { edges { node { action } } } }`, {}, (await addMember(server, tenant, ['AUDITOR'])).token);
    const actions = log.auditLog.edges.map((e: any) => e.node.action).filter((a: string) => a.startsWith('record.'));
    expect(actions.sort()).toEqual(['record.create', 'record.file', 'record.update']);
  });

  it('keeps scene records and work summaries with their own fields', async () => {
    const scene = { observedAt: '2026-12-01T01:00:00.000Z', place: '乡政府大门', peoplePresent: ['群众八人', '李副组长'], text: '群众情绪平稳，未堵塞大门。' };
    const s = (await ok<any>(server.url, CREATE, { input: { incidentId: confidential.id, kind: 'SCENE', scene } }, author.token)).createCaseRecord.record;
    expect(s).toMatchObject({ kind: 'SCENE', scene, interview: null });
    const summary = { title: '关于东村举报件的工作总结', period: '2026年12月', text: '一、基本情况……' };
    const w = (await ok<any>(server.url, CREATE, { input: { incidentId: confidential.id, kind: 'WORK_SUMMARY', workSummary: summary } }, colleague.token)).createCaseRecord.record;
    expect(w).toMatchObject({ kind: 'WORK_SUMMARY', workSummary: summary, author: { id: colleague.memberId } });
    const missing = await gql<any>(server.url, CREATE, { input: { incidentId: confidential.id, kind: 'SCENE' } }, author.token);
    expect(missing.data.createCaseRecord.userErrors.map((e: any) => e.code)).toEqual(['RECORD_FIELDS_MISMATCH']);
  });

  it('hides the records with the incident from a recused member', async () => {
    const list = await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { records { id kind } } }`, { id: confidential.id }, author.token);
    expect(list.incident.records.length).toBeGreaterThanOrEqual(3);
    const id = list.incident.records[0].id;
    const node = await gql<any>(server.url, `query($id: ID!) { node(id: $id) { id } }`, { id }, recused.token);
    expect(node.data?.node ?? null).toBeNull();
    expect((await gql<any>(server.url, `query($id: ID!) { node(id: $id) { id } }`, { id }, author.token)).data.node).toEqual({ id });
    const create = await gql<any>(server.url, CREATE, { input: { incidentId: confidential.id, kind: 'INTERVIEW', interview } }, recused.token);
    expect(create.data.createCaseRecord.userErrors.map((e: any) => e.code)).toEqual(['NOT_FOUND']);
  });

  it('lists records and versions under incidents in a fixed number of statements, whatever the page size', async () => {
    for (let i = 0; i < 4; i += 1) {
      const inc = (await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(village) }, author.token)).reportIncident.incident;
      const r = (await ok<any>(server.url, CREATE, { input: { incidentId: inc.id, kind: 'INTERVIEW', interview } }, author.token)).createCaseRecord.record;
      await ok(server.url, UPDATE, { input: { recordId: r.id, interview } }, author.token);
    }
    const q = `query($n: Int) { incidents(first: $n) { edges { node { id records { id author { id } versions { version } } } } } }`;
    const small = await gql<any>(server.url, q, { n: 1 }, author.token);
    const large = await gql<any>(server.url, q, { n: 5 }, author.token);
    expect(large.errors).toBeUndefined();
    expect(large.data.incidents.edges.filter((e: any) => e.node.records.length > 0).length).toBeGreaterThanOrEqual(4);
    expect(large.extensions?.sqlStatements).toBeGreaterThan(0);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });
});
