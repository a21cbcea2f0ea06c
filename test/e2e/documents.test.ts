// Statutory documents generated from a case: each kind drafted from the
// template, approved by another leader, numbered without gaps (also under 8
// concurrent approvals), rendered to a PDF whose Chinese text an outside
// extractor reads back (the font is embedded) and to a DOCX whose
// document.xml holds the facts; served with a receipt.
import 'reflect-metadata';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, mutationDoc, publishPlan, reportInput } from '../support/incidents.js';
import { superuserClient } from '../support/db.js';
import { download, pdfLike, upload } from '../support/files.js';
import { docxText, docxXml, pdfText } from '../support/document-text.js';

const DOC = `document { id kind status title body number servedLate serviceMethod
  pdf { id sha256 downloadPath contentType } docx { id sha256 downloadPath } receipt { id } draftedBy { id } approvedBy { id } }`;
const DRAFT = mutationDoc('draftDocument', 'DraftDocumentInput', DOC);
const UPDATE = mutationDoc('updateDocumentDraft', 'UpdateDocumentDraftInput', DOC);
const APPROVE = mutationDoc('approveDocument', 'ApproveDocumentInput', DOC);
const SERVE = mutationDoc('recordService', 'RecordServiceInput', DOC);
const KINDS = ['ACCEPTANCE_NOTICE', 'NON_ACCEPTANCE_NOTICE', 'NO_FURTHER_ACCEPTANCE_NOTICE', 'EXTENSION_NOTICE', 'REPLY_OPINION', 'REVIEW_OPINION', 'REREVIEW_OPINION'];
const MAJOR = new Set(['NO_FURTHER_ACCEPTANCE_NOTICE', 'REVIEW_OPINION', 'REREVIEW_OPINION']);

type M = { memberId: string; token: string };
let server: TestServer;
let tenant: TenantFixture;
let village: string;
let handler: M, deputy: M, principal: M;
let db: pg.Client;
let incident: any;
let receiptNumber: string;

