// Exports of every list a tenant reads (incidents, findings, assessment
// figures, the log) in CSV (BOM, Chinese header) and XLSX (read back with
// exceljs), and the asynchronous path: startExport → export(id) with progress
// → the JSON Lines file downloaded through the API; the caller's visibility
// (a confidential case stays out), personal data only with the permission,
// the file's sha256 in the log; a job left by a dead process is taken over.
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { gql, ok } from '../support/fixtures.js';
import { REPORT_INCIDENT, raw, reportInput } from '../support/incidents.js';
import { days, enteredAgo, reportAt, sweep, township, type Township } from '../support/accountability.js';
import { ExportWorker } from '../../src/modules/export/export.worker.js';
import { exportSql } from '../../src/modules/export/export.sql.js';
import { recordStatements } from '../../src/platform/db/sql-counter.js';

let server: TestServer;
let db: pg.Client;
let t: Township;
let secret: string;

const EXPORT_LIST = `mutation($input: ExportListInput!) { exportList(input: $input) {
  file { fileName contentType rows sha256 base64 } userErrors { code field message } } }`;
const START = `mutation($input: StartExportInput!) { startExport(input: $input) {
  export { id status rowsDone rowsTotal kind format sha256 downloadPath } userErrors { code field message } } }`;
const JOB = `query($id: ID!) { export(id: $id) { id status rowsDone rowsTotal sha256 fileName downloadPath error } }`;

const bytesOf = (file: { base64: string }) => Buffer.from(file.base64, 'base64');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const period = () => ({ from: new Date(Date.now() - days(10)).toISOString(), to: new Date(Date.now() + days(1)).toISOString() });

async function lastEntry(action: string) {
  const { rows } = await db.query(`select seq, reason, target_id, actor_member_id, changes from log_entry where tenant_id = $1 and action = $2 order by seq desc limit 1`, [t.tenantId, action]);
  return rows[0];
}

