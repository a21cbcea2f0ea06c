// Exports of any list a tenant reads: at once (exportList, at most
// MAX_EXPORT_ROWS) or as a job (startExport → export(id) → a download) that
// the worker runs with the requesting session's permissions. Each file is
// logged with its sha256; personal data only with PETITIONER_PII_READ, each
// read logged by the petition module.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Ctx } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { audited, type Audited, type Outcome } from '../../platform/audit/mutation.js';
import { ActorKind } from '../../platform/audit/log.entity.js';
import { requireMember } from '../../platform/authz.js';
import { idOf } from '../../platform/ids.js';
import { sameTenantRef, tenantRef } from '../../platform/db/tenant-refs.js';
import { pageRequest, toConnection, type PageArgs } from '../../platform/graphql/relay.js';
import { collect, exportTable, type ExportFormat, type ExportedFile } from '../../platform/export/tabular.js';
import { exportRecord } from '../../platform/export/export.types.js';
import { ExportErrorCode } from '../incident/incident.errors.js';
import { MAX_EXPORT_ROWS } from '../incident/incident-export.service.js';
import { Member } from '../member/member.entity.js';
import { fileService } from '../file/file.service.js';
import { FileKind } from '../file/file.enums.js';
import { StoredFile } from '../file/file.entity.js';
import { ExportJob, isExpired } from './export.entity.js';
import { ExportJobStatus, type ExportKind } from './export.enums.js';
import { exportSource, requireKindPermission } from './export-sources.js';
import { exportSql } from './export.sql.js';
import { ExportJobConnection, ExportJobNode } from './export.types.js';

const HOUR = 3_600_000;

export interface ExportRequest {
  kind: ExportKind;
  format: ExportFormat;
  filter?: Record<string, unknown> | null;
  includePersonalData: boolean;
}

const tooLarge = (max: number) => () => new DomainError(ExportErrorCode.EXPORT_TOO_LARGE, `At most ${max} rows per file: narrow the filter`, ['input', 'filter']);

const reasonOf = (personalData: boolean) => (personalData ? 'export with petitioners\' personal data' : 'export');

