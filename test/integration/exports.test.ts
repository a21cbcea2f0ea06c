// Exports: the incidents list and the assessment figures as CSV (UTF-8 with
// BOM, Chinese header), XLSX (read back with exceljs) and JSON Lines; the
// caller's visibility; personal data only with PETITIONER_PII_READ, each read
// logged; the export logged with the sha256 of the very bytes returned.
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { createUnit, gql, ok } from '../support/fixtures.js';
import { REPORT_INCIDENT, reportInput } from '../support/incidents.js';
import { township, type Township } from '../support/accountability.js';

let server: TestServer;
let db: pg.Client;
let t: Township;
let first: string, westCase: string;

const EXPORT = `mutation($input: ExportIncidentsInput!) { exportIncidents(input: $input) {
  file { fileName contentType rows sha256 base64 } userErrors { code field message } } }`;
const EXPORT_FIGURES = `mutation($input: ExportAssessmentFiguresInput!) { exportAssessmentFigures(input: $input) {
  file { fileName contentType rows sha256 base64 } userErrors { code field message } } }`;

const bytesOf = (file: { base64: string }) => Buffer.from(file.base64, 'base64');

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  t = await township(server);
  const west = await createUnit(server, t.tenant.adminToken, t.tenant.rootUnitId, '西村', 'VILLAGE');
  const report = async (unit: string, summary: string, petitioners: { name: string; contact: string }[]) =>
    (await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(unit, { summary, petitioners }) }, t.director.token)).reportIncident.incident.id as string;
  first = await report(t.village, '村道硬化质量问题, "返工"', [{ name: '张三', contact: '13800000000' }]);
  await report(t.village, '=HYPERLINK("x") 低保评定', [{ name: '李四', contact: '13900000000' }, { name: '王五', contact: '13700000000' }]);
  westCase = await report(west, '西村征地补偿', [{ name: '赵六', contact: '13600000000' }]);
}, 120_000);
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

async function logged(action: string) {
  const { rows } = await db.query(`select seq, reason, changes from log_entry where tenant_id = $1 and action = $2 order by seq desc limit 1`, [t.tenantId, action]);
  return rows[0];
}

describe('exportIncidents', () => {
  it('CSV: UTF-8 with BOM, Chinese header, one row per visible incident, quoted and formula-safe; its sha256 in the log', async () => {
    const res = await ok<any>(server.url, EXPORT, { input: { format: 'CSV' } }, t.director.token);
    const file = res.exportIncidents.file;
    expect(file).toMatchObject({ contentType: 'text/csv; charset=utf-8', rows: 3 });
    expect(file.fileName).toMatch(/^incidents-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = bytesOf(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.split('\r\n');
    expect(lines[0]!.startsWith('回执编号,收到时间,发生时间,类别')).toBe(true);
    expect(lines[0]).not.toContain('信访人');
    expect(lines.filter(Boolean)).toHaveLength(4);
    expect(text).toContain('"村道硬化质量问题, ""返工"""');
    expect(text).toContain(`"'=HYPERLINK(""x"") 低保评定"`);
    expect(text).not.toContain('张三');
    const entry = await logged('incident.export');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
    expect(entry.changes[0].after).toMatchObject({ sha256: file.sha256, rows: 3, format: 'CSV', personalData: false });
  });

  it('XLSX opens with exceljs: the same header and rows', async () => {
    const res = await ok<any>(server.url, EXPORT, { input: { format: 'XLSX', filter: { text: '硬化' } } }, t.director.token);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytesOf(res.exportIncidents.file) as never);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('回执编号');
    expect(sheet.getRow(1).getCell(9).value).toBe('摘要');
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(9).value).toBe('村道硬化质量问题, "返工"');
    expect(sheet.getRow(2).getCell(7).value).toBe('东村');
  });

  it('JSON Lines: one object per line', async () => {
    const res = await ok<any>(server.url, EXPORT, { input: { format: 'JSONL' } }, t.director.token);
    const lines = bytesOf(res.exportIncidents.file).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.unit).sort()).toEqual(['东村', '东村', '西村']);
  });

  it('honours visibility: a village liaison exports its village only', async () => {
    const res = await ok<any>(server.url, EXPORT, { input: { format: 'JSONL' } }, t.liaison.token);
    const lines = bytesOf(res.exportIncidents.file).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.unit)).toEqual(['东村', '东村']);
  });

  it('personal data only with PETITIONER_PII_READ, each petitioner read logged', async () => {
    const refused = await gql<any>(server.url, EXPORT, { input: { format: 'CSV', includePersonalData: true } }, t.liaison.token);
    expect(refused.data.exportIncidents).toMatchObject({ file: null, userErrors: [{ code: 'PERSONAL_DATA_NOT_PERMITTED', field: ['input', 'includePersonalData'] }] });
    const before = Number((await db.query(`select count(*) from log_entry where tenant_id = $1 and action = 'petitioner.read_pii'`, [t.tenantId])).rows[0].count);
    const res = await ok<any>(server.url, EXPORT, { input: { format: 'CSV', includePersonalData: true } }, t.director.token);
    const text = bytesOf(res.exportIncidents.file).toString('utf8');
    expect(text).toContain('信访人（姓名 联系方式）');
    expect(text).toContain('张三 13800000000');
    expect(text).toContain('李四 13900000000；王五 13700000000');
    const after = Number((await db.query(`select count(*) from log_entry where tenant_id = $1 and action = 'petitioner.read_pii'`, [t.tenantId])).rows[0].count);
    expect(after - before).toBe(4);
    const entry = await logged('incident.export');
    expect(entry.reason).toContain('personal data');
    expect(entry.changes[0].after).toMatchObject({ sha256: res.exportIncidents.file.sha256, personalData: true });
  });
});

