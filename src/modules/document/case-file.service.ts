// Filing (归档): closing a case writes its case-file index (the records,
// documents and evidence with their sha256, sizes and dates, and the case's
// log entries of the range that recorded them) as index.json and as a PDF,
// both stored as evidence of the case; their hashes are in the close entry,
// and a checkpoint is signed at that entry. The archive (one ZIP) carries what
// an outsider needs to check it with the public key alone (src/admin/case-file-verify.ts).
import { openSummary } from '../incident/incident-text.service.js';
import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { Zip, ZipPassThrough, strToU8 } from 'fflate';
import type { Ctx } from '../../platform/context.js';
import { requireMember, requirePermission } from '../../platform/authz.js';
import { Permission } from '../../platform/permissions.js';
import { tenantRef } from '../../platform/db/tenant-refs.js';
import { audited } from '../../platform/audit/mutation.js';
import { canonicalJson } from '../../platform/audit/canonical-json.js';
import { actorRef } from '../member/member.service.js';
import { incidentAccess } from '../incident/incident.access.js';
import type { Incident } from '../incident/incident.entity.js';
import { IncidentEvidence } from '../incident/record.entity.js';
import { EvidenceKind } from '../incident/incident.enums.js';
import type { ClosingStep } from '../incident/incident-closing.service.js';
import { fileService } from '../file/file.service.js';
import { FileKind } from '../file/file.enums.js';
import type { StoredFile } from '../file/file.entity.js';
import { CaseRecord } from '../case-record/case-record.entity.js';
import { caseLogService } from '../log/case-log.service.js';
import { CaseDocument } from './document.entity.js';
import { renderPdf } from './document-render.js';
import { CASE_FILE_INDEX_JSON, CASE_FILE_INDEX_PDF, type CaseFileIndex, type IndexedFile } from './case-file.model.js';

export const CASE_FILE_DOWNLOAD_ACTION = 'case_file.download';

/** A ZIP path from a name: no directories, no control characters. */
function safeName(name: string): string {
  return name.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 120) || 'file';
}

