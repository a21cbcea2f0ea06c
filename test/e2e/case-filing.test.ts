// Filing (归档): closing a case writes its case-file index (index.json and a
// PDF whose Chinese text an outside extractor reads), stored as evidence with
// its hashes in the close entry and a checkpoint signed at that entry; the
// archive (ZIP) downloads for whoever may see the case, logged, and verifies
// with the public key alone; a tampered byte fails naming the file.
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { unzipSync, zipSync } from 'fflate';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, mutationDoc, publishPlan, reportInput, takeOverAndComplete } from '../support/incidents.js';
import { superuserClient } from '../support/db.js';
import { download, pdfLike, upload } from '../support/files.js';
import { pdfText } from '../support/document-text.js';
import { verifyCaseFile } from '../../src/admin/case-file-verify.js';
import { cli } from '../support/cli.js';

type M = { memberId: string; token: string };
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
let server: TestServer;
let tenant: TenantFixture;
let db: pg.Client;
let handler: M, deputy: M, principal: M, recused: M;
let incidentId: string;
let closed: any;
const evidenceName = '现场照片（东村）.pdf';
const evidenceBytes = pdfLike(randomBytes(5000));

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'DISCIPLINE_COMMISSION');
  const village = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '东村', 'VILLAGE');
  handler = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  deputy = await addMember(server, tenant, ['DEPUTY_LEADER']);
  principal = await addMember(server, tenant, ['GROUP_LEADER']);
  recused = await addMember(server, tenant, ['GROUP_LEADER']);
  await addMember(server, tenant, ['LIAISON'], village);
  await publishPlan(server, tenant, TEST_LEVELS);
  const reported = await ok<any>(server.url, REPORT_INCIDENT, {
    input: reportInput(village, { category: 'REPORT_AGAINST_OFFICIAL', summary: '举报某干部违规收受礼金', demands: '要求查处', recusedMemberIds: [recused.memberId] }),
  }, handler.token);
  incidentId = reported.reportIncident.incident.id;
  await ok(server.url, mutationDoc('acknowledgeIncident', 'AcknowledgeIncidentInput'), { input: { incidentId } }, handler.token);
  await ok(server.url, mutationDoc('acceptPetition', 'AcceptPetitionInput'), { input: { incidentId, decision: 'ACCEPT', reason: '属于本机关职权范围' } }, handler.token);
});
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('filing a case (归档)', () => {
  it('closing writes the index PDF with the Chinese file names and hashes, its hash in the close entry, a checkpoint at that entry', async () => {
    // A record, an approved (rendered) document and an uploaded evidence file.
    await ok(server.url, mutationDoc('createCaseRecord', 'CreateCaseRecordInput', 'record { id }'), {
      input: { incidentId, kind: 'INTERVIEW', interview: { heldAt: '2026-12-01T02:00:00.000Z', place: '乡纪委谈话室', interviewers: ['徐主任'], interviewees: ['李四'], peoplePresent: [], text: '问：你反映的问题是什么？答：某干部收受礼金。' } },
    }, handler.token);
    const drafted = (await ok<any>(server.url, mutationDoc('draftDocument', 'DraftDocumentInput', 'document { id }'), { input: { incidentId, kind: 'ACCEPTANCE_NOTICE' } }, handler.token)).draftDocument.document;
    const approved = (await ok<any>(server.url, mutationDoc('approveDocument', 'ApproveDocumentInput', 'document { number pdf { sha256 name } }'), { input: { documentId: drafted.id } }, deputy.token)).approveDocument.document;
    const up = await upload(server, handler.token, evidenceBytes, evidenceName);
    expect(up.status).toBe(201);
    await ok(server.url, mutationDoc('recordEvidence', 'RecordEvidenceInput', 'evidence { id }'), { input: { incidentId, evidence: { kind: 'TALK_RECORD', fileId: up.body.file.id, description: '现场照片' } } }, handler.token);
    await ok(server.url, mutationDoc('replyToPetitioner', 'ReplyToPetitionerInput'), { input: { incidentId, reply: '经调查核实，已依规处理。' } }, handler.token);
    const detail = await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { openTasks { id evidenceRequired recurringAmount } } }`, { id: incidentId }, principal.token);
    for (const t of detail.incident.openTasks.filter((x: any) => x.recurringAmount === null)) {
      const evidence = t.evidenceRequired ? [{ kind: 'TALK_RECORD', sha256: 'c'.repeat(64), sizeBytes: 4096, storageKey: `evidence/${t.id}.pdf` }] : [];
      // Only the assignee completes: the group leader takes each task over first.
      const done = await takeOverAndComplete(server.url, principal, t.id, { note: '已办理', evidence }, 'task { status } userErrors { code message }');
      expect(done.userErrors).toEqual([]);
    }
    await ok(server.url, mutationDoc('addIncidentReport', 'AddIncidentReportInput', 'report { id }'), { input: { incidentId, kind: 'ALL_CLEAR', body: '事态平息' } }, handler.token);
    const review = { causes: '作风问题', whatWorked: '及时谈话', whatDidNot: '无', improvements: '加强教育', planRevisions: [] };
    closed = (await ok<any>(server.url, mutationDoc('closeIncident', 'CloseIncidentInput', 'incident { status receiptNumber evidence { description sha256 file { name downloadPath } } }'), { input: { incidentId, review } }, deputy.token)).closeIncident.incident;
    expect(closed.status).toBe('CLOSED');

    const indexPdf = closed.evidence.find((e: any) => e.description === '案卷目录 PDF');
    const indexJson = closed.evidence.find((e: any) => e.description === '案卷目录 index.json');
    expect(indexPdf && indexJson).toBeTruthy();
    const pdf = await download(server, handler.token, indexPdf.file.downloadPath);
    expect(pdf.status).toBe(200);
    const text = (await pdfText(pdf.bytes)).text.replace(/\s+/g, '');
    for (const fact of ['案卷目录', closed.receiptNumber, evidenceName, sha(evidenceBytes), approved.pdf.name, approved.pdf.sha256]) expect(text).toContain(fact.replace(/\s+/g, ''));

    const entry = await db.query(`select seq, reason from log_entry where action = 'incident.close' and incident_id = (select id from incident where receipt_number = $1)`, [closed.receiptNumber]);
    expect(entry.rows[0].reason).toContain(indexJson.sha256);
    expect(entry.rows[0].reason).toContain(indexPdf.sha256);
    const cp = await db.query(`select count(*)::int as n from log_checkpoint where tenant_id = (select tenant_id from incident where receipt_number = $1) and seq = $2`, [closed.receiptNumber, entry.rows[0].seq]);
    expect(cp.rows[0].n).toBe(1);
  });

  it('exports the archive, logged; it verifies with the public key alone; a tampered evidence byte fails naming the file', async () => {
    const before = Number((await db.query(`select count(*)::int as n from log_entry where action = 'case_file.download'`)).rows[0].n);
    const got = await download(server, handler.token, `/cases/${incidentId}/archive`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/zip');
    expect(Number((await db.query(`select count(*)::int as n from log_entry where action = 'case_file.download'`)).rows[0].n)).toBe(before + 1);
    const files = unzipSync(new Uint8Array(got.bytes));
    const index = JSON.parse(Buffer.from(files['index.json']!).toString('utf8'));
    const ev = index.files.find((f: any) => f.name === evidenceName);
    expect(ev.sha256).toBe(sha(evidenceBytes));
    expect(Buffer.from(files[ev.path]!).equals(evidenceBytes)).toBe(true);
    expect(index.records).toHaveLength(1);
    expect(index.documents[0].pdf).toMatch(/^documents\//);

    const pem = server.services.checkpoints.publicKeyPem;
    expect(verifyCaseFile(new Uint8Array(got.bytes), pem)).toMatchObject({ ok: true, problems: [] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'case-file-'));
    fs.writeFileSync(path.join(dir, 'archive.zip'), got.bytes);
    fs.writeFileSync(path.join(dir, 'public.pem'), pem);
    const passed = await cli('verify-case-file', '--file', path.join(dir, 'archive.zip'), '--public-key', path.join(dir, 'public.pem'));
    expect(passed.code, passed.out).toBe(0);

    const tampered: Record<string, Uint8Array> = { ...files, [ev.path]: new Uint8Array(files[ev.path]!) };
    tampered[ev.path]![100] ^= 0xff;
    fs.writeFileSync(path.join(dir, 'tampered.zip'), zipSync(tampered, { level: 0 }));
    const failed = await cli('verify-case-file', '--file', path.join(dir, 'tampered.zip'), '--public-key', path.join(dir, 'public.pem'));
    expect(failed.code).toBe(1);
    expect(failed.out).toContain(ev.path);
    expect(failed.out).toContain(evidenceName);

    // Another key does not verify it.
    const { generateKeyPairSync } = await import('node:crypto');
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyCaseFile(new Uint8Array(got.bytes), other).ok).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is NOT_FOUND for a recused member, and that attempt logs no download', async () => {
    const before = Number((await db.query(`select count(*)::int as n from log_entry where action = 'case_file.download'`)).rows[0].n);
    const denied = await download(server, recused.token, `/cases/${incidentId}/archive`);
    expect(denied.status).toBe(404);
    expect(denied.json().errors[0].extensions.code).toBe('NOT_FOUND');
    const anon = await download(server, null, `/cases/${incidentId}/archive`);
    expect(anon.status).toBeGreaterThanOrEqual(400);
    expect(Number((await db.query(`select count(*)::int as n from log_entry where action = 'case_file.download'`)).rows[0].n)).toBe(before);
  });
});
