import { Arg, Ctx as GqlCtx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { MemberNode } from '../member/member.types.js';
import { IncidentNode } from '../incident/incident.types.js';
import { incidentNodeOf, memberNode } from '../incident/incident.loaders.js';
import { FileNode } from '../file/file.types.js';
import { fileLoaders } from '../file/file.loaders.js';
import { documentService, type DocumentResult } from './document.service.js';
import { documentLoaders } from './document.loaders.js';
import { DocumentKind } from './document.enums.js';
import { DocumentNode, DocumentTemplateNode, ServedDocumentNode } from './document.types.js';
import { servedDocuments } from './served-documents.service.js';
import { PetitionStatus } from '../petition/petition-status.service.js';
import { PLACEHOLDERS } from './document-templates.model.js';
import {
  ApproveDocumentInput, DocumentPayload, DocumentTemplatePayload, DraftDocumentInput, RecordServiceInput, SaveDocumentTemplateInput, UpdateDocumentDraftInput,
} from './document.inputs.js';

nodeFetchers.set('CaseDocument', async (ctx, id) => {
  const document = await documentService.find(ctx, id);
  return document ? DocumentNode.from(document) : null;
});

const fill = (r: DocumentResult) => ({ document: DocumentNode.from(r.document), incident: IncidentNode.from(r.incident) });

async function fileNode(ctx: Ctx, id: string | null): Promise<FileNode | null> {
  if (!id) return null;
  const file = await fileLoaders.byId(ctx).load(id);
  return file ? FileNode.from(file) : null;
}

@Resolver(() => DocumentNode)
export class DocumentResolver {
  @Query(() => DocumentTemplateNode, { description: 'The wording a kind is drafted from now. 当前文书模板。' })
  @Allow.member(Permission.INCIDENT_READ)
  async documentTemplate(@GqlCtx() ctx: Ctx, @Arg('kind', () => DocumentKind) kind: DocumentKind): Promise<DocumentTemplateNode> {
    return Object.assign(new DocumentTemplateNode(), { kind, ...(await documentService.templateFor(ctx, kind)), placeholders: [...PLACEHOLDERS] });
  }

  @Mutation(() => DocumentTemplatePayload, { description: 'Saves the tenant\'s own wording for a kind as a new version. 保存文书模板。' })
  @Allow.member(Permission.PLAN_PUBLISH)
  async saveDocumentTemplate(@GqlCtx() ctx: Ctx, @Arg('input', () => SaveDocumentTemplateInput) input: SaveDocumentTemplateInput): Promise<DocumentTemplatePayload> {
    return toPayload(DocumentTemplatePayload, await documentService.saveTemplate(ctx, input), (t) => ({
      template: Object.assign(new DocumentTemplateNode(), { kind: t.kind, version: t.version, title: t.title, body: t.body, major: t.major, placeholders: [...PLACEHOLDERS] }),
    }));
  }

  @Mutation(() => DocumentPayload, { description: 'Drafts a statutory document from the case and the template. 起草法定文书。' })
  @Allow.member(Permission.PETITION_DECIDE)
  async draftDocument(@GqlCtx() ctx: Ctx, @Arg('input', () => DraftDocumentInput) input: DraftDocumentInput): Promise<DocumentPayload> {
    return toPayload(DocumentPayload, await documentService.draft(ctx, input), fill);
  }

  @Mutation(() => DocumentPayload, { description: 'Edits a draft. 修改文书草稿。' })
  @Allow.member(Permission.PETITION_DECIDE)
  async updateDocumentDraft(@GqlCtx() ctx: Ctx, @Arg('input', () => UpdateDocumentDraftInput) input: UpdateDocumentDraftInput): Promise<DocumentPayload> {
    return toPayload(DocumentPayload, await documentService.updateDraft(ctx, input), fill);
  }

  @Mutation(() => DocumentPayload, { description: 'Approval by a leader other than the drafter: the 文号, PDF and DOCX. 签发文书。' })
  @Allow.member(Permission.PETITION_DECIDE)
  async approveDocument(@GqlCtx() ctx: Ctx, @Arg('input', () => ApproveDocumentInput) input: ApproveDocumentInput): Promise<DocumentPayload> {
    return toPayload(DocumentPayload, await documentService.approve(ctx, input), fill);
  }

  @Mutation(() => DocumentPayload, { description: 'Records how and when it was served. 记录送达。' })
  @Allow.member(Permission.INCIDENT_ACT)
  async recordService(@GqlCtx() ctx: Ctx, @Arg('input', () => RecordServiceInput) input: RecordServiceInput): Promise<DocumentPayload> {
    return toPayload(DocumentPayload, await documentService.recordService(ctx, input), fill);
  }

  @FieldResolver(() => IncidentNode) incident(@Root() d: DocumentNode, @GqlCtx() ctx: Ctx) {
    return incidentNodeOf(ctx, d.incidentId);
  }

  @FieldResolver(() => MemberNode, { nullable: true }) draftedBy(@Root() d: DocumentNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, d.draftedById);
  }

  @FieldResolver(() => MemberNode, { nullable: true }) approvedBy(@Root() d: DocumentNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, d.approvedById);
  }

  @FieldResolver(() => FileNode, { nullable: true, description: 'The PDF (embedded Chinese font). PDF 文件。' }) pdf(@Root() d: DocumentNode, @GqlCtx() ctx: Ctx) {
    return fileNode(ctx, d.pdfFileId);
  }

  @FieldResolver(() => FileNode, { nullable: true, description: 'The DOCX. Word 文件。' }) docx(@Root() d: DocumentNode, @GqlCtx() ctx: Ctx) {
    return fileNode(ctx, d.docxFileId);
  }

  @FieldResolver(() => FileNode, { nullable: true, description: 'The delivery receipt. 送达回证。' }) receipt(@Root() d: DocumentNode, @GqlCtx() ctx: Ctx) {
    return fileNode(ctx, d.receiptFileId);
  }
}

@Resolver(() => IncidentNode)
export class IncidentDocumentsResolver {
  @FieldResolver(() => [DocumentNode], { description: 'Statutory documents of the case. 法定文书。' })
  async documents(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<DocumentNode[]> {
    return (await documentLoaders.byIncident(ctx).load(i.rawId)).map((d) => DocumentNode.from(d));
  }
}

@Resolver(() => PetitionStatus)
export class PetitionDocumentsResolver {
  @FieldResolver(() => [ServedDocumentNode], { description: 'The documents served on the petitioner. 已送达的文书。' })
  async documents(@Root() s: PetitionStatus, @GqlCtx() ctx: Ctx): Promise<ServedDocumentNode[]> {
    return (await servedDocuments(ctx, s.tenantId, s.incidentId)).map((d) => ServedDocumentNode.from(d));
  }
}
