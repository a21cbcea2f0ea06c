import { Entity, Enum, Index, ManyToOne, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import { Member } from '../member/member.entity.js';
import { Incident } from '../incident/incident.entity.js';
import { StoredFile } from '../file/file.entity.js';
import { DocumentKind, DocumentStatus, ServiceMethod } from './document.enums.js';

/** A statutory notice or opinion drafted from a case, approved, numbered, rendered and served. */
@Entity({ tableName: 'case_document' })
@Index({ properties: ['tenant', 'incident', 'createdAt'] })
@Unique({ properties: ['tenant', 'year', 'sequence'] })
export class CaseDocument extends TenantEntity {
  @ManyToOne({ entity: () => Incident, ref: true, ...sameTenant('incident_id') })
  incident!: Ref<Incident>;

  @Enum({ items: () => DocumentKind })
  kind!: DocumentKind;

  @Enum({ items: () => DocumentStatus })
  status: Opt<DocumentStatus> = DocumentStatus.DRAFT;

  @Property({ type: 'text' })
  title!: string;

  /** The text, filled from the case and edited by the handler; fixed on approval. */
  @Property({ type: 'text' })
  body!: string;

  /** The template version it was drafted from (built-in templates are version 0). */
  @Property({ type: 'integer' })
  templateVersion!: number;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('drafted_by_id') })
  draftedBy!: Ref<Member>;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('approved_by_id') })
  approvedBy?: Ref<Member> | null;

  @Property({ type: 'datetime', nullable: true })
  approvedAt?: Date | null;

  /** 文号: per tenant and year, without gaps. */
  @Property({ type: 'text', nullable: true })
  number?: string | null;

  @Property({ type: 'integer', nullable: true })
  year?: number | null;

  @Property({ type: 'integer', nullable: true })
  sequence?: number | null;

  @ManyToOne({ entity: () => StoredFile, nullable: true, ref: true, ...sameTenant('pdf_file_id') })
  pdfFile?: Ref<StoredFile> | null;

  @ManyToOne({ entity: () => StoredFile, nullable: true, ref: true, ...sameTenant('docx_file_id') })
  docxFile?: Ref<StoredFile> | null;

  @Enum({ items: () => ServiceMethod, nullable: true })
  serviceMethod?: ServiceMethod | null;

  @Property({ type: 'datetime', nullable: true })
  servedAt?: Date | null;

  @ManyToOne({ entity: () => StoredFile, nullable: true, ref: true, ...sameTenant('receipt_file_id') })
  receiptFile?: Ref<StoredFile> | null;

  /** Served after the reply clock's due time (a reply opinion). */
  @Property({ type: 'boolean', default: false })
  servedLate: Opt<boolean> = false;
}

/** The last 文号 sequence given in a tenant's year; taken under a row lock, so numbers have no gaps. */
@Entity({ tableName: 'document_counter' })
@Unique({ properties: ['tenant', 'year'] })
export class DocumentCounter extends TenantEntity {
  @Property({ type: 'integer' })
  year!: number;

  @Property({ type: 'integer' })
  last!: number;
}

/** A tenant's own wording for a kind of document: each save a new version, kept for ever (append-only). */
@Entity({ tableName: 'document_template' })
@Unique({ properties: ['tenant', 'kind', 'version'] })
export class DocumentTemplate extends TenantEntity {
  @Enum({ items: () => DocumentKind })
  kind!: DocumentKind;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'text' })
  title!: string;

  /** Text with {{placeholders}} filled from the case (see document-templates.model.ts). */
  @Property({ type: 'text' })
  body!: string;

  /** A major kind: the principal leader (主要领导) approves it, not only the leader in charge. */
  @Property({ type: 'boolean' })
  major!: boolean;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('saved_by_id') })
  savedBy!: Ref<Member>;
}
