// Standalone verification of a case-file archive (ZIP) with the checkpoint
// public key alone, no database: the checkpoint signature and the close entry
// it signs; the close entry names the sha256 of index.json and of the index
// PDF (in its changes: the two evidence rows the filing wrote); index.json
// names every file's sha256 and size and the hashes of the case's earlier
// entries; the entries' chain links across the range (other cases' entries
// are withheld: seq and hashes only).
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { chainHash, type ExportedEntry } from '../platform/audit/log-hash.js';
import { hashedPart, verifyExport, type SignedCheckpoint } from '../modules/log/checkpoint.verify.js';
import { CASE_FILE_INDEX_JSON, CASE_FILE_INDEX_PDF, type CaseFileIndex } from '../modules/document/case-file.model.js';

export interface CaseFileVerification {
  ok: boolean;
  /** Each problem found, naming the file or entry. */
  problems: string[];
  checkedFiles: number;
  checkedEntries: number;
}

type Entry = ExportedEntry | { seq: number; prevHash: string; hash: string; withheld: true };
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export function verifyCaseFile(zip: Uint8Array, publicKeyPem: string): CaseFileVerification {
  const problems: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (e) {
    return { ok: false, problems: [`not a ZIP archive: ${(e as Error).message}`], checkedFiles: 0, checkedEntries: 0 };
  }
  const text = (p: string) => (files[p] ? Buffer.from(files[p]!).toString('utf8') : null);
  const indexBytes = files['index.json'];
  const cpText = text('log/checkpoint.json');
  const entriesText = text('log/entries.json');
  if (!indexBytes || !cpText || !entriesText) return { ok: false, problems: ['index.json, log/checkpoint.json or log/entries.json is missing'], checkedFiles: 0, checkedEntries: 0 };
  const index = JSON.parse(Buffer.from(indexBytes).toString('utf8')) as CaseFileIndex;
  const checkpoint = JSON.parse(cpText) as SignedCheckpoint;
  const entries = (JSON.parse(entriesText) as Entry[]).sort((a, b) => a.seq - b.seq);

  // 1. The checkpoint's signature, and the close entry it signs.
  const close = entries.find((e) => e.seq === checkpoint.seq);
  if (!close || 'withheld' in close) {
    problems.push(`the entry at the checkpoint (seq ${checkpoint.seq}) is not in log/entries.json`);
  } else {
    const r = verifyExport([close], checkpoint, publicKeyPem);
    if (!r.ok) problems.push(`checkpoint: ${r.reason} at seq ${r.brokenSeq}: ${r.detail}`);
    if (close.action !== 'incident.close' || close.incidentId !== index.incident.id || close.tenantId !== index.tenantId) {
      problems.push(`the checkpoint's entry (seq ${close.seq}) is not the close of case ${index.incident.receiptNumber}`);
    }
    // 2. The close entry names the index's hashes.
    const named = (description: string) => (close.changes as { type: string; op: string; after?: Record<string, unknown> | null }[])
      .filter((c) => c.type === 'IncidentEvidence' && c.op === 'create' && c.after?.description === description).map((c) => String(c.after?.sha256));
    if (!named(CASE_FILE_INDEX_JSON).includes(sha256(indexBytes))) problems.push('index.json: its sha256 is not the one in the close entry');
    const pdf = files['index.pdf'];
    if (!pdf) problems.push('index.pdf is missing');
    else if (!named(CASE_FILE_INDEX_PDF).includes(sha256(pdf))) problems.push('index.pdf: its sha256 is not the one in the close entry');
  }

  // 3. Every file against the index.
  let checkedFiles = 0;
  const listed = new Set(['index.json', 'index.pdf', 'log/checkpoint.json', 'log/entries.json', 'VERIFY.txt']);
  for (const f of index.files) {
    if (!f.path) continue;
    listed.add(f.path);
    const bytes = files[f.path];
    if (!bytes) problems.push(`${f.path} (${f.name}): missing from the archive`);
    else if (sha256(bytes) !== f.sha256 || bytes.length !== f.sizeBytes) problems.push(`${f.path} (${f.name}): sha256 ${sha256(bytes)} differs from the index (${f.sha256})`);
    else checkedFiles += 1;
  }
  for (const p of Object.keys(files)) if (!listed.has(p) && !p.endsWith('/')) problems.push(`${p}: not in the index`);

  // 4. The entries: each full one hashes right, the chain links across the range, and the index's hashes match.
  let checkedEntries = 0;
  for (let i = 0; i < entries.length; i += 1) {
    const e = entries[i]!;
    if (i > 0) {
      const prev = entries[i - 1]!;
      if (e.seq !== prev.seq + 1) problems.push(`log: entry ${prev.seq + 1} is missing`);
      else if (e.prevHash !== prev.hash) problems.push(`log: entry ${e.seq} does not link to entry ${prev.seq}`);
    }
    if (!('withheld' in e)) {
      if (chainHash(e.prevHash, hashedPart(e)) !== e.hash) problems.push(`log: entry ${e.seq} (${e.action}) does not match its hash`);
      else checkedEntries += 1;
    }
  }
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  for (const listedEntry of index.log.entries) {
    const e = bySeq.get(listedEntry.seq);
    if (!e || 'withheld' in e) problems.push(`log: the case's entry ${listedEntry.seq} is missing`);
    else if (e.hash !== listedEntry.hash) problems.push(`log: entry ${listedEntry.seq} differs from the hash in the index`);
  }
  return { ok: problems.length === 0, problems, checkedFiles, checkedEntries };
}