async function download(path: string, token: string) {
  const res = await fetch(`${server.url.replace(/\/graphql$/, '')}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  t = await township(server);
  // Entered three days ago (not only received then): their duties are overdue, so the sweep has findings to export.
  await enteredAgo(db, await reportAt(server, t, days(3), { summary: '村道硬化质量问题', petitioners: [{ name: '张三', contact: '13800000000' }] }), days(3));
  await enteredAgo(db, await reportAt(server, t, days(3), { summary: '低保评定', petitioners: [{ name: '李四', contact: '13900000000' }] }), days(3));
  // A report against an official (举报) naming the member: it never sees the case, nor any export of it.
  const conf = await ok<any>(server.url, REPORT_INCIDENT, {
    input: reportInput(t.village, { category: 'REPORT_AGAINST_OFFICIAL', summary: '举报某干部收受礼金', subjectMemberIds: [t.member.memberId], petitioners: [{ name: '王五', contact: '13700000000' }] }),
  }, t.director.token);
  secret = conf.reportIncident.incident.id;
  await sweep(server, t, new Date());
}, 180_000);
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

const KINDS = [
  { kind: 'INCIDENTS', header: '回执编号,收到时间', cell: '回执编号', who: () => t.director.token, filter: null },
  { kind: 'ACCOUNTABILITY_FINDINGS', header: '来源,结果,职责类型', cell: '来源', who: () => t.auditor.token, filter: null },
  { kind: 'ASSESSMENT_FIGURES', header: '分组键,分组,信访件数', cell: '分组键', who: () => t.director.token, filter: () => ({ period: period(), groupBy: 'UNIT' }) },
  { kind: 'AUDIT_LOG', header: '序号,时间,操作', cell: '序号', who: () => t.auditor.token, filter: () => ({ actionPrefix: 'incident.' }) },
] as const;

describe('exportList: every list a tenant reads', () => {
  for (const k of KINDS) {
    it(`${k.kind}: CSV with BOM and Chinese header, XLSX read back, each logged with its sha256`, async () => {
      const filter = k.filter ? k.filter() : null;
      const csv = (await ok<any>(server.url, EXPORT_LIST, { input: { kind: k.kind, format: 'CSV', filter } }, k.who())).exportList;
      expect(csv.userErrors).toEqual([]);
      const bytes = bytesOf(csv.file);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
      expect(lines[0]!.startsWith(k.header)).toBe(true);
      expect(csv.file.rows).toBeGreaterThan(0);
      expect(lines).toHaveLength(csv.file.rows + 1);
      expect(sha256(bytes)).toBe(csv.file.sha256);
      expect((await lastEntry('export.create')).changes[0].after).toMatchObject({ sha256: csv.file.sha256, list: k.kind, format: 'CSV', personalData: false });

      const xlsx = (await ok<any>(server.url, EXPORT_LIST, { input: { kind: k.kind, format: 'XLSX', filter } }, k.who())).exportList;
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytesOf(xlsx.file) as never);
      const sheet = book.worksheets[0]!;
      expect(sheet.getRow(1).getCell(1).value).toBe(k.cell);
      expect(sheet.rowCount).toBe(xlsx.file.rows + 1);
      expect((await lastEntry('export.create')).changes[0].after).toMatchObject({ sha256: xlsx.file.sha256, list: k.kind, format: 'XLSX' });
    });
  }

  it('asks for the list\'s own permission and checks the filter as the list would', async () => {
    const log = await gql<any>(server.url, EXPORT_LIST, { input: { kind: 'AUDIT_LOG', format: 'CSV' } }, t.director.token);
    expect(log.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = (await gql<any>(server.url, EXPORT_LIST, { input: { kind: 'INCIDENTS', format: 'CSV', filter: { status: ['NOPE'] } } }, t.director.token)).data;
    expect(bad.exportList.userErrors[0]).toMatchObject({ code: 'EXPORT_FILTER_INVALID', field: ['input', 'filter'] });
    const figures = (await gql<any>(server.url, EXPORT_LIST, { input: { kind: 'ASSESSMENT_FIGURES', format: 'CSV' } }, t.director.token)).data;
    expect(figures.exportList.userErrors[0].code).toBe('EXPORT_FILTER_INVALID');
  });
});

describe('startExport → export(id) → download', () => {
  it('a JSON Lines job from start to download, with its progress; the confidential case stays out, no personal data without the permission', async () => {
    const refused = (await gql<any>(server.url, START, { input: { kind: 'INCIDENTS', format: 'JSONL', includePersonalData: true } }, t.member.token)).data;
    expect(refused.startExport).toMatchObject({ export: null, userErrors: [{ code: 'PERSONAL_DATA_NOT_PERMITTED', field: ['input', 'includePersonalData'] }] });

    const started = (await ok<any>(server.url, START, { input: { kind: 'INCIDENTS', format: 'JSONL' } }, t.member.token)).startExport;
    expect(started.userErrors).toEqual([]);
    expect(started.export).toMatchObject({ status: 'QUEUED', rowsDone: 0, rowsTotal: 2, downloadPath: null });
    const id = started.export.id;
    expect((await lastEntry('export.start')).target_id).toBe(raw(id));

    // Another member neither sees nor downloads it.
    expect((await gql<any>(server.url, JOB, { id }, t.director.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const seen: any[] = [];
    const worker = new ExportWorker(server.deps, {
      tenantIds: [t.tenantId],
      afterProgress: async () => {
        seen.push((await ok<any>(server.url, JOB, { id }, t.member.token)).export);
      },
    });
    expect(await worker.runOnce()).toBe(1);
    expect(seen).toEqual([expect.objectContaining({ status: 'RUNNING', rowsDone: 2, rowsTotal: 2 })]);

    const done = (await ok<any>(server.url, JOB, { id }, t.member.token)).export;
    expect(done).toMatchObject({ status: 'DONE', rowsDone: 2, rowsTotal: 2, error: null, downloadPath: `/exports/${id}` });
    expect(done.fileName).toMatch(/\.jsonl$/);

    expect((await download(done.downloadPath, t.director.token)).status).toBe(404);
    const file = await download(done.downloadPath, t.member.token);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/x-ndjson');
    expect(sha256(file.bytes)).toBe(done.sha256);
    const text = file.bytes.toString('utf8');
    const rows = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.summary).sort()).toEqual(['低保评定', '村道硬化质量问题']);
    expect(text).not.toContain('礼金');
    expect(text).not.toContain('张三');
    expect(rows[0]).not.toHaveProperty('petitioners');

    const complete = await lastEntry('export.complete');
    expect(complete.target_id).toBe(raw(id));
    expect(complete.actor_member_id).toBe(raw(t.member.memberId));
    expect(complete.changes.find((c: any) => c.type === 'Export').after).toMatchObject({ sha256: done.sha256, rows: 2, list: 'INCIDENTS', personalData: false });
    const downloaded = await lastEntry('export.download');
    expect(downloaded.target_id).toBe(raw(id));
  });

  it('with PETITIONER_PII_READ: the names, each read logged, the export logged as such a read', async () => {
    const before = Number((await db.query(`select count(*) from log_entry where tenant_id = $1 and action = 'petitioner.read_pii'`, [t.tenantId])).rows[0].count);
    const started = (await ok<any>(server.url, START, { input: { kind: 'INCIDENTS', format: 'JSONL', includePersonalData: true } }, t.director.token)).startExport;
    expect(started.export.rowsTotal).toBe(3);
    await new ExportWorker(server.deps, { tenantIds: [t.tenantId] }).runOnce();
    const done = (await ok<any>(server.url, JOB, { id: started.export.id }, t.director.token)).export;
    const text = (await download(done.downloadPath, t.director.token)).bytes.toString('utf8');
    expect(text).toContain('张三 13800000000');
    const after = Number((await db.query(`select count(*) from log_entry where tenant_id = $1 and action = 'petitioner.read_pii'`, [t.tenantId])).rows[0].count);
    expect(after - before).toBe(3);
    const complete = await lastEntry('export.complete');
    expect(complete.reason).toContain('personal data');
    expect(complete.changes.find((c: any) => c.type === 'Export').after).toMatchObject({ sha256: done.sha256, personalData: true });
  });

  it('a job whose process died (lease run out) is taken over; a leased one is left alone', async () => {
    const started = (await ok<any>(server.url, START, { input: { kind: 'AUDIT_LOG', format: 'CSV' } }, t.auditor.token)).startExport;
    const id = raw(started.export.id);
    // As a process that claimed it and died would leave it.
    await db.query(`update export_job set status = 'RUNNING', attempts = 1, lease_until = now() - interval '1 minute' where tenant_id = $1 and id = $2`, [t.tenantId, id]);
    await new ExportWorker(server.deps, { tenantIds: [t.tenantId] }).runOnce();
    const done = (await ok<any>(server.url, JOB, { id: started.export.id }, t.auditor.token)).export;
    expect(done.status).toBe('DONE');
    const bytes = (await download(done.downloadPath, t.auditor.token)).bytes;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(sha256(bytes)).toBe(done.sha256);

    // A job that is still leased is left alone.
    const held = (await ok<any>(server.url, START, { input: { kind: 'AUDIT_LOG', format: 'JSONL' } }, t.auditor.token)).startExport;
    await db.query(`update export_job set status = 'RUNNING', lease_until = now() + interval '1 hour' where tenant_id = $1 and id = $2`, [t.tenantId, raw(held.export.id)]);
    expect(await new ExportWorker(server.deps, { tenantIds: [t.tenantId] }).runOnce()).toBe(0);
  });

  it('exports: the caller\'s jobs, newest first, in a fixed number of statements', async () => {
    const LIST = `query($first: Int) { exports(first: $first) { totalCount edges { node { id kind status rowsDone rowsTotal sha256 downloadPath } } } }`;
    for (let i = 0; i < 3; i++) await ok(server.url, START, { input: { kind: 'ACCOUNTABILITY_FINDINGS', format: 'JSONL' } }, t.auditor.token);
    const count = async (first: number) => {
      const res = await gql<any>(server.url, LIST, { first }, t.auditor.token);
      expect(res.errors).toBeUndefined();
      return { n: res.extensions?.sqlStatements as number, data: res.data };
    };
    const small = await count(1);
    const large = await count(5);
    expect(large.data.exports.edges).toHaveLength(5);
    expect(large.data.exports.totalCount).toBe(5);
    expect(large.n).toBe(small.n);
    expect((await ok<any>(server.url, LIST, { first: 5 }, t.member.token)).exports.edges).toHaveLength(1);
  });

  it('a pass over every tenant visits only those with a job to take (one statement across tenants finds them)', async () => {
    // The three jobs queued above: the pass over every tenant finds their tenant and runs them.
    expect(await exportSql.pendingTenants(server.deps.orm, new Date())).toEqual([t.tenantId]);
    expect(await new ExportWorker(server.deps).runOnce()).toBe(3);
    // Nothing left to take anywhere (the job leased above stays leased): an idle pass claims in no tenant.
    expect(await exportSql.pendingTenants(server.deps.orm, new Date())).toEqual([]);
    const idle = await recordStatements(async () => expect(await new ExportWorker(server.deps).runOnce()).toBe(0));
    expect(idle.filter((q) => q.includes('update export_job'))).toEqual([]);
    expect(idle.filter((q) => q.includes('select distinct j.tenant_id'))).toHaveLength(1);
    expect(await exportSql.pendingTenants(server.deps.orm, new Date())).toEqual([]);
  });
});

it('the confidential case is in the director\'s export', async () => {
  const res = (await ok<any>(server.url, EXPORT_LIST, { input: { kind: 'INCIDENTS', format: 'JSONL' } }, t.director.token)).exportList;
  expect(bytesOf(res.file).toString('utf8')).toContain('礼金');
  expect(secret).toBeTruthy();
});
