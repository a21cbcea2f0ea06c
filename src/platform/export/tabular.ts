// Tables to files: CSV (UTF-8 with a BOM and CRLF, so Excel and WPS open
// Chinese correctly), XLSX (exceljs) and JSON Lines; with the file's sha256,
// which the export's log entry records.
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { registerEnumType } from 'type-graphql';

export enum ExportFormat {
  CSV = 'CSV',
  XLSX = 'XLSX',
  JSONL = 'JSONL',
}
registerEnumType(ExportFormat, { name: 'ExportFormat', description: 'CSV (UTF-8 with BOM), XLSX, or JSON Lines (one object per line). 导出格式。' });

export type Cell = string | number | boolean | Date | null;

export interface Table {
  /** Column keys (JSON Lines) and headers (CSV, XLSX). */
  columns: { key: string; header: string }[];
  rows: Cell[][];
}

export interface ExportedFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
  sha256: string;
  rows: number;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  [ExportFormat.CSV]: 'text/csv; charset=utf-8',
  [ExportFormat.XLSX]: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  [ExportFormat.JSONL]: 'application/x-ndjson',
};

const text = (c: Cell): string => (c === null ? '' : c instanceof Date ? c.toISOString() : String(c));

function csvField(c: Cell): string {
  let s = text(c);
  // A cell a spreadsheet would run as a formula is written as text.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(table: Table): Buffer {
  const lines = [table.columns.map((c) => csvField(c.header)), ...table.rows.map((r) => r.map(csvField))].map((l) => l.join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

async function xlsx(table: Table, sheet: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet(sheet);
  ws.columns = table.columns.map((c) => ({ header: c.header, key: c.key, width: 18 }));
  for (const row of table.rows) ws.addRow(row.map((c) => (c === null ? null : c)));
  return Buffer.from(await book.xlsx.writeBuffer());
}

function jsonl(table: Table): Buffer {
  const lines = table.rows.map((r) => JSON.stringify(Object.fromEntries(table.columns.map((c, n) => [c.key, r[n] instanceof Date ? (r[n] as Date).toISOString() : r[n]]))));
  return Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
}

export async function exportTable(table: Table, format: ExportFormat, name: string): Promise<ExportedFile> {
  const bytes = format === ExportFormat.CSV ? csv(table) : format === ExportFormat.XLSX ? await xlsx(table, name) : jsonl(table);
  const ext = format === ExportFormat.CSV ? 'csv' : format === ExportFormat.XLSX ? 'xlsx' : 'jsonl';
  return { fileName: `${name}.${ext}`, contentType: CONTENT_TYPES[format], bytes, sha256: createHash('sha256').update(bytes).digest('hex'), rows: table.rows.length };
}

/**
 * A list as the rows of a file, read page by page (an asynchronous export
 * reports progress between pages). Made by the module that owns the list,
 * with the caller's visibility applied.
 */
export interface ExportSource {
  /** File name without extension. */
  name: string;
  columns: Table['columns'];
  /** Rows in all, when known before reading. */
  total: number | null;
  /** Whether the rows hold petitioners' personal data (each read logged as it is made). */
  personalData: boolean;
  pages(): AsyncIterable<Cell[][]>;
}

/** Every row of a source, at most `max` (then `tooMany` is thrown). */
export async function collect(source: ExportSource, max: number, tooMany: () => Error, onPage?: (done: number) => Promise<void>): Promise<Table> {
  const rows: Cell[][] = [];
  for await (const page of source.pages()) {
    rows.push(...page);
    if (rows.length > max) throw tooMany();
    await onPage?.(rows.length);
  }
  return { columns: source.columns, rows };
}
