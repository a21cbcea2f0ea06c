// A plain HTTP route (not GraphQL) run like a GraphQL operation: the same
// token check, one transaction with the tenant's row-level security scope, the
// same answers for auth, rate-limit and database failures.
import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { buildContext, requestInfoOf, type ContextDeps, type OperationCtx } from './context.js';
import { beginOperation, endOperation } from './transaction.js';
import { isDatabaseUnavailable } from '../platform/db/unavailable.js';
import { sqlCounterStorage } from '../platform/db/sql-counter.js';

export class HttpRefusal extends Error {
  constructor(public readonly status: number, public readonly code: string, message: string, public readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

/** A context for the request, refusing a missing or bad token before any database work. */
export function httpContext(deps: ContextDeps, req: Request, res: Response): OperationCtx {
  const info = requestInfoOf(req);
  res.setHeader('x-request-id', info.requestId);
  const ctx = buildContext(deps, info, req.headers.authorization);
  if (!ctx.claims) throw new HttpRefusal(401, 'UNAUTHENTICATED', 'Send an access token: authorization: Bearer <token>');
  return ctx;
}

/** Runs `work` in one transaction (begun after the caller is resolved), committing when it returns. */
export async function inTransaction<T>(ctx: OperationCtx, work: (ctx: OperationCtx) => Promise<T>): Promise<T> {
  const counter = ctx.sql;
  return sqlCounterStorage.run(counter, async () => {
    try {
      await beginOperation(ctx);
      const out = await work(ctx);
      await endOperation(ctx, true);
      return out;
    } catch (error) {
      await endOperation(ctx, false).catch(() => undefined);
      throw error;
    } finally {
      ctx.em.clear();
    }
  });
}

/** The JSON error answer (the shape of GraphQL errors, so clients parse one format). */
export function sendError(res: Response, error: unknown, log: { error: (o: object, m: string) => void }): void {
  let status = 500;
  let code = 'INTERNAL_SERVER_ERROR';
  let message = 'Internal server error';
  let headers: Record<string, string> = {};
  if (error instanceof HttpRefusal) {
    ({ status, code, message, headers } = error);
  } else if (error instanceof GraphQLError) {
    const ext = error.extensions as { code?: string; http?: { status?: number; headers?: Map<string, string> } };
    code = ext.code ?? code;
    status = ext.http?.status ?? (code === 'UNAUTHENTICATED' ? 401 : code === 'FORBIDDEN' ? 403 : 500);
    message = error.message;
    headers = Object.fromEntries(ext.http?.headers ?? []);
  } else if (isDatabaseUnavailable(error)) {
    status = 503;
    code = 'SERVICE_UNAVAILABLE';
    message = 'The database is unavailable; retry later';
    headers = { 'retry-after': '5' };
  } else {
    log.error({ err: error }, 'file request failed');
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}
