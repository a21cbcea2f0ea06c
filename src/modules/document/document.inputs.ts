import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IsIn, IsOptional, Length } from 'class-validator';
import { UserError } from '../../platform/graphql/relay.js';
import { IncidentNode } from '../incident/incident.types.js';
import { DocumentKind, ServiceMethod } from './document.enums.js';
import { DocumentNode, DocumentTemplateNode } from './document.types.js';

@InputType({ description: 'Drafts a document of the kind from the case. 起草文书。' })
export class DraftDocumentInput {
  @Field(() => ID) incidentId!: string;
  @Field(() => DocumentKind) @IsIn(Object.values(DocumentKind)) kind!: DocumentKind;
}

@InputType({ description: 'The handler edits the draft. 修改草稿。' })
export class UpdateDocumentDraftInput {
  @Field(() => ID) documentId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 200) title?: string | null;
  @Field(() => String) @Length(1, 100000) body!: string;
}

@InputType({ description: 'Approval by another leader: numbers and renders it. 签发。' })
export class ApproveDocumentInput {
  @Field(() => ID) documentId!: string;
}

@InputType({ description: 'How and when it was served, with the delivery receipt. 送达记录。' })
export class RecordServiceInput {
  @Field(() => ID) documentId!: string;
  @Field(() => ServiceMethod) @IsIn(Object.values(ServiceMethod)) method!: ServiceMethod;
  @Field(() => Date) servedAt!: Date;
  @Field(() => ID, { nullable: true, description: 'An uploaded delivery receipt (送达回证). 回证文件。' }) @IsOptional() receiptFileId?: string | null;
}

@InputType({ description: 'A new version of the tenant\'s wording for a kind. 保存文书模板（新版本）。' })
export class SaveDocumentTemplateInput {
  @Field(() => DocumentKind) @IsIn(Object.values(DocumentKind)) kind!: DocumentKind;
  @Field(() => String) @Length(1, 200) title!: string;
  @Field(() => String) @Length(1, 100000) body!: string;
  @Field(() => Boolean, { nullable: true }) @IsOptional() major?: boolean | null;
}

@ObjectType()
export class DocumentPayload {
  @Field(() => DocumentNode, { nullable: true }) document!: DocumentNode | null;
  @Field(() => IncidentNode, { nullable: true }) incident!: IncidentNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class DocumentTemplatePayload {
  @Field(() => DocumentTemplateNode, { nullable: true }) template!: DocumentTemplateNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