export const exportService = {
  /** A list as a file now, in the caller's transaction. */
  async exportList(ctx: Ctx, input: ExportRequest): Promise<Outcome<ExportedFile>> {
    return audited(ctx, 'export.create', async (tx) => {
      const source = await exportSource(tx, input);
      if ((source.total ?? 0) > MAX_EXPORT_ROWS) throw tooLarge(MAX_EXPORT_ROWS)();
      const file = await exportTable(await collect(source, MAX_EXPORT_ROWS, tooLarge(MAX_EXPORT_ROWS)), input.format, source.name);
      const id = randomUUID();
      return {
        result: file,
        target: { type: 'Export', id },
        reason: reasonOf(source.personalData),
        extraChanges: [{ type: 'Export', id, op: 'create', after: exportRecord(file, { list: input.kind, format: input.format, personalData: source.personalData }) }],
      };
    });
  },

  /** Queues a job; the filter and permissions are checked now (and again when it runs), the rows counted. */
  async start(ctx: Ctx, input: ExportRequest): Promise<Outcome<ExportJob>> {
    return audited(ctx, 'export.start', async (tx) => {
      const me = requireMember(tx);
      const source = await exportSource(tx, input);
      const max = tx.config.exports.maxRows;
      if ((source.total ?? 0) > max) throw tooLarge(max)();
      const job = tx.em.create(ExportJob, {
        tenant: tenantRef(tx),
        kind: input.kind,
        format: input.format,
        filter: input.filter ?? {},
        includePersonalData: input.includePersonalData,
        requestedBy: sameTenantRef(tx, Member, me.memberId),
        sessionId: me.sessionId,
        userId: me.userId,
        rowsTotal: source.total,
      });
      tx.em.persist(job);
      return { result: job, target: { type: 'ExportJob', id: job.id }, reason: reasonOf(source.personalData) };
    });
  },

  /** The caller's own job; another member's is NOT_FOUND (null). */
  async find(ctx: Ctx, id: string): Promise<ExportJob | null> {
    const me = requireMember(ctx);
    return ctx.em.findOne(ExportJob, { id, requestedBy: { id: me.memberId } });
  },

  /** The caller's jobs, newest first. */
  async list(ctx: Ctx, page: PageArgs) {
    const me = requireMember(ctx);
    const { limit, after } = pageRequest(page, ctx.config.limits.maxPageSize);
    const where: Record<string, unknown>[] = [{ requestedBy: { id: me.memberId } }];
    if (after) {
      const [t, id] = after;
      if (typeof t !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(t))) throw new DomainError('INVALID_INPUT', 'after is not a cursor of this list', ['after']);
      where.push({ $or: [{ createdAt: { $lt: new Date(t) } }, { createdAt: new Date(t), id: { $lt: id } }] });
    }
    const rows = await ctx.em.find(ExportJob, { $and: where }, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: limit + 1 });
    return toConnection(ExportJobConnection, rows, limit, !!after, (j) => [j.createdAt.toISOString(), j.id], (j) => ExportJobNode.from(j), () =>
      ctx.em.count(ExportJob, { requestedBy: { id: me.memberId } }),
    );
  },

  /**
   * The finished file's bytes for the member who asked, the download logged;
   * null when not theirs or not there; 'EXPIRED' once its retention has passed
   * (whether or not the worker has removed it yet).
   */
  async download(ctx: Ctx, globalId: string): Promise<{ job: ExportJob; file: StoredFile; body: Readable } | 'EXPIRED' | null> {
    let id: string;
    try {
      id = idOf('ExportJob', globalId);
    } catch {
      return null;
    }
    const job = await this.find(ctx, id);
    if (job && isExpired(job, new Date())) return 'EXPIRED';
    if (!job || job.status !== ExportJobStatus.DONE || !job.file) return null;
    const file = await job.file.load();
    if (!file) return null;
    const body = await fileService.open(ctx, file);
    const logged = await audited(ctx, 'export.download', async () => ({
      result: null,
      target: { type: 'ExportJob', id: job.id },
      reason: reasonOf(job.includePersonalData),
      extraChanges: [{ type: 'ExportJob', id: job.id, op: 'update', after: { sha256: job.sha256, fileName: job.fileName } }],
    }));
    if (!logged.ok) {
      body.destroy();
      throw new Error('download not logged');
    }
    return { job, file, body };
  },

  /**
   * Runs a claimed job in the worker's transaction, whose actor is the
   * requesting session (loaded afresh: its permissions now). Progress goes
   * through `progress`, in transactions of its own so that export(id) sees it.
   */
  async run(ctx: Ctx, jobId: string, progress: (done: number) => Promise<void>, now: () => Date = () => new Date()): Promise<void> {
    const job = await ctx.em.findOneOrFail(ExportJob, { id: jobId });
    requireKindPermission(ctx, job.kind);
    const source = await exportSource(ctx, job);
    const max = ctx.config.exports.maxRows;
    const table = await collect(source, max, tooLarge(max), progress);
    const made = await exportTable(table, job.format, source.name);
    const done = await audited(ctx, 'export.complete', async (tx) => {
      const stored = await fileService.storeGenerated(tx, {
        bytes: made.bytes, name: made.fileName, contentType: made.contentType, kind: job.format === 'XLSX' ? FileKind.OFFICE : FileKind.TEXT,
      });
      const mine = await tx.em.findOneOrFail(ExportJob, { id: jobId });
      const finishedAt = now();
      Object.assign(mine, {
        status: ExportJobStatus.DONE, rowsDone: made.rows, rowsTotal: made.rows, file: stored, fileName: made.fileName, sha256: made.sha256,
        finishedAt, expiresAt: new Date(finishedAt.getTime() + tx.config.exports.retentionHours * HOUR), leaseUntil: null, error: null,
      });
      return {
        result: null,
        target: { type: 'ExportJob', id: jobId },
        reason: reasonOf(source.personalData),
        extraChanges: [{ type: 'Export', id: jobId, op: 'create', after: exportRecord(made, { list: job.kind, format: job.format, personalData: source.personalData }) }],
      };
    });
    if (!done.ok) throw done.errors[0] ?? new Error('export not recorded');
  },

  /**
   * Ends a finished job whose retention has passed, as the system in a logged
   * transaction of the tenant (the worker's system context, scoped to it): the
   * job EXPIRED without its file, the StoredFile row removed, and the object
   * too unless another row holds the same content. One log entry says so, with
   * the file's sha256. False when another instance has it or it is not due.
   */
  async expire(ctx: Ctx, tenantId: string, jobId: string, now: Date): Promise<boolean> {
    const out = await audited(ctx, 'export.expire', async (tx): Promise<Audited<boolean>> => {
      if (!(await exportSql.lockExpiredJob(tx.em, tenantId, jobId, now))) throw new NothingToExpire();
      const job = await tx.em.findOneOrFail(ExportJob, { id: jobId }, { refresh: true });
      const file = job.file ? await tx.em.findOne(StoredFile, { id: job.file.id }) : null;
      Object.assign(job, { status: ExportJobStatus.EXPIRED, file: null });
      await tx.em.flush();
      const removed = file ? await fileService.discard(tx, file) : null;
      return {
        result: true,
        target: { type: 'ExportJob', id: job.id },
        reason: 'export retention period ended',
        extraChanges: [
          // The export's file as export.complete recorded it, now removed; and its object when no other file held the same bytes.
          {
            type: 'Export', id: job.id, op: 'delete',
            before: { sha256: job.sha256 ?? null, fileName: job.fileName ?? null, list: job.kind, format: job.format, personalData: job.includePersonalData, expiresAt: job.expiresAt?.toISOString() ?? null },
            // Kept when something else still refers to the file (it was attached as evidence).
            after: removed && !removed.fileRemoved ? { fileKept: true, fileId: file!.id } : null,
          },
          ...(removed?.change ? [removed.change] : []),
          ...(file && removed?.objectRemoved ? [{ type: 'StoredObject', id: file.storageKey, op: 'delete' as const, before: { sha256: file.sha256, sizeBytes: file.sizeBytes } }] : []),
        ],
      };
    }, { tenantId, actorKind: ActorKind.SYSTEM }).catch((err: unknown) => {
      if (err instanceof NothingToExpire) return { ok: true as const, value: false };
      throw err;
    });
    if (!out.ok) throw new Error(`export.expire: ${out.errors.map((e) => e.message).join('; ')}`);
    return out.value;
  },
};

/** Another instance expired it first (or it is not due): the savepoint rolls back, nothing logged. */
class NothingToExpire extends Error {}
