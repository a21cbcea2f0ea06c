// POST /files: one file per multipart/form-data request, streamed (not a
// pre-signed URL: the server must measure and sniff every byte itself before
// it is accepted, whichever store holds it). GET /files/:id: the bytes, with the
// caller's permissions, each download logged.
import express, { type Request, type Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { buildContext, requestInfoOf, type ContextDeps } from './context.js';
import { PUBLIC_DOCUMENTS_PATH } from '../modules/document/document.types.js';
import { openServedPdf } from '../modules/document/served-documents.service.js';
import { httpContext, HttpRefusal, inTransaction, sendError } from './http-operation.js';
import { requirePermission } from '../platform/authz.js';
import { Permission } from '../platform/permissions.js';
import { parseGlobalId } from '../platform/ids.js';
import { fileService } from '../modules/file/file.service.js';
import { FileNode, FILES_PATH } from '../modules/file/file.types.js';
import { contentDisposition } from '../modules/file/file-disposition.model.js';
import { evidenceFileService } from '../modules/incident/evidence-file.service.js';
import type { StoredFile } from '../modules/file/file.entity.js';
import { caseFileService, type CaseArchive } from '../modules/document/case-file.service.js';
import { exportService } from '../modules/export/export.service.js';
import { EXPORTS_PATH } from '../modules/export/export.types.js';
import { ExportJobErrorCode } from '../modules/export/export.errors.js';

const notFound = () => new HttpRefusal(404, 'NOT_FOUND', 'File not found');

export function fileRoutes(deps: ContextDeps): express.Router {
  const router = express.Router();

  router.post(FILES_PATH, async (req: Request, res: Response) => {
    try {
      const ctx = httpContext(deps, req, res);
      // Who may upload is settled before a byte is read; the upload itself runs outside any transaction.
      await inTransaction(ctx, async (c) => requirePermission(c, Permission.INCIDENT_ACT));
      const outcome = await fileService.upload(ctx, req, (work) => inTransaction(ctx, work));
      if (!outcome.ok) {
        res.setHeader('connection', 'close');
        throw new HttpRefusal(outcome.status, outcome.code, outcome.message);
      }
      res.status(201).json({ file: FileNode.from(outcome.file), storedBytes: outcome.storedBytes });
    } catch (error) {
      sendError(res, error, deps.logger);
    }
  });

  router.get(`${FILES_PATH}/:id`, async (req: Request<{ id: string }>, res: Response) => {
    try {
      const ctx = httpContext(deps, req, res);
      const parsed = parseGlobalId(req.params.id);
      if (!parsed || parsed.type !== 'File') throw notFound();
      // The bytes are opened before the log entry commits: a missing object logs nothing.
      const { file, body } = await inTransaction(ctx, async (c): Promise<{ file: StoredFile; body: Readable }> => {
        const found = await evidenceFileService.readable(c, parsed.id);
        if (!found) throw notFound();
        const body = await fileService.open(c, found.file);
        const logged = await evidenceFileService.logDownload(c, found.file, found.incidentId);
        if (!logged.ok) {
          body.destroy();
          throw new Error('download not logged');
        }
        return { file: found.file, body };
      });
      res.status(200);
      res.setHeader('content-type', file.contentType);
      res.setHeader('content-length', String(file.sizeBytes));
      res.setHeader('content-disposition', contentDisposition(file.originalName));
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('cache-control', 'private, no-store');
      res.setHeader('etag', `"sha256-${file.sha256}"`);
      await pipeline(body, res);
    } catch (error) {
      sendError(res, error, deps.logger);
    }
  });

  // The archive of a filed case (归档): one ZIP, for whoever may see the case, logged before a byte is sent.
  router.get('/cases/:id/archive', async (req: Request<{ id: string }>, res: Response) => {
    let pending: CaseArchive | null = null;
    try {
      const ctx = httpContext(deps, req, res);
      const parsed = parseGlobalId(req.params.id);
      if (!parsed || parsed.type !== 'Incident') throw new HttpRefusal(404, 'NOT_FOUND', 'Case not found');
      const archive = await inTransaction(ctx, async (c): Promise<CaseArchive> => {
        pending = await caseFileService.archive(c, parsed.id);
        if (!pending) throw new HttpRefusal(404, 'NOT_FOUND', 'No filed case with this id');
        return pending;
      });
      pending = null;
      res.status(200);
      res.setHeader('content-type', 'application/zip');
      res.setHeader('content-disposition', contentDisposition(archive.name));
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('cache-control', 'private, no-store');
      await pipeline(archive.open(), res);
    } catch (error) {
      (pending as CaseArchive | null)?.cancel();
      sendError(res, error, deps.logger);
    }
  });

  // The file of a finished asynchronous export: the member who asked only, the download logged.
  router.get(`${EXPORTS_PATH}/:id`, async (req: Request<{ id: string }>, res: Response) => {
    try {
      const ctx = httpContext(deps, req, res);
      const found = await inTransaction(ctx, (c) => exportService.download(c, req.params.id));
      if (!found) throw new HttpRefusal(404, 'NOT_FOUND', 'Export not found');
      if (found === 'EXPIRED') throw new HttpRefusal(410, ExportJobErrorCode.EXPORT_EXPIRED, 'The export\'s retention period has passed: its file was removed; start a new export');
      res.status(200);
      res.setHeader('content-type', found.file.contentType);
      res.setHeader('content-length', String(found.file.sizeBytes));
      res.setHeader('content-disposition', contentDisposition(found.file.originalName));
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('cache-control', 'private, no-store');
      res.setHeader('etag', `"sha256-${found.file.sha256}"`);
      await pipeline(found.body, res);
    } catch (error) {
      sendError(res, error, deps.logger);
    }
  });

  // A petitioner's copy of a served document: receipt number and access code in a JSON body (never in the URL).
  router.post(`${PUBLIC_DOCUMENTS_PATH}/:id`, express.json({ limit: 4096 }), async (req: Request<{ id: string }>, res: Response) => {
    try {
      const info = requestInfoOf(req);
      res.setHeader('x-request-id', info.requestId);
      const ctx = buildContext(deps, info, undefined);
      const parsed = parseGlobalId(req.params.id);
      const given = (req.body ?? {}) as { receiptNumber?: unknown; accessCode?: unknown };
      if (!parsed || parsed.type !== 'CaseDocument' || typeof given.receiptNumber !== 'string' || typeof given.accessCode !== 'string') throw notFound();
      const found = await inTransaction(ctx, (c) => openServedPdf(c, parsed.id, given.receiptNumber as string, given.accessCode as string));
      if (!found) throw notFound();
      res.status(200);
      res.setHeader('content-type', found.file.contentType);
      res.setHeader('content-length', String(found.file.sizeBytes));
      res.setHeader('content-disposition', contentDisposition(found.file.originalName));
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('cache-control', 'private, no-store');
      await pipeline(found.body, res);
    } catch (error) {
      sendError(res, error, deps.logger);
    }
  });

  return router;
}
