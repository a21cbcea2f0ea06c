// Statutory documents: drafted from the case and a template (the tenant's
// newest version, or the built-in one), edited by the handler, approved by a
// leader other than the drafter, then numbered (文号, per tenant and year,
// without gaps), rendered to PDF and DOCX, stored as evidence with their hashes
// in the log, and served with a record of service.
import type { Ctx } from '../../platform/context.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { idOf } from '../../platform/ids.js';
import { requireMember } from '../../platform/authz.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { tenantRef } from '../../platform/db/tenant-refs.js';
import { localParts } from '../../platform/zoned-time.js';
import { actorRef } from '../member/member.service.js';
import { incidentAccess } from '../incident/incident.access.js';
import type { Incident } from '../incident/incident.entity.js';
import { IncidentEvidence } from '../incident/record.entity.js';
import { EvidenceKind } from '../incident/incident.enums.js';
import { attachFileEvidence } from '../incident/case-work.service.js';
import { fileService } from '../file/file.service.js';
import { FileKind } from '../file/file.enums.js';
import { CaseDocument, DocumentTemplate } from './document.entity.js';
import { DocumentKind, DocumentStatus } from './document.enums.js';
import { DocumentErrorCode } from './document.errors.js';
import { BUILT_IN_TEMPLATES, fillTemplate, type TemplateText } from './document-templates.model.js';
import { caseFacts, replyDueAt } from './document-facts.js';
import { renderDocx, renderPdf } from './document-render.js';
import type { ApproveDocumentInput, DraftDocumentInput, RecordServiceInput, SaveDocumentTemplateInput, UpdateDocumentDraftInput } from './document.inputs.js';

export interface DocumentResult {
  document: CaseDocument;
  incident: Incident;
}

const PRINCIPAL_ROLE = 'GROUP_LEADER';

/** The tenant's newest template of the kind, or the built-in one (version 0). */
async function templateFor(ctx: Ctx, kind: DocumentKind): Promise<TemplateText & { version: number }> {
  const own = await ctx.em.findOne(DocumentTemplate, { kind }, { orderBy: { version: 'desc' } });
  return own ? { title: own.title, body: own.body, major: own.major, version: own.version } : { ...BUILT_IN_TEMPLATES[kind], version: 0 };
}

/** The document, visible through its incident, with the incident locked for the change. */
async function lockDocument(tx: Ctx, globalId: string, field: string[]): Promise<DocumentResult> {
  const id = idOf('CaseDocument', globalId, field);
  const found = await tx.em.findOne(CaseDocument, { id });
  if (!found) throw notFound('CaseDocument', field);
  const incident = await incidentAccess.lock(tx, found.incident.id, field);
  const document = await tx.em.findOneOrFail(CaseDocument, { id }, { refresh: true });
  return { document, incident };
}

/** Takes the next 文号 sequence of the tenant's year; the row stays locked until commit, so a rolled-back approval leaves no gap. */
async function nextSequence(tx: Ctx, year: number): Promise<number> {
  const tenantId = requireMember(tx).tenant.id;
  const rows = await tx.em.getConnection().execute<{ last: number }[]>(
    `insert into document_counter (tenant_id, id, created_at, year, last) values (?, gen_random_uuid(), now(), ?, 1)
     on conflict (tenant_id, year) do update set last = document_counter.last + 1 returning last`,
    [tenantId, year],
    'all',
    tx.em.getTransactionContext(),
  );
  return rows[0]!.last;
}