async function buildIndex(tx: Ctx, incident: Incident): Promise<CaseFileIndex> {
  const tenant = requireMember(tx).tenant;
  const evidence = await tx.em.find(IncidentEvidence, { incident: { id: incident.id } }, { populate: ['file'], orderBy: { createdAt: 'asc', id: 'asc' } });
  const documents = await tx.em.find(CaseDocument, { incident: { id: incident.id } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const records = await tx.em.find(CaseRecord, { incident: { id: incident.id } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const docFiles = new Set(documents.flatMap((d) => [d.pdfFile?.id, d.docxFile?.id, d.receiptFile?.id]).filter(Boolean));
  const used = new Set<string>();
  const pathOf = (dir: string, name: string) => {
    let p = `${dir}/${safeName(name)}`;
    for (let i = 2; used.has(p); i += 1) p = `${dir}/${i}-${safeName(name)}`;
    used.add(p);
    return p;
  };
  const files: IndexedFile[] = evidence.map((e) => {
    const file = e.file?.getEntity() ?? null;
    return {
      path: file ? pathOf(docFiles.has(file.id) ? 'documents' : 'evidence', file.originalName) : null,
      name: file?.originalName ?? e.storageKey,
      evidenceId: e.id,
      kind: e.kind,
      description: e.description ?? null,
      sha256: e.sha256,
      sizeBytes: Number(e.sizeBytes),
      contentType: e.contentType ?? null,
      date: (e.capturedAt ?? e.createdAt).toISOString(),
    };
  });
  const to = await caseLogService.headSeq(tx);
  const from = (await caseLogService.firstSeq(tx, incident.id)) ?? to;
  return {
    format: 'xinfang-case-file/v1',
    tenantId: tenant.id,
    institution: tenant.name,
    incident: { id: incident.id, receiptNumber: incident.receiptNumber, summary: await openSummary(tx, incident.summary), closedAt: incident.closedAt?.toISOString() ?? null, review: incident.review ?? null },
    records: records.map((r) => ({ id: r.id, kind: r.kind, status: r.status, version: r.version, authorId: r.author.id, createdAt: r.createdAt.toISOString(), filedAt: r.filedAt?.toISOString() ?? null, content: r.content })),
    documents: documents.map((d) => ({
      id: d.id, kind: d.kind, status: d.status, title: d.title, number: d.number ?? null, approvedAt: d.approvedAt?.toISOString() ?? null,
      servedAt: d.servedAt?.toISOString() ?? null, serviceMethod: d.serviceMethod ?? null,
      pdf: files.find((f) => f.evidenceId && evidence.find((e) => e.id === f.evidenceId)?.file?.id === d.pdfFile?.id)?.path ?? null,
      docx: files.find((f) => f.evidenceId && evidence.find((e) => e.id === f.evidenceId)?.file?.id === d.docxFile?.id)?.path ?? null,
    })),
    files,
    log: { fromSeq: from, toSeq: to, entries: await caseLogService.caseEntries(tx, incident.id, from, to) },
  };
}

/** The index as the PDF's text: one fact a line, hashes on lines of their own. */
function indexText(index: CaseFileIndex): string {
  const lines = [`案件回执编号：${index.incident.receiptNumber}`, `事由：${index.incident.summary}`, `办结时间：${index.incident.closedAt ?? ''}`, ''];
  lines.push(`一、记录（${index.records.length} 份）`);
  for (const r of index.records) lines.push(`${r.kind} 第${r.version}版 ${r.status} ${r.createdAt.slice(0, 10)}`);
  lines.push('', `二、文书（${index.documents.length} 份）`);
  for (const d of index.documents) lines.push(`${d.title} ${d.number ?? '（未编号）'} ${d.status}`);
  lines.push('', `三、证据与文件（${index.files.length} 件）`);
  index.files.forEach((f, i) => {
    lines.push(`${i + 1}. ${f.name}（${f.kind}，${f.sizeBytes} 字节，${f.date.slice(0, 10)}）${f.path ? '' : ' 仅有登记，无文件'}`);
    lines.push(`sha256 ${f.sha256}`);
  });
  lines.push('', `四、日志区间：第 ${index.log.fromSeq} 至第 ${index.log.toSeq} 条（本案 ${index.log.entries.length} 条）`);
  lines.push('本目录的 sha256 记于办结日志条目，该条目由签名检查点证明。');
  return lines.join('\n');
}

async function storeAsEvidence(tx: Ctx, incident: Incident, file: StoredFile, description: string): Promise<void> {
  tx.em.persist(tx.em.create(IncidentEvidence, {
    tenant: tenantRef(tx), incident, task: null, kind: EvidenceKind.DOCUMENT, sha256: file.sha256, sizeBytes: file.sizeBytes, storageKey: file.storageKey,
    contentType: file.contentType, description, capturedAt: new Date(), recordedBy: actorRef(tx), file,
  }));
}

/** The closing step of the document module (listed in src/server/services.ts). */
export const caseFilingStep: ClosingStep = {
  async file(tx, incident) {
    const index = await buildIndex(tx, incident);
    const json = Buffer.from(canonicalJson(index), 'utf8');
    const pdf = await renderPdf({ title: '案卷目录', number: index.incident.receiptNumber, body: indexText(index), institution: index.institution, bodySize: 9 });
    const jsonFile = await fileService.storeGenerated(tx, { bytes: json, name: `案卷目录（${index.incident.receiptNumber}）.json`, contentType: 'application/json', kind: FileKind.TEXT });
    const pdfFile = await fileService.storeGenerated(tx, { bytes: pdf, name: `案卷目录（${index.incident.receiptNumber}）.pdf`, contentType: 'application/pdf', kind: FileKind.PDF });
    await storeAsEvidence(tx, incident, jsonFile, CASE_FILE_INDEX_JSON);
    await storeAsEvidence(tx, incident, pdfFile, CASE_FILE_INDEX_PDF);
    return { reason: `归档: index.json sha256 ${jsonFile.sha256}, index.pdf sha256 ${pdfFile.sha256}, log ${index.log.fromSeq}-${index.log.toSeq}` };
  },
  async sealed(tx, incident) {
    await caseLogService.sealHead(tx, `归档 ${incident.receiptNumber}`);
  },
};

export interface CaseArchive {
  name: string;
  /** Starts the ZIP (after the download's entry has committed). */
  open(): Readable;
  /** Releases the opened objects when the ZIP is never sent (the commit failed). */
  cancel(): void;
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export const caseFileService = {
  /**
   * The archive of a filed case, for a caller who may see the case (null, NOT_FOUND,
   * otherwise, and for a case not filed). The download is logged before any byte
   * is sent; the ZIP streams after (stored entries: PDFs and media are compressed already).
   */
  async archive(ctx: Ctx, incidentId: string): Promise<CaseArchive | null> {
    requirePermission(ctx, Permission.INCIDENT_READ);
    const incident = await incidentAccess.find(ctx, incidentId);
    if (!incident) return null;
    const evidence = await ctx.em.find(IncidentEvidence, { incident: { id: incident.id } }, { populate: ['file'], orderBy: { createdAt: 'asc', id: 'asc' } });
    const jsonEv = evidence.filter((e) => e.description === CASE_FILE_INDEX_JSON).at(-1);
    const pdfEv = evidence.filter((e) => e.description === CASE_FILE_INDEX_PDF).at(-1);
    const closeSeq = await caseLogService.entrySeq(ctx, incident.id, 'incident.close');
    if (!jsonEv?.file || !pdfEv?.file || closeSeq === null) return null;
    const checkpoint = await caseLogService.checkpointAt(ctx, closeSeq);
    if (!checkpoint) return null;
    const indexBytes = await bytesOf(await fileService.open(ctx, jsonEv.file.getEntity()));
    const index = JSON.parse(indexBytes.toString('utf8')) as CaseFileIndex;
    const entries = await caseLogService.rangeFor(ctx, incident.id, index.log.fromSeq, closeSeq);
    const byEvidence = new Map(evidence.map((e) => [e.id, e]));
    const sources: { path: string; open: () => Promise<Readable> }[] = [
      { path: 'index.pdf', open: () => fileService.open(ctx, pdfEv.file!.getEntity()) },
      ...index.files.filter((f) => f.path).map((f) => {
        const file = byEvidence.get(f.evidenceId)!.file!.getEntity();
        return { path: f.path!, open: () => fileService.open(ctx, file) };
      }),
    ];
    // Every object is opened before the entry commits: a missing object logs nothing.
    const streams = await Promise.all(sources.map(async (s) => ({ path: s.path, body: await s.open() })));
    const logged = await audited(ctx, CASE_FILE_DOWNLOAD_ACTION, async () => ({
      result: incident, target: { type: 'Incident', id: incident.id }, incidentId: incident.id, reason: `archive downloaded (index.json sha256 ${jsonEv.sha256})`,
    }));
    if (!logged.ok) {
      for (const s of streams) s.body.destroy();
      throw new Error('archive download not logged');
    }
    const cancel = () => {
      for (const s of streams) s.body.destroy();
    };
    const open = () => {
      const out = new PassThrough();
      const zip = new Zip((err, chunk, final) => {
        if (err) out.destroy(err);
        else {
          out.write(Buffer.from(chunk));
          if (final) out.end();
        }
      });
      const add = (path: string, data: Uint8Array) => {
        const entry = new ZipPassThrough(path);
        zip.add(entry);
        entry.push(data, true);
      };
      const verifyNote = 'Verify with the public key alone:\n  npm run admin -- verify-case-file --file <this zip> --public-key <checkpoint public key PEM>\n';
      add('index.json', indexBytes);
      add('log/entries.json', strToU8(JSON.stringify(entries, null, 1)));
      add('log/checkpoint.json', strToU8(JSON.stringify(checkpoint, null, 1)));
      add('VERIFY.txt', strToU8(verifyNote));
      void (async () => {
        try {
          for (const s of streams) {
            const entry = new ZipPassThrough(s.path);
            zip.add(entry);
            for await (const chunk of s.body) {
              entry.push(new Uint8Array(chunk as Buffer));
              if (out.writableNeedDrain) await new Promise((r) => out.once('drain', r));
            }
            entry.push(new Uint8Array(0), true);
          }
          zip.end();
        } catch (error) {
          for (const s of streams) s.body.destroy();
          out.destroy(error as Error);
        }
      })();
      return out;
    };
    return { name: `案卷（${incident.receiptNumber}）.zip`, open, cancel };
  },

  /** sha256 (hex) of bytes, as the index records them. */
  sha256(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest('hex');
  },
};
