import { Entity, Enum, Index, ManyToOne, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import { Member } from '../member/member.entity.js';
import { Incident } from '../incident/incident.entity.js';
import { CaseRecordKind, CaseRecordStatus } from './case-record.enums.js';

/** The content of a record, by kind (validated by the inputs). */
export interface InterviewContent { heldAt: string; place: string; interviewers: string[]; interviewees: string[]; peoplePresent: string[]; text: string }
export interface SceneContent { observedAt: string; place: string; peoplePresent: string[]; text: string }
export interface WorkSummaryContent { title: string; period: string | null; text: string }
export type RecordContent = InterviewContent | SceneContent | WorkSummaryContent;

/** A typed record on an incident: a draft its author edits, then filed and locked. */
@Entity({ tableName: 'case_record' })
@Index({ properties: ['tenant', 'incident', 'createdAt'] })
export class CaseRecord extends TenantEntity {
  @ManyToOne({ entity: () => Incident, ref: true, ...sameTenant('incident_id') })
  incident!: Ref<Incident>;

  @Enum({ items: () => CaseRecordKind })
  kind!: CaseRecordKind;

  @Enum({ items: () => CaseRecordStatus })
  status: Opt<CaseRecordStatus> = CaseRecordStatus.DRAFT;

  /** The newest version (1 on creation). */
  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'json' })
  content!: RecordContent;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('author_id') })
  author!: Ref<Member>;

  @Property({ type: 'datetime', nullable: true })
  filedAt?: Date | null;
}

/** Every saved state of a record, kept for ever (append-only). */
@Entity({ tableName: 'case_record_version' })
@Unique({ properties: ['tenant', 'record', 'version'] })
export class CaseRecordVersion extends TenantEntity {
  @ManyToOne({ entity: () => CaseRecord, ref: true, ...sameTenant('record_id') })
  record!: Ref<CaseRecord>;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'json' })
  content!: RecordContent;

  @Enum({ items: () => CaseRecordStatus })
  status!: CaseRecordStatus;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('edited_by_id') })
  editedBy!: Ref<Member>;
}
