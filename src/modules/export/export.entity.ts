import { Entity, Enum, Index, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import { ExportFormat } from '../../platform/export/tabular.js';
import { Member } from '../member/member.entity.js';
import { StoredFile } from '../file/file.entity.js';
import { ExportJobStatus, ExportKind } from './export.enums.js';

/**
 * An asynchronous export: what was asked (kind, format, filter as given), by
 * whom (the session whose permissions it runs with), its progress and its
 * file. Claimed by the worker with FOR UPDATE SKIP LOCKED and a lease.
 */
@Entity({ tableName: 'export_job' })
@Index({ properties: ['tenant', 'status', 'createdAt'] })
@Index({ properties: ['tenant', 'requestedBy', 'createdAt'] })
// Cross-tenant probe of the background jobs' agenda (leading column: the due time).
@Index({ name: 'export_job_agenda_pending', expression: `create index "export_job_agenda_pending" on "export_job" ("tenant_id") where "status" in ('QUEUED', 'RUNNING')` })
// The agenda's probe for finished files past their retention (leading column: when they expire).
@Index({ name: 'export_job_agenda_expiry', expression: `create index "export_job_agenda_expiry" on "export_job" ("expires_at") where "status" = 'DONE'` })
export class ExportJob extends TenantEntity {
  @Enum({ items: () => ExportKind })
  kind!: ExportKind;

  @Enum({ items: () => ExportFormat })
  format!: ExportFormat;

  @Property({ type: 'json' })
  filter!: Record<string, unknown>;

  @Property({ type: 'boolean' })
  includePersonalData!: boolean;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('requested_by_id') })
  requestedBy!: Ref<Member>;

  /** The session it runs as: its permissions when the job runs (a revoked session fails it). */
  @Property({ type: 'uuid' })
  sessionId!: string;

  @Property({ type: 'uuid' })
  userId!: string;

  @Enum({ items: () => ExportJobStatus, default: ExportJobStatus.QUEUED })
  status: Opt<ExportJobStatus> = ExportJobStatus.QUEUED;

  @Property({ type: 'integer', default: 0 })
  rowsDone: Opt<number> = 0;

  @Property({ type: 'integer', nullable: true })
  rowsTotal?: number | null;

  @Property({ type: 'integer', default: 0 })
  attempts: Opt<number> = 0;

  /** A RUNNING job whose lease ran out (its process died) is claimed again. */
  @Property({ type: 'datetime', nullable: true })
  leaseUntil?: Date | null;

  @ManyToOne({ entity: () => StoredFile, nullable: true, ref: true, ...sameTenant('file_id') })
  file?: Ref<StoredFile> | null;

  @Property({ type: 'text', nullable: true })
  fileName?: string | null;

  @Property({ type: 'text', nullable: true })
  sha256?: string | null;

  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date | null;

  /** When a DONE job's file is removed (finishedAt + EXPORT_RETENTION_HOURS); the job then is EXPIRED. */
  @Property({ type: 'datetime', nullable: true })
  expiresAt?: Date | null;
}

/** A DONE job whose retention has passed is expired, whether or not the worker has removed its file yet. */
export function isExpired(job: { status: ExportJobStatus; expiresAt?: Date | null }, now: Date): boolean {
  return job.status === ExportJobStatus.EXPIRED || (job.status === ExportJobStatus.DONE && !!job.expiresAt && job.expiresAt <= now);
}
