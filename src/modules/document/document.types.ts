import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { DocumentKind, DocumentStatus, ServiceMethod } from './document.enums.js';
import type { CaseDocument } from './document.entity.js';

registerEnumType(DocumentKind, {
  name: 'DocumentKind',
  description: 'ACCEPTANCE_NOTICE 受理告知书, NON_ACCEPTANCE_NOTICE 不予受理告知书, NO_FURTHER_ACCEPTANCE_NOTICE 不再受理告知书, EXTENSION_NOTICE 延期答复告知书, REPLY_OPINION 答复意见书, REVIEW_OPINION 复查意见书, REREVIEW_OPINION 复核意见书.',
});
registerEnumType(DocumentStatus, { name: 'DocumentStatus', description: 'DRAFT 草稿, APPROVED 已签发 (numbered and rendered), SERVED 已送达.' });
registerEnumType(ServiceMethod, { name: 'ServiceMethod', description: 'IN_PERSON 直接送达, POST 邮寄送达, ELECTRONIC 电子送达.' });

@ObjectType('DocumentTemplate', { description: 'The wording a kind of document is drafted from (version 0: built in). 文书模板。' })
export class DocumentTemplateNode {
  @Field(() => DocumentKind) kind!: DocumentKind;
  @Field(() => Int) version!: number;
  @Field(() => String) title!: string;
  @Field(() => String, { description: 'Text with {{placeholders}}. 模板正文。' }) body!: string;
  @Field(() => Boolean, { description: 'Approved by the principal leader (主要领导). 重大事项。' }) major!: boolean;
  @Field(() => [String], { description: 'Placeholders it may use. 可用占位符。' }) placeholders!: string[];
}

@ObjectType('CaseDocument', { implements: Node, description: 'A statutory notice or opinion generated from the case. 法定文书。' })
export class DocumentNode extends Node {
  @Field(() => DocumentKind) kind!: DocumentKind;
  @Field(() => DocumentStatus) status!: DocumentStatus;
  @Field(() => String) title!: string;
  @Field(() => String) body!: string;
  @Field(() => Int) templateVersion!: number;
  @Field(() => String, { nullable: true, description: '文号' }) number!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) approvedAt!: Date | null;
  @Field(() => ServiceMethod, { nullable: true }) serviceMethod!: ServiceMethod | null;
  @Field(() => Date, { nullable: true }) servedAt!: Date | null;
  @Field(() => Boolean, { description: 'A reply opinion served after the reply clock was due. 逾期送达。' }) servedLate!: boolean;
  rawId!: string;
  incidentId!: string;
  draftedById!: string;
  approvedById!: string | null;
  pdfFileId!: string | null;
  docxFileId!: string | null;
  receiptFileId!: string | null;

  static from(d: CaseDocument): DocumentNode {
    return Object.assign(new DocumentNode(), {
      id: toGlobalId('CaseDocument', d.id),
      rawId: d.id,
      kind: d.kind,
      status: d.status,
      title: d.title,
      body: d.body,
      templateVersion: d.templateVersion,
      number: d.number ?? null,
      createdAt: d.createdAt,
      approvedAt: d.approvedAt ?? null,
      serviceMethod: d.serviceMethod ?? null,
      servedAt: d.servedAt ?? null,
      servedLate: d.servedLate,
      incidentId: d.incident.id,
      draftedById: d.draftedBy.id,
      approvedById: d.approvedBy?.id ?? null,
      pdfFileId: d.pdfFile?.id ?? null,
      docxFileId: d.docxFile?.id ?? null,
      receiptFileId: d.receiptFile?.id ?? null,
    });
  }
}

/** Where a petitioner POSTs { receiptNumber, accessCode } for a served document's PDF. */
export const PUBLIC_DOCUMENTS_PATH = '/public/documents';

@ObjectType('ServedDocument', { description: 'A document served on the petitioner. 已送达文书。' })
export class ServedDocumentNode {
  @Field(() => DocumentKind) kind!: DocumentKind;
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true, description: '文号' }) number!: string | null;
  @Field(() => Date, { nullable: true }) servedAt!: Date | null;
  @Field(() => ServiceMethod, { nullable: true }) serviceMethod!: ServiceMethod | null;
  @Field(() => String, { description: 'POST { receiptNumber, accessCode } (JSON) here for the PDF. 下载地址（需回执编号和查询码）。' }) pdfPath!: string;

  static from(d: CaseDocument): ServedDocumentNode {
    return Object.assign(new ServedDocumentNode(), {
      kind: d.kind,
      title: d.title,
      number: d.number ?? null,
      servedAt: d.servedAt ?? null,
      serviceMethod: d.serviceMethod ?? null,
      pdfPath: `${PUBLIC_DOCUMENTS_PATH}/${toGlobalId('CaseDocument', d.id)}`,
    });
  }
}