export const documentService = {
  async draft(ctx: Ctx, input: DraftDocumentInput): Promise<Outcome<DocumentResult>> {
    return audited(ctx, 'document.draft', async (tx) => {
      await validateInput(input);
      const incident = await incidentAccess.lock(tx, idOf('Incident', input.incidentId, ['input', 'incidentId']));
      const template = await templateFor(tx, input.kind);
      const facts = await caseFacts(tx, incident, input.kind);
      const document = tx.em.create(CaseDocument, {
        tenant: tenantRef(tx),
        incident,
        kind: input.kind,
        title: template.title,
        body: fillTemplate(template.body, facts),
        templateVersion: template.version,
        draftedBy: actorRef(tx),
      });
      tx.em.persist(document);
      return { result: { document, incident }, target: { type: 'CaseDocument', id: document.id }, incidentId: incident.id };
    });
  },

  async updateDraft(ctx: Ctx, input: UpdateDocumentDraftInput): Promise<Outcome<DocumentResult>> {
    return audited(ctx, 'document.update', async (tx) => {
      await validateInput(input);
      const { document, incident } = await lockDocument(tx, input.documentId, ['input', 'documentId']);
      if (document.status !== DocumentStatus.DRAFT) throw new DomainError(DocumentErrorCode.DOCUMENT_NOT_DRAFT, `The document is ${document.status}`, ['input', 'documentId']);
      document.body = input.body;
      if (input.title?.trim()) document.title = input.title.trim();
      return { result: { document, incident }, target: { type: 'CaseDocument', id: document.id }, incidentId: incident.id };
    });
  },

  async approve(ctx: Ctx, input: ApproveDocumentInput): Promise<Outcome<DocumentResult>> {
    return audited(ctx, 'document.approve', async (tx) => {
      await validateInput(input);
      const actor = requireMember(tx);
      const { document, incident } = await lockDocument(tx, input.documentId, ['input', 'documentId']);
      if (document.status !== DocumentStatus.DRAFT) throw new DomainError(DocumentErrorCode.DOCUMENT_NOT_DRAFT, `The document is ${document.status}`, ['input', 'documentId']);
      if (document.draftedBy.id === actor.memberId) throw new DomainError(DocumentErrorCode.SELF_APPROVAL, 'Another leader approves what you drafted', ['input', 'documentId']);
      if (!actor.leader) throw new DomainError(DocumentErrorCode.APPROVER_NOT_LEADER, 'A leader-rank member (分管领导) approves documents', ['input', 'documentId']);
      const { major } = await templateFor(tx, document.kind);
      if (major && !actor.roleLabels.includes(PRINCIPAL_ROLE)) {
        throw new DomainError(DocumentErrorCode.PRINCIPAL_LEADER_REQUIRED, 'This kind is major: the principal leader (主要领导) approves it', ['input', 'documentId']);
      }
      const now = new Date();
      const year = localParts(now, actor.tenant.timezone).year;
      const sequence = await nextSequence(tx, year);
      const number = `${actor.tenant.name}信〔${year}〕${sequence}号`;
      const rendered = { title: document.title, number, body: document.body, institution: actor.tenant.name };
      const [pdf, docx] = await Promise.all([renderPdf(rendered), renderDocx(rendered)]);
      const base = `${document.title}（${number}）`;
      const pdfFile = await fileService.storeGenerated(tx, { bytes: pdf, name: `${base}.pdf`, contentType: 'application/pdf', kind: FileKind.PDF });
      const docxFile = await fileService.storeGenerated(tx, {
        bytes: docx,
        name: `${base}.docx`,
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        kind: FileKind.OFFICE,
      });
      for (const file of [pdfFile, docxFile]) {
        tx.em.persist(tx.em.create(IncidentEvidence, {
          tenant: tenantRef(tx), incident, task: null, kind: EvidenceKind.DOCUMENT, sha256: file.sha256, sizeBytes: file.sizeBytes, storageKey: file.storageKey,
          contentType: file.contentType, description: `${number} ${document.title}`, capturedAt: now, recordedBy: actorRef(tx), file,
        }));
      }
      Object.assign(document, { status: DocumentStatus.APPROVED, approvedBy: actorRef(tx), approvedAt: now, number, year, sequence, pdfFile, docxFile });
      incident.touch();
      return {
        result: { document, incident },
        target: { type: 'CaseDocument', id: document.id },
        incidentId: incident.id,
        reason: `${number}: pdf sha256 ${pdfFile.sha256}, docx sha256 ${docxFile.sha256}`,
      };
    });
  },

  async recordService(ctx: Ctx, input: RecordServiceInput): Promise<Outcome<DocumentResult>> {
    return audited(ctx, 'document.serve', async (tx) => {
      await validateInput(input);
      const { document, incident } = await lockDocument(tx, input.documentId, ['input', 'documentId']);
      if (document.status !== DocumentStatus.APPROVED) throw new DomainError(DocumentErrorCode.DOCUMENT_NOT_APPROVED, `The document is ${document.status}`, ['input', 'documentId']);
      const receipt = input.receiptFileId
        ? await attachFileEvidence(tx, incident, input.receiptFileId, EvidenceKind.DOCUMENT, `送达回证 ${document.number}`, ['input', 'receiptFileId'])
        : null;
      const due = document.kind === DocumentKind.REPLY_OPINION ? await replyDueAt(tx, incident.id) : null;
      Object.assign(document, {
        status: DocumentStatus.SERVED,
        serviceMethod: input.method,
        servedAt: input.servedAt,
        receiptFile: receipt?.file ?? null,
        servedLate: !!due && input.servedAt.getTime() > due.getTime(),
      });
      incident.touch();
      return { result: { document, incident }, target: { type: 'CaseDocument', id: document.id }, incidentId: incident.id };
    });
  },

  async saveTemplate(ctx: Ctx, input: SaveDocumentTemplateInput): Promise<Outcome<DocumentTemplate>> {
    return audited(ctx, 'document.save_template', async (tx) => {
      await validateInput(input);
      const last = await tx.em.findOne(DocumentTemplate, { kind: input.kind }, { orderBy: { version: 'desc' } });
      const template = tx.em.create(DocumentTemplate, {
        tenant: tenantRef(tx), kind: input.kind, version: (last?.version ?? 0) + 1, title: input.title.trim(), body: input.body,
        major: input.major ?? BUILT_IN_TEMPLATES[input.kind].major, savedBy: actorRef(tx),
      });
      tx.em.persist(template);
      return { result: template, target: { type: 'DocumentTemplate', id: template.id } };
    });
  },

  /** A document the caller may see (through its incident), or null. */
  async find(ctx: Ctx, id: string): Promise<CaseDocument | null> {
    const document = await ctx.em.findOne(CaseDocument, { id });
    if (!document) return null;
    return (await incidentAccess.find(ctx, document.incident.id)) ? document : null;
  },

  templateFor,
};
