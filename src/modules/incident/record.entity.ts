import { BigIntType, Entity, Enum, Index, ManyToOne, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import { Member } from '../member/member.entity.js';
import { Incident } from './incident.entity.js';
import { IncidentTask } from './task.entity.js';
import { EvidenceKind, ReportKind } from './incident.enums.js';
import { StoredFile } from '../file/file.entity.js';

/** A situation report, a daily report (有情况报情况，无情况报平安) or the all-clear. */
@Entity({ tableName: 'incident_report' })
@Index({ properties: ['tenant', 'incident', 'createdAt'] })
export class IncidentReport extends TenantEntity {
  @ManyToOne({ entity: () => Incident, ref: true, ...sameTenant('incident_id') })
  incident!: Ref<Incident>;

  @Enum({ items: () => ReportKind })
  kind!: ReportKind;

  @Property({ type: 'text' })
  body!: string;

  /** A daily report saying nothing new happened (报平安). */
  @Property({ type: 'boolean', default: false })
  nothingNew: Opt<boolean> = false;

  /** People present now, when the report gives it. */
  @Property({ type: 'integer', nullable: true })
  headcount?: number | null;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('reported_by_id') })
  reportedBy!: Ref<Member>;
}

/** Metadata of a piece of evidence; the bytes live in object storage under `storageKey`. */
@Entity({ tableName: 'incident_evidence' })
@Index({ properties: ['tenant', 'incident'] })
@Index({ properties: ['tenant', 'task'] })
@Unique({ properties: ['tenant', 'file'] })
export class IncidentEvidence extends TenantEntity {
  @ManyToOne({ entity: () => Incident, ref: true, ...sameTenant('incident_id') })
  incident!: Ref<Incident>;

  @ManyToOne({ entity: () => IncidentTask, nullable: true, ref: true, ...sameTenant('task_id') })
  task?: Ref<IncidentTask> | null;

  @Enum({ items: () => EvidenceKind })
  kind!: EvidenceKind;

  /** Lower-case hex sha256 of the bytes. */
  @Property({ type: 'text' })
  sha256!: string;

  @Property({ type: new BigIntType('number') })
  sizeBytes!: number;

  @Property({ type: 'text' })
  storageKey!: string;

  /** The uploaded (or generated) file whose bytes these are; null for metadata recorded before uploads existed. A file is evidence once. */
  @ManyToOne({ entity: () => StoredFile, nullable: true, ref: true, ...sameTenant('file_id') })
  file?: Ref<StoredFile> | null;

  @Property({ type: 'text', nullable: true })
  contentType?: string | null;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ type: 'datetime', nullable: true })
  capturedAt?: Date | null;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('recorded_by_id') })
  recordedBy!: Ref<Member>;
}