describe('exportAssessmentFigures', () => {
  it('CSV with BOM and Chinese header: the totals first, then one row per group; logged with its hash', async () => {
    const period = { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() };
    const res = await ok<any>(server.url, EXPORT_FIGURES, { input: { period, groupBy: 'UNIT', format: 'CSV' } }, t.director.token);
    const bytes = bytesOf(res.exportAssessmentFigures.file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]!.startsWith('分组键,分组,信访件数,及时受理（分子）,及时受理（分母）,及时受理率')).toBe(true);
    expect(lines[1]!.startsWith(',合计,3,')).toBe(true);
    expect(lines.slice(2).map((l) => l.split(',')[1]).sort()).toEqual(['东村', '西村']);
    expect((await logged('assessment.export')).changes[0].after).toMatchObject({ sha256: res.exportAssessmentFigures.file.sha256, list: 'assessmentFigures' });
    const xlsx = await ok<any>(server.url, EXPORT_FIGURES, { input: { period, groupBy: 'MONTH', format: 'XLSX' } }, t.director.token);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytesOf(xlsx.exportAssessmentFigures.file) as never);
    expect(book.worksheets[0]!.getRow(2).getCell(2).value).toBe('合计');
    expect(book.worksheets[0]!.getRow(2).getCell(3).value).toBe(3);
  });

  it('has the repeat-petition rate\'s numerator, denominator and rate for the totals and each group', async () => {
    const linked = await ok<any>(server.url, `mutation($input: LinkRepeatInput!) { linkRepeat(input: $input) { userErrors { code } } }`, { input: { incidentId: westCase, earlierIncidentId: first } }, t.director.token);
    expect(linked.linkRepeat.userErrors).toEqual([]);
    const period = { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() };
    const res = await ok<any>(server.url, EXPORT_FIGURES, { input: { period, groupBy: 'UNIT', format: 'CSV' } }, t.director.token);
    const [header, ...rows] = bytesOf(res.exportAssessmentFigures.file).subarray(3).toString('utf8').trim().split('\r\n').map((l) => l.split(','));
    const at = header!.indexOf('重复信访（分子）');
    expect(header!.slice(at, at + 3)).toEqual(['重复信访（分子）', '重复信访（分母）', '重复信访率']);
    const repeat = (label: string) => rows.find((r) => r[1] === label)!.slice(at, at + 3).map(Number);
    expect(repeat('合计')).toEqual([1, 3, 1 / 3]);
    expect(repeat('西村')).toEqual([1, 1, 1]);
    expect(repeat('东村')).toEqual([0, 2, 0]);
  });
});
