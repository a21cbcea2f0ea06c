import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../platform/config/config.js';
import type { Ctx } from '../platform/context.js';
import { Loaders } from '../platform/loaders.js';
import type { UserError } from '../platform/graphql/relay.js';
import type { Services } from '../platform/context.js';
import type { AccessClaims } from '../modules/session/tokens.service.js';
import { bearerToken } from '../modules/session/tokens.service.js';

/** The per-operation context before the transaction starts (see transaction-plugin.ts). */
export interface OperationCtx extends Ctx {
  claims: (AccessClaims & { exp: number }) | null;
  /** Set once the operation's transaction has begun. */
  txOpen: boolean;
  sql: { count: number };
  /** Mutation root fields answered with these userErrors instead of running (input-screen.ts). */
  refusedInput?: Map<string, UserError[]>;
  /** The tenant's per-minute quota after this request (RateLimit headers). */
  rateLimit?: { limit: number; remaining: number; resetSeconds: number };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export interface ContextDeps {
  orm: MikroORM;
  config: Config;
  logger: Logger;
  services: Services;
}

/** What the HTTP app and the websocket server are built from. */
export interface AppDeps extends ContextDeps {
  databaseUrl: string;
}

export function requestInfoOf(req: Request): { requestId: string; clientAddress: string | null; userAgent: string | null } {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  return {
    requestId,
    clientAddress: req.ip ?? req.socket.remoteAddress ?? null,
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 300) : null,
  };
}

/**
 * Verifies the token (no database yet: a bad token costs nothing) and forks
 * an EntityManager for the operation.
 */
export function buildContext(deps: ContextDeps, request: Ctx['request'], authorization: string | undefined): OperationCtx {
  const token = bearerToken(authorization);
  const claims = token ? deps.services.tokens.verifyAccess(token) : null;
  return {
    orm: deps.orm,
    config: deps.config,
    // Made on first use: most reads never log, and a child logger per request showed under load.
    get log() {
      const log = deps.logger.child({ requestId: request.requestId });
      Object.defineProperty(this, 'log', { value: log, enumerable: true });
      return log;
    },
    request,
    actor: null,
    claims,
    em: deps.orm.em.fork({ clear: true, useContext: false }),
    loaders: new Loaders(),
    services: deps.services,
    txOpen: false,
    sql: { count: 0 },
  };
}