async function caseAtReply(): Promise<any> {
  const reported = await ok<any>(server.url, REPORT_INCIDENT, {
    input: reportInput(village, { summary: '反映东村土地征收补偿款未按时发放', demands: '要求三个月内足额发放补偿款并公开补偿标准', petitioners: [{ name: '张三', contact: '13800000000' }] }),
  }, handler.token);
  const id = reported.reportIncident.incident.id;
  await ok(server.url, mutationDoc('acknowledgeIncident', 'AcknowledgeIncidentInput'), { input: { incidentId: id } }, handler.token);
  await ok(server.url, mutationDoc('acceptPetition', 'AcceptPetitionInput'), { input: { incidentId: id, decision: 'ACCEPT', reason: '属于本机关职权范围' } }, handler.token);
  await ok(server.url, mutationDoc('extendDeadline', 'ExtendDeadlineInput'), { input: { incidentId: id, days: 30, reason: '需会同国土部门核实补偿标准', approverId: deputy.memberId } }, handler.token);
  await ok(server.url, mutationDoc('replyToPetitioner', 'ReplyToPetitionerInput'), { input: { incidentId: id, reply: '经核实，补偿款已于十二月拨付到村，将于十五日内发放到户。' } }, handler.token);
  return reported.reportIncident;
}

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
  village = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '东村', 'VILLAGE');
  handler = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  deputy = await addMember(server, tenant, ['DEPUTY_LEADER']);
  principal = await addMember(server, tenant, ['GROUP_LEADER']);
  await addMember(server, tenant, ['LIAISON'], village);
  await publishPlan(server, tenant, TEST_LEVELS);
  const reported = await caseAtReply();
  incident = reported.incident;
  receiptNumber = reported.incident.receiptNumber;
});
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('statutory documents', () => {
  it.each(KINDS)('%s: drafted from the case, approved by another leader, rendered to PDF and DOCX that hold the facts', async (kind) => {
    const drafted = (await ok<any>(server.url, DRAFT, { input: { incidentId: incident.id, kind } }, handler.token)).draftDocument.document;
    expect(drafted).toMatchObject({ kind, status: 'DRAFT', number: null, pdf: null, draftedBy: { id: handler.memberId } });
    // Filled from the case: the petitioner as addressed, the receipt, the requests, the legal basis, the institution.
    for (const fact of ['张三', receiptNumber, '要求三个月内足额发放补偿款', '《信访工作条例》', `Tenant ${tenant.slug}`]) expect(drafted.body).toContain(fact);
    expect(drafted.body).not.toMatch(/\{\{/);

    const edited = `${drafted.body}\n（经办人补充：已电话告知。）`;
    await ok(server.url, UPDATE, { input: { documentId: drafted.id, body: edited } }, handler.token);

    const approver = MAJOR.has(kind) ? principal : deputy;
    if (MAJOR.has(kind)) {
      const byDeputy = await gql<any>(server.url, APPROVE, { input: { documentId: drafted.id } }, deputy.token);
      expect(byDeputy.data.approveDocument.userErrors.map((e: any) => e.code)).toEqual(['PRINCIPAL_LEADER_REQUIRED']);
    }
    const approved = (await ok<any>(server.url, APPROVE, { input: { documentId: drafted.id } }, approver.token)).approveDocument.document;
    expect(approved).toMatchObject({ status: 'APPROVED', approvedBy: { id: approver.memberId }, body: edited });
    expect(approved.number).toMatch(new RegExp(`信〔${new Date().getUTCFullYear()}〕\\d+号$`));

    const docx = await download(server, handler.token, approved.docx.downloadPath);
    expect(docx.status).toBe(200);
    const text = docxText(docx.bytes);
    for (const fact of [approved.number, approved.title, '张三', receiptNumber, '要求三个月内足额发放补偿款', '（经办人补充：已电话告知。）', '（盖章处）']) expect(text).toContain(fact);
    expect(docxXml(docx.bytes)).toContain('Noto Sans SC');

    const pdf = await download(server, handler.token, approved.pdf.downloadPath);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const extracted = await pdfText(pdf.bytes);
    const compact = extracted.text.replace(/\s+/g, '');
    for (const fact of [approved.title, approved.number, '张三', receiptNumber, '要求三个月内足额发放补偿款']) expect(compact).toContain(fact.replace(/\s+/g, ''));
    // The font program itself is in the file (not a reference to a font the reader must have).
    expect(extracted.fonts.length).toBeGreaterThan(0);

    // The hashes of both renderings are in the approval's log entry.
    const entry = await db.query(`select reason from log_entry where action = 'document.approve' and target_id = (select id from case_document where number = $1)`, [approved.number]);
    expect(entry.rows[0].reason).toContain(approved.pdf.sha256);
    expect(entry.rows[0].reason).toContain(approved.docx.sha256);
  });

  it('refuses self-approval and approval by a member who is not leader rank', async () => {
    const byDeputy = (await ok<any>(server.url, DRAFT, { input: { incidentId: incident.id, kind: 'ACCEPTANCE_NOTICE' } }, deputy.token)).draftDocument.document;
    const self = await gql<any>(server.url, APPROVE, { input: { documentId: byDeputy.id } }, deputy.token);
    expect(self.data.approveDocument.userErrors.map((e: any) => e.code)).toEqual(['SELF_APPROVAL']);
    const byHandler = await gql<any>(server.url, APPROVE, { input: { documentId: byDeputy.id } }, handler.token);
    expect(byHandler.data.approveDocument.userErrors.map((e: any) => e.code)).toEqual(['APPROVER_NOT_LEADER']);
    const doc = await ok<any>(server.url, `query($id: ID!) { node(id: $id) { ... on CaseDocument { status number } } }`, { id: byDeputy.id }, deputy.token);
    expect(doc.node).toEqual({ status: 'DRAFT', number: null });
  });

  it('numbers documents per tenant and year without gaps under 8 concurrent approvals', async () => {
    const drafts: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const c = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(village) }, handler.token);
      drafts.push((await ok<any>(server.url, DRAFT, { input: { incidentId: c.reportIncident.incident.id, kind: 'ACCEPTANCE_NOTICE' } }, handler.token)).draftDocument.document.id);
    }
    const results = await Promise.all(drafts.map((id) => gql<any>(server.url, APPROVE, { input: { documentId: id } }, deputy.token)));
    for (const r of results) expect(r.data.approveDocument.userErrors).toEqual([]);
    const all = await db.query(`select sequence from case_document where tenant_id = (select tenant_id from case_document limit 1) and sequence is not null order by sequence`);
    const seqs = all.rows.map((r: any) => r.sequence);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(seqs.length).toBeGreaterThanOrEqual(8 + KINDS.length);
  });

  it('lists documents under incidents in a fixed number of statements, whatever the page size', async () => {
    const q = `query($n: Int) { incidents(first: $n) { edges { node { id documents { id number draftedBy { id } approvedBy { id } pdf { sha256 } docx { sha256 } receipt { id } } } } } }`;
    const small = await gql<any>(server.url, q, { n: 1 }, handler.token);
    const large = await gql<any>(server.url, q, { n: 10 }, handler.token);
    expect(large.errors).toBeUndefined();
    expect(large.data.incidents.edges.filter((e: any) => e.node.documents.some((d: any) => d.pdf)).length).toBeGreaterThanOrEqual(8);
    expect(large.extensions?.sqlStatements).toBeGreaterThan(0);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });

  it('records service with the delivery receipt; a reply opinion served after the reply clock is late', async () => {
    const reportedOther = await caseAtReply();
    const other = reportedOther.incident;
    const approve = async () => {
      const d = (await ok<any>(server.url, DRAFT, { input: { incidentId: other.id, kind: 'REPLY_OPINION' } }, handler.token)).draftDocument.document;
      return (await ok<any>(server.url, APPROVE, { input: { documentId: d.id } }, deputy.token)).approveDocument.document;
    };
    const onTime = await approve();
    const receipt = await upload(server, handler.token, pdfLike(randomBytes(500)), '送达回证.pdf');
    const served = (await ok<any>(server.url, SERVE, { input: { documentId: onTime.id, method: 'IN_PERSON', servedAt: new Date().toISOString(), receiptFileId: receipt.body.file.id } }, handler.token)).recordService.document;
    expect(served).toMatchObject({ status: 'SERVED', serviceMethod: 'IN_PERSON', servedLate: false, receipt: { id: receipt.body.file.id } });
    const again = await gql<any>(server.url, SERVE, { input: { documentId: onTime.id, method: 'POST', servedAt: new Date().toISOString() } }, handler.token);
    expect(again.data.recordService.userErrors.map((e: any) => e.code)).toEqual(['DOCUMENT_NOT_APPROVED']);

    const late = await approve();
    const due = (await db.query(`select due_at from statutory_clock where kind = 'REPLY' and incident_id = (select incident_id from case_document where number = $1)`, [late.number])).rows[0].due_at as Date;
    const servedLate = (await ok<any>(server.url, SERVE, { input: { documentId: late.id, method: 'POST', servedAt: new Date(due.getTime() + 3_600_000).toISOString() } }, handler.token)).recordService.document;
    expect(servedLate.servedLate).toBe(true);

    // The petitioner sees what was served, and downloads its PDF with the receipt number and access code alone.
    const { receiptNumber: rn, accessCode } = reportedOther.receipt;
    const status = await ok<any>(server.url, `query($r: String!, $c: String!) { petitionStatus(receiptNumber: $r, accessCode: $c) { stage documents { kind title number servedAt serviceMethod pdfPath } } }`, { r: rn, c: accessCode }, null);
    expect(status.petitionStatus.documents.map((d: any) => [d.kind, d.number, d.serviceMethod])).toEqual([
      ['REPLY_OPINION', served.number, 'IN_PERSON'],
      ['REPLY_OPINION', servedLate.number, 'POST'],
    ]);
    const base = server.url.replace(/\/graphql$/, '');
    const fetchPdf = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const pdfRes = await fetchPdf(status.petitionStatus.documents[0].pdfPath, { receiptNumber: rn, accessCode });
    expect(pdfRes.status).toBe(200);
    const bytes = Buffer.from(await pdfRes.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(onTime.pdf.sha256);
    expect((await pdfText(bytes)).text.replace(/\s+/g, '')).toContain(served.number.replace(/\s+/g, ''));
    const logged = await db.query(`select actor_kind from log_entry where action = 'document.public_download'`);
    expect(logged.rows.length).toBe(1);
    // A wrong code, or another case's document with this receipt: NOT_FOUND alike.
    expect((await fetchPdf(status.petitionStatus.documents[0].pdfPath, { receiptNumber: rn, accessCode: 'wrong-code-0' })).status).toBe(404);
    const foreignDoc = (await ok<any>(server.url, DRAFT, { input: { incidentId: incident.id, kind: 'ACCEPTANCE_NOTICE' } }, handler.token)).draftDocument.document.id;
    expect((await fetchPdf(`/public/documents/${foreignDoc}`, { receiptNumber: rn, accessCode })).status).toBe(404);
    // An approved but unserved document is not shown.
    const unserved = await approve();
    expect((await fetchPdf(`/public/documents/${unserved.id}`, { receiptNumber: rn, accessCode })).status).toBe(404);
  });
});
