// Uploads and generated files: measured and sniffed by the server, stored once
// per content in the object store, recorded as a StoredFile with a log entry.
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { ForeignKeyConstraintViolationException } from '@mikro-orm/core';
import { createHash } from 'node:crypto';
import type { Ctx } from '../../platform/context.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import type { LogChange } from '../../platform/audit/log.entity.js';
import { requireMember } from '../../platform/authz.js';
import { tenantRef } from '../../platform/db/tenant-refs.js';
import { contentKey } from '../../platform/storage/object-store.js';
import { actorRef } from '../member/member.service.js';
import { StoredFile } from './file.entity.js';
import { FileKind } from './file.enums.js';
import { FileErrorCode } from './file.errors.js';
import { receiveUpload } from './upload-receiver.js';
import { sniffFile } from './file-kind.js';

export type UploadOutcome =
  | { ok: true; file: StoredFile; storedBytes: boolean }
  | { ok: false; status: 400 | 413 | 415; code: FileErrorCode; message: string };

function allowed(ctx: Ctx, kind: FileKind | null): kind is FileKind {
  return kind !== null && ctx.config.uploads.allowedKinds.includes(kind.toLowerCase());
}

/**
 * Serialises, per object, writers of a row that needs it and the removal of
 * the last row that did (content-addressed: equal bytes share one object), so
 * a removal never takes bytes a row committed meanwhile still refers to.
 */
async function lockContent(tx: Ctx, storageKey: string): Promise<void> {
  await tx.em.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [`object:${storageKey}`]);
}

export const fileService = {
  /**
   * Streams one multipart file to a temporary file (sha256 and size measured
   * on the way), sniffs its kind, and only then stores it and records it. A
   * refusal (too large, a kind not allowed, a malformed body) stores nothing.
   * Call outside a transaction: the upload may take long. `record` runs the
   * database part (the caller opens the operation's transaction for it).
   */
  async upload(ctx: Ctx, req: IncomingMessage, record: (work: (tx: Ctx) => Promise<Outcome<StoredFile>>) => Promise<Outcome<StoredFile>>): Promise<UploadOutcome> {
    const { maxBytes } = ctx.config.uploads;
    const received = await receiveUpload(req, path.join(ctx.config.dataDir, 'uploads-tmp'), maxBytes);
    if ('failure' in received) {
      if (received.failure === 'TOO_LARGE') return { ok: false, status: 413, code: FileErrorCode.FILE_TOO_LARGE, message: `The file is larger than ${maxBytes} bytes` };
      return { ok: false, status: 400, code: FileErrorCode.UPLOAD_MALFORMED, message: received.message };
    }
    try {
      const sniffed = await sniffFile(received.tmpPath, received.looksLikeText);
      if (!allowed(ctx, sniffed.kind)) {
        return {
          ok: false,
          status: 415,
          code: FileErrorCode.FILE_TYPE_NOT_ALLOWED,
          message: `Files of type ${sniffed.contentType} are not accepted (allowed: ${ctx.config.uploads.allowedKinds.join(', ')})`,
        };
      }
      const tenantId = requireMember(ctx).tenant.id;
      const storageKey = contentKey(tenantId, received.sha256);
      const { created } = await ctx.services.objects.put(storageKey, { path: received.tmpPath }, { sizeBytes: received.sizeBytes, contentType: sniffed.contentType });
      const outcome = await record((tx) =>
        audited(tx, 'file.upload', async (inner) => {
          await lockContent(inner, storageKey);
          // Under the lock, again: an expired export's removal may have taken the object since (a no-op when it is there).
          await inner.services.objects.put(storageKey, { path: received.tmpPath }, { sizeBytes: received.sizeBytes, contentType: sniffed.contentType });
          const file = inner.em.create(StoredFile, {
            tenant: tenantRef(inner),
            sha256: received.sha256,
            sizeBytes: received.sizeBytes,
            contentType: sniffed.contentType,
            kind: sniffed.kind as FileKind,
            originalName: received.name,
            storageKey,
            uploadedBy: actorRef(inner),
          });
          inner.em.persist(file);
          return { result: file, target: { type: 'File', id: file.id } };
        }),
      );
      if (!outcome.ok) throw new Error(`upload not recorded: ${outcome.errors.map((e) => e.message).join('; ')}`);
      return { ok: true, file: outcome.value, storedBytes: created };
    } finally {
      await fsp.rm(received.tmpPath, { force: true });
    }
  },

  /**
   * Stores bytes the system made (a rendered document) inside the caller's
   * mutation: the object first (content-addressed, so a retry is harmless),
   * then the row, which commits with the mutation.
   */
  async storeGenerated(tx: Ctx, input: { bytes: Buffer; name: string; contentType: string; kind: FileKind }): Promise<StoredFile> {
    const sha256 = createHash('sha256').update(input.bytes).digest('hex');
    const storageKey = contentKey(requireMember(tx).tenant.id, sha256);
    await lockContent(tx, storageKey);
    await tx.services.objects.put(storageKey, { bytes: input.bytes }, { sizeBytes: input.bytes.length, contentType: input.contentType });
    const file = tx.em.create(StoredFile, {
      tenant: tenantRef(tx),
      sha256,
      sizeBytes: input.bytes.length,
      contentType: input.contentType,
      kind: input.kind,
      originalName: input.name,
      storageKey,
      uploadedBy: actorRef(tx),
    });
    tx.em.persist(file);
    return file;
  },

  /**
   * Removes a file unless something else still refers to it (evidence, a
   * document: the foreign keys refuse, and it is kept whole), inside the
   * caller's logged transaction: its row, and its object when no other row
   * holds the same content. The object goes before the commit, under the
   * content's lock; if the commit then fails, the row of a file already past
   * use points at nothing until the removal is retried.
   */
  async discard(tx: Ctx, file: StoredFile): Promise<{ fileRemoved: boolean; objectRemoved: boolean; change: LogChange | null }> {
    await lockContent(tx, file.storageKey);
    try {
      // A savepoint: a refused delete leaves the caller's transaction usable.
      await tx.em.transactional((em) => em.execute(`delete from stored_file where tenant_id = ? and id = ?`, [file.tenant.id, file.id]));
    } catch (error) {
      if (error instanceof ForeignKeyConstraintViolationException) return { fileRemoved: false, objectRemoved: false, change: null };
      throw error;
    }
    const change: LogChange = {
      type: 'StoredFile', id: file.id, op: 'delete',
      before: { sha256: file.sha256, sizeBytes: file.sizeBytes, contentType: file.contentType, originalName: file.originalName, storageKey: file.storageKey },
    };
    const [{ n }] = await tx.em.execute<{ n: number }[]>(`select count(*)::int as n from stored_file where tenant_id = ? and storage_key = ?`, [file.tenant.id, file.storageKey]);
    if (n > 0) return { fileRemoved: true, objectRemoved: false, change };
    await tx.services.objects.delete(file.storageKey);
    return { fileRemoved: true, objectRemoved: true, change };
  },

  async find(ctx: Ctx, id: string): Promise<StoredFile | null> {
    return ctx.em.findOne(StoredFile, { id });
  },

  /** The stored bytes of a file (the caller has checked it may read them). */
  open(ctx: Ctx, file: StoredFile): Promise<Readable> {
    return ctx.services.objects.get(file.storageKey);
  },
};
