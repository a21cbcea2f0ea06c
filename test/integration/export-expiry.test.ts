// Retention of asynchronous exports: a finished job's file is kept for
// EXPORT_RETENTION_HOURS (expiresAt), then the worker removes its object and
// StoredFile row (the object only when no other row holds the same bytes),
// marks the job EXPIRED and logs it as the system with the file's sha256;
// the download answers 410 EXPORT_EXPIRED from expiresAt on.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { ok } from '../support/fixtures.js';
import { mutationDoc, raw } from '../support/incidents.js';
import { days, reportAt, township, type Township } from '../support/accountability.js';
import { ExportWorker } from '../../src/modules/export/export.worker.js';
import { exportSql } from '../../src/modules/export/export.sql.js';
import { toGlobalId } from '../../src/platform/ids.js';

let server: TestServer;
let db: pg.Client;
let t: Township;
let incidentId: string;

const HOUR = 3_600_000;
const START = `mutation($input: StartExportInput!) { startExport(input: $input) { export { id status } userErrors { code message } } }`;
const JOB = `query($id: ID!) { export(id: $id) { id status sha256 fileName downloadPath finishedAt expiresAt } }`;

async function download(id: string, token: string) {
  const res = await fetch(`${server.url.replace(/\/graphql$/, '')}/exports/${id}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const start = async (format: string) => (await ok<any>(server.url, START, { input: { kind: 'INCIDENTS', format } }, t.member.token)).startExport.export.id as string;
const job = async (id: string) => (await ok<any>(server.url, JOB, { id }, t.member.token)).export;
const fileOf = async (id: string) =>
  (await db.query(`select f.id, f.storage_key, f.sha256 from export_job j join stored_file f on f.tenant_id = j.tenant_id and f.id = j.file_id where j.tenant_id = $1 and j.id = $2`, [t.tenantId, raw(id)])).rows[0];
const storedFile = async (fileId: string) => (await db.query(`select id from stored_file where tenant_id = $1 and id = $2`, [t.tenantId, fileId])).rows[0];

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  t = await township(server);
  incidentId = (await reportAt(server, t, days(1), { summary: '村道硬化质量问题' })).id;
}, 180_000);
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('export retention', () => {
  it('a finished export past its retention is EXPIRED, its object gone, its download 410; one within retention is untouched; a shared object is kept; each expiry logged', async () => {
    const retention = server.deps.config.exports.retentionHours;
    expect(retention).toBe(168);
    const now = Date.now();
    const old = new Date(now - (retention + 2) * HOUR);

    // Finished 170 hours ago: A (CSV, bytes of its own) and C1 (JSON Lines).
    const a = await start('CSV');
    const c1 = await start('JSONL');
    expect(await new ExportWorker(server.deps, { tenantIds: [t.tenantId], now: () => old }).runOnce()).toBe(2);
    const aDone = await job(a);
    expect(aDone.finishedAt).toBe(old.toISOString());
    expect(aDone.expiresAt).toBe(new Date(old.getTime() + retention * HOUR).toISOString());
    // From expiresAt on it reads EXPIRED and downloads nothing, even before the worker has removed it.
    expect(aDone).toMatchObject({ status: 'EXPIRED', downloadPath: null });
    const early = await download(a, t.member.token);
    expect(early.status).toBe(410);
    expect(JSON.parse(early.text).errors[0].extensions.code).toBe('EXPORT_EXPIRED');
    const aFile = await fileOf(a);
    const c1File = await fileOf(c1);
    expect(await server.deps.services.objects.stat(aFile.storage_key)).not.toBeNull();

    // The agenda finds the tenant for its expired files alone (nothing is queued).
    expect(await exportSql.pendingTenants(server.deps.orm, new Date(now))).toEqual([t.tenantId]);

    // Finished now: B (XLSX) and C2, the same bytes as C1 (one object, two StoredFile rows).
    const b = await start('XLSX');
    const c2 = await start('JSONL');
    const worker = new ExportWorker(server.deps, { now: () => new Date(now) });
    expect(await worker.pass()).toEqual({ ran: 2, expired: 2 });
    const c2File = await fileOf(c2);
    expect(c2File.storage_key).toBe(c1File.storage_key);
    expect(c2File.id).not.toBe(c1File.id);

    // A: EXPIRED with its expiresAt, row and object gone, download 410 (never the file).
    expect(await job(a)).toMatchObject({ status: 'EXPIRED', expiresAt: aDone.expiresAt, sha256: aDone.sha256, downloadPath: null });
    expect(await storedFile(aFile.id)).toBeUndefined();
    expect(await server.deps.services.objects.stat(aFile.storage_key)).toBeNull();
    const gone = await download(a, t.member.token);
    expect(gone.status).toBe(410);
    expect(gone.type).toMatch(/application\/json/);
    expect(JSON.parse(gone.text).errors[0].extensions.code).toBe('EXPORT_EXPIRED');
    // Another member's expired job is still not theirs to know of.
    expect((await download(a, t.director.token)).status).toBe(404);
    const { rows: [aRow] } = await db.query(`select status, file_id from export_job where tenant_id = $1 and id = $2`, [t.tenantId, raw(a)]);
    expect(aRow).toEqual({ status: 'EXPIRED', file_id: null });

    // C1: EXPIRED, its row removed, but the object stays: C2 holds the same bytes and still downloads.
    expect((await job(c1)).status).toBe('EXPIRED');
    expect(await storedFile(c1File.id)).toBeUndefined();
    expect(await server.deps.services.objects.stat(c1File.storage_key)).not.toBeNull();
    const c2Done = await job(c2);
    expect(c2Done.status).toBe('DONE');
    const c2Body = await download(c2, t.member.token);
    expect(c2Body.status).toBe(200);
    expect(c2Body.text).toContain('村道硬化质量问题');

    // B, within its retention, is untouched, even an hour before it ends.
    const bFile = await fileOf(b);
    expect(await new ExportWorker(server.deps, { now: () => new Date(now + (retention - 1) * HOUR) }).pass()).toEqual({ ran: 0, expired: 0 });
    expect(await job(b)).toMatchObject({ status: 'DONE', downloadPath: `/exports/${b}` });
    expect(await server.deps.services.objects.stat(bFile.storage_key)).not.toBeNull();
    expect((await download(b, t.member.token)).status).toBe(200);

    // One entry per expiry, by the system, saying the file (and whether its object) was removed, with its sha256.
    const { rows: entries } = await db.query(
      `select target_id, actor_kind, actor_user_id, reason, changes from log_entry where tenant_id = $1 and action = 'export.expire' order by seq`,
      [t.tenantId],
    );
    expect(entries.map((e) => e.target_id).sort()).toEqual([raw(a), raw(c1)].sort());
    const entryOf = (id: string) => entries.find((e) => e.target_id === raw(id));
    for (const [id, file, objectRemoved] of [[a, aFile, true], [c1, c1File, false]] as const) {
      const e = entryOf(id);
      expect(e).toMatchObject({ actor_kind: 'SYSTEM', actor_user_id: null, reason: 'export retention period ended' });
      expect(e.changes.find((c: any) => c.type === 'Export')).toMatchObject({ op: 'delete', before: { sha256: file.sha256, list: 'INCIDENTS', personalData: false } });
      expect(e.changes.find((c: any) => c.op === 'delete' && c.id === file.id)).toBeTruthy();
      const object = e.changes.find((c: any) => c.type === 'StoredObject');
      if (objectRemoved) expect(object).toMatchObject({ op: 'delete', id: file.storage_key, before: { sha256: file.sha256 } });
      else expect(object).toBeUndefined();
    }

    // Nothing further is due: the agenda finds no tenant, a second pass expires nothing.
    expect(await exportSql.pendingTenants(server.deps.orm, new Date(now))).toEqual([]);
    expect(await worker.pass()).toEqual({ ran: 0, expired: 0 });
  });

  it('a file something else still refers to (attached as evidence) is kept whole; the job still expires', async () => {
    const period = { from: new Date(Date.now() - days(10)).toISOString(), to: new Date(Date.now() + days(1)).toISOString() };
    const started = (await ok<any>(server.url, START, { input: { kind: 'ASSESSMENT_FIGURES', format: 'CSV', filter: { period, groupBy: 'UNIT' } } }, t.director.token)).startExport;
    const id = started.export.id as string;
    const retention = server.deps.config.exports.retentionHours;
    await new ExportWorker(server.deps, { tenantIds: [t.tenantId], now: () => new Date(Date.now() - (retention + 1) * HOUR) }).runOnce();
    const file = await fileOf(id);
    // Its requester is the file's uploader: it may attach it as evidence.
    const attached = await ok<any>(server.url, mutationDoc('recordEvidence', 'RecordEvidenceInput', 'evidence { id } userErrors { code message }'), {
      input: { incidentId, evidence: { kind: 'DOCUMENT', fileId: toGlobalId('File', file.id) } },
    }, t.director.token);
    expect(attached.recordEvidence.userErrors).toEqual([]);

    expect(await new ExportWorker(server.deps, { tenantIds: [t.tenantId] }).pass()).toEqual({ ran: 0, expired: 1 });
    expect((await ok<any>(server.url, JOB, { id }, t.director.token)).export.status).toBe('EXPIRED');
    expect((await download(id, t.director.token)).status).toBe(410);
    expect(await storedFile(file.id)).toBeTruthy();
    expect(await server.deps.services.objects.stat(file.storage_key)).not.toBeNull();
    const evidence = await fetch(`${server.url.replace(/\/graphql$/, '')}/files/${toGlobalId('File', file.id)}`, { headers: { authorization: `Bearer ${t.director.token}` } });
    expect(evidence.status).toBe(200);
    const { rows: [entry] } = await db.query(`select changes from log_entry where tenant_id = $1 and action = 'export.expire' and target_id = $2`, [t.tenantId, raw(id)]);
    expect(entry.changes.find((c: any) => c.type === 'Export')).toMatchObject({ op: 'delete', before: { sha256: file.sha256 }, after: { fileKept: true, fileId: file.id } });
    expect(entry.changes.find((c: any) => c.type === 'StoredFile' && c.op === 'delete')).toBeUndefined();
  });
});
