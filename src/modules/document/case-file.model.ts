// The case-file index (案卷目录) as stored in index.json: what an archive holds
// and the hashes an outsider checks it against.

/** The descriptions of the index's own evidence rows (the filing writes them). */
export const CASE_FILE_INDEX_JSON = '案卷目录 index.json';
export const CASE_FILE_INDEX_PDF = '案卷目录 PDF';

export interface IndexedFile {
  /** Where the bytes are in the archive; null for evidence recorded as metadata only (no bytes stored). */
  path: string | null;
  name: string;
  evidenceId: string;
  kind: string;
  description: string | null;
  sha256: string;
  sizeBytes: number;
  contentType: string | null;
  date: string;
}

export interface CaseFileIndex {
  format: 'xinfang-case-file/v1';
  tenantId: string;
  institution: string;
  incident: { id: string; receiptNumber: string; summary: string; closedAt: string | null; review: unknown };
  records: { id: string; kind: string; status: string; version: number; authorId: string; createdAt: string; filedAt: string | null; content: unknown }[];
  documents: { id: string; kind: string; status: string; title: string; number: string | null; approvedAt: string | null; servedAt: string | null; serviceMethod: string | null; pdf: string | null; docx: string | null }[];
  files: IndexedFile[];
  /** The tenant-log range up to the filing (toSeq: the entry before the close entry) and the case's entries in it. */
  log: { fromSeq: number; toSeq: number; entries: { seq: number; hash: string; action: string }[] };
}
