// Evidence that is really stored: upload (streamed, measured and sniffed by the
// server), recordEvidence by file id, download with the caller's permissions,
// each download logged — against both object stores.
import 'reflect-metadata';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, mutationDoc, publishPlan, raw, reportInput } from '../support/incidents.js';
import { superuserClient } from '../support/db.js';
import { startLocalS3, type LocalS3 } from '../support/s3-server.js';
import { download, pdfLike, upload } from '../support/files.js';
import { contentKey } from '../../src/platform/storage/object-store.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const MAX = 1024 * 1024;
const RECORD = mutationDoc('recordEvidence', 'RecordEvidenceInput', 'evidence { id sha256 sizeBytes storageKey contentType file { id name sha256 sizeBytes kind contentType downloadPath } }');
type M = { memberId: string; token: string };

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(async () => {
  await s3?.stop();
});

describe.each(['filesystem', 's3'] as const)('evidence files in the %s store', (store) => {
  let server: TestServer;
  let tenant: TenantFixture;
  let tenantId: string;
  let reporter: M, recused: M, observer: M;
  let confidential: any, plain: any;
  let db: pg.Client;

  beforeAll(async () => {
    server = await startTestServer({ env: { UPLOAD_MAX_BYTES: String(MAX), ...(store === 's3' ? s3.env : {}) } });
    expect(server.services.objects.kind).toBe(store);
    db = await superuserClient(server.databaseUrl);
    const platform = await platformAdmin(server);
    tenant = await provisionTenant(server, platform.token, 'DISCIPLINE_COMMISSION');
    tenantId = raw(tenant.id);
    const village = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '东村', 'VILLAGE');
    reporter = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
    recused = await addMember(server, tenant, ['GROUP_LEADER']);
    observer = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
    await addMember(server, tenant, ['LIAISON'], village);
    await publishPlan(server, tenant, TEST_LEVELS);
    confidential = (await ok<any>(server.url, REPORT_INCIDENT, {
      input: reportInput(village, { category: 'REPORT_AGAINST_OFFICIAL', summary: '举报某干部违规收受礼金', demands: '要求查处', recusedMemberIds: [recused.memberId] }),
    }, reporter.token)).reportIncident.incident;
    plain = (await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(village) }, reporter.token)).reportIncident.incident;
  });
  afterAll(async () => {
    await db?.end();
    await server?.stop();
  });

  const fileRows = async () => Number((await db.query('select count(*)::int as n from stored_file')).rows[0].n);
  const downloadsLogged = async (fileId: string) =>
    Number((await db.query(`select count(*)::int as n from log_entry where action = 'file.download' and target_id = $1`, [raw(fileId)])).rows[0].n);
  const stored = async (bytes: Buffer) => server.services.objects.stat(contentKey(tenantId, sha(bytes)));
  const tmpLeft = () => {
    const dir = path.join(server.config.dataDir, 'uploads-tmp');
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  };

  it('round-trips the bytes exactly, with the sha256 and size the server computed, the sniffed type and the Chinese name (RFC 6266)', async () => {
    const bytes = pdfLike(randomBytes(MAX - 100));
    const name = '谈话记录（东村）2026.pdf';
    // The client's claimed type is ignored: the server sniffs the bytes.
    const up = await upload(server, reporter.token, bytes, name, 'image/png');
    expect(up.status).toBe(201);
    expect(up.body.file).toMatchObject({ name, sha256: sha(bytes), sizeBytes: bytes.length, contentType: 'application/pdf', kind: 'PDF' });
    expect(up.body.storedBytes).toBe(true);
    expect(await stored(bytes)).toEqual({ sizeBytes: bytes.length });

    const rec = await ok<any>(server.url, RECORD, { input: { incidentId: confidential.id, evidence: { kind: 'TALK_RECORD', fileId: up.body.file.id, description: '与举报人谈话' } } }, reporter.token);
    const ev = rec.recordEvidence.evidence;
    expect(ev).toMatchObject({ sha256: sha(bytes), sizeBytes: bytes.length, contentType: 'application/pdf', storageKey: contentKey(tenantId, sha(bytes)) });
    expect(ev.file).toMatchObject({ id: up.body.file.id, name, kind: 'PDF' });

    const before = await downloadsLogged(up.body.file.id);
    const got = await download(server, reporter.token, ev.file.downloadPath);
    expect(got.status).toBe(200);
    expect(sha(got.bytes)).toBe(sha(bytes));
    expect(got.bytes.equals(bytes)).toBe(true);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    const disposition = got.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+\.pdf"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1]!)).toBe(name);
    expect(await downloadsLogged(up.body.file.id)).toBe(before + 1);

    // A recused member gets what an unknown id gets: NOT_FOUND, and no log entry of a download.
    const denied = await download(server, recused.token, ev.file.downloadPath);
    expect(denied.status).toBe(404);
    expect(denied.json().errors[0].extensions.code).toBe('NOT_FOUND');
    const unknown = await download(server, reporter.token, `/files/${Buffer.from('File:00000000-0000-4000-8000-000000000000').toString('base64url')}`);
    expect(unknown.status).toBe(404);
    expect(denied.json()).toEqual(unknown.json());
    expect(await downloadsLogged(up.body.file.id)).toBe(before + 1);

    // A second download is logged again.
    expect((await download(server, reporter.token, ev.file.downloadPath)).status).toBe(200);
    expect(await downloadsLogged(up.body.file.id)).toBe(before + 2);

    // The recused member does not even learn of the evidence through GraphQL.
    const node = await gql<any>(server.url, `query($id: ID!) { node(id: $id) { id } }`, { id: ev.id }, recused.token);
    expect(node.data?.node ?? null).toBeNull();
  });

  it('lets only the uploader read (and attach) a file that is not evidence yet', async () => {
    const bytes = Buffer.from('现场记录：群众八人，情绪平稳。\n', 'utf8');
    const up = await upload(server, reporter.token, bytes, '现场记录.txt', 'text/plain');
    expect(up.status).toBe(201);
    expect(up.body.file).toMatchObject({ kind: 'TEXT', contentType: 'text/plain; charset=utf-8' });
    expect((await download(server, reporter.token, up.body.file.downloadPath)).bytes.toString('utf8')).toBe(bytes.toString('utf8'));
    expect((await download(server, observer.token, up.body.file.downloadPath)).status).toBe(404);
    const foreign = await gql<any>(server.url, RECORD, { input: { incidentId: plain.id, evidence: { kind: 'DOCUMENT', fileId: up.body.file.id } } }, observer.token);
    expect(foreign.data.recordEvidence.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'evidence', 'fileId'] })]);
    await ok(server.url, RECORD, { input: { incidentId: plain.id, evidence: { kind: 'DOCUMENT', fileId: up.body.file.id } } }, reporter.token);
    // Now it is evidence of a case the observer may see.
    expect((await download(server, observer.token, up.body.file.downloadPath)).status).toBe(200);
    // Attached evidence never changes: the file is not attached a second time.
    const again = await gql<any>(server.url, RECORD, { input: { incidentId: plain.id, evidence: { kind: 'DOCUMENT', fileId: up.body.file.id } } }, reporter.token);
    expect(again.data.recordEvidence.userErrors.map((e: any) => e.code)).toEqual(['FILE_ALREADY_ATTACHED']);
    const update = await db.query(`set role xinfang_app; select 1`).then(
      () => db.query(`update incident_evidence set description = 'changed'`).then(() => 'updated', (e: Error) => e.message),
      (e: Error) => e.message,
    );
    await db.query('reset role');
    expect(update).toMatch(/permission denied|append-only/i);
  });

  it('refuses a file over the size limit with 413 and stores nothing', async () => {
    const bytes = pdfLike(randomBytes(MAX + 10));
    const rows = await fileRows();
    const up = await upload(server, reporter.token, bytes, '太大.pdf');
    expect(up.status).toBe(413);
    expect(up.body.errors[0].extensions.code).toBe('FILE_TOO_LARGE');
    expect(await fileRows()).toBe(rows);
    expect(await stored(bytes)).toBeNull();
    expect(tmpLeft()).toEqual([]);
  });

  it('refuses bytes of a kind not allowed with 415 and stores nothing, whatever the name and claimed type say', async () => {
    const rows = await fileRows();
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), randomBytes(4096)]);
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(2048)]);
    for (const [bytes, name] of [[elf, '照片.jpg'], [zip, '材料.pdf'], [randomBytes(5000), '录音.mp3']] as const) {
      const up = await upload(server, reporter.token, bytes, name, 'image/jpeg');
      expect(up.status).toBe(415);
      expect(up.body.errors[0].extensions.code).toBe('FILE_TYPE_NOT_ALLOWED');
      expect(await stored(bytes)).toBeNull();
    }
    expect(await fileRows()).toBe(rows);
    expect(tmpLeft()).toEqual([]);
  });

  it('stores the same bytes once, however often they are uploaded', async () => {
    const bytes = pdfLike(randomBytes(20_000));
    const first = await upload(server, reporter.token, bytes, '甲.pdf');
    const second = await upload(server, observer.token, bytes, '乙.pdf');
    expect([first.status, second.status]).toEqual([201, 201]);
    expect([first.body.storedBytes, second.body.storedBytes]).toEqual([true, false]);
    expect(first.body.file.id).not.toBe(second.body.file.id);
    const keys = await db.query(`select distinct storage_key from stored_file where sha256 = $1`, [sha(bytes)]);
    expect(keys.rows).toEqual([{ storage_key: contentKey(tenantId, sha(bytes)) }]);
    if (store === 'filesystem') {
      const dir = path.dirname(path.join(server.config.dataDir, 'objects', ...contentKey(tenantId, sha(bytes)).split('/')));
      expect(fs.readdirSync(dir).filter((f) => f === sha(bytes))).toHaveLength(1);
    }
  });

  it('refuses uploads without a token (401), without permission (403) and without a file part (400)', async () => {
    const bytes = pdfLike(randomBytes(100));
    expect((await upload(server, null, bytes, 'a.pdf')).status).toBe(401);
    const admin = await upload(server, tenant.adminToken, bytes, 'a.pdf');
    expect([admin.status, admin.body.errors[0].extensions.code]).toEqual([403, 'FORBIDDEN']);
    const res = await fetch(server.url.replace(/\/graphql$/, '/files'), { method: 'POST', headers: { authorization: `Bearer ${reporter.token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(await stored(bytes)).toBeNull();
  });
});
