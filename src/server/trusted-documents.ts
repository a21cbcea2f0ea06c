// GRAPHQL_TRUSTED_DOCUMENTS=<manifest>: only the operations a front end ships run. The manifest
// is graphql-codegen's client-preset `persisted-documents.json` ({ "<sha256>": "<document>" }) or
// Apollo's persisted query manifest ({ format: "apollo-persisted-query-manifest", operations: [{ id, body }] }).
// A request names its document by `documentId`, by `extensions.persistedQuery.sha256Hash`, or sends
// its text; anything else is refused with OPERATION_NOT_TRUSTED before Apollo sees it.
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const NOT_TRUSTED = 'OPERATION_NOT_TRUSTED';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export class TrustedDocuments {
  private readonly byId = new Map<string, string>();
  private readonly hashes = new Set<string>();

  constructor(entries: Iterable<[string, string]>) {
    for (const [id, body] of entries) {
      this.byId.set(id, body);
      this.hashes.add(sha256(body));
    }
    if (this.byId.size === 0) throw new Error('the trusted documents manifest holds no operation');
  }

  static load(file: string): TrustedDocuments {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    if (raw && typeof raw === 'object' && (raw as { format?: unknown }).format === 'apollo-persisted-query-manifest') {
      const ops = (raw as { operations?: { id?: unknown; body?: unknown }[] }).operations ?? [];
      return new TrustedDocuments(ops.map((o) => {
        if (typeof o.id !== 'string' || typeof o.body !== 'string') throw new Error(`${file}: every operation needs a string id and body`);
        return [o.id, o.body] as [string, string];
      }));
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${file}: expected { "<hash>": "<document>" } or an Apollo persisted query manifest`);
    return new TrustedDocuments(Object.entries(raw).map(([id, body]) => {
      if (typeof body !== 'string') throw new Error(`${file}: the document of ${id} is not a string`);
      return [id, body] as [string, string];
    }));
  }

  get size(): number {
    return this.byId.size;
  }

  document(id: string): string | undefined {
    return this.byId.get(id);
  }

  /**
   * The document a websocket subscribe message names (`extensions.documentId` or
   * `extensions.persistedQuery.sha256Hash`), or its text when that is in the manifest; else null.
   */
  resolve(payload: { query?: unknown; extensions?: Record<string, unknown> | null }): string | null {
    const ext = payload.extensions ?? {};
    const id = typeof ext.documentId === 'string' ? ext.documentId
      : typeof (ext.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash === 'string' ? (ext.persistedQuery as { sha256Hash: string }).sha256Hash
      : undefined;
    if (id !== undefined) return this.document(id) ?? null;
    return typeof payload.query === 'string' && this.allows(payload.query) ? payload.query : null;
  }

  /** Whether this exact document text is in the manifest. */
  allows(query: string): boolean {
    return this.hashes.has(sha256(query));
  }
}

function refuse(res: Response, message: string): void {
  res.status(400).json({ errors: [{ message, extensions: { code: NOT_TRUSTED } }] });
}

/** Express middleware after the JSON parser: resolves ids to their documents, refuses the rest. */
export function trustedDocumentsGate(trusted: TrustedDocuments) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method === 'GET') {
      const query = typeof req.query.query === 'string' ? req.query.query : undefined;
      if (query !== undefined && trusted.allows(query)) return next();
      return refuse(res, 'Only operations of the trusted documents manifest run here; send them by POST with documentId');
    }
    if (req.method !== 'POST') return next();
    const body = req.body as { query?: unknown; documentId?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } } | undefined;
    if (!body || typeof body !== 'object') return next();
    const id = typeof body.documentId === 'string' ? body.documentId : typeof body.extensions?.persistedQuery?.sha256Hash === 'string' ? body.extensions.persistedQuery.sha256Hash : undefined;
    if (typeof body.query === 'string') {
      if (trusted.allows(body.query)) return next();
      return refuse(res, 'This operation is not in the trusted documents manifest');
    }
    const document = id === undefined ? undefined : trusted.document(id);
    if (document === undefined) return refuse(res, id === undefined ? 'Send documentId (an operation of the trusted documents manifest)' : `No trusted document ${id.slice(0, 80)}`);
    body.query = document;
    delete body.documentId;
    if (body.extensions) delete body.extensions.persistedQuery;
    next();
  };
}
