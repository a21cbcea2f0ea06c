// Recognises "the database is not there" (refused, dropped, shutting down,
// no connection free in time), as opposed to a bug: clients get a 503 with
// a code they can retry on instead of a 500. A value the database refuses
// (bad-input.ts: class 22, and 08P01 from a NUL in the SQL text) is the
// request's fault, never an outage.
import { isBadInputDatabaseError } from './bad-input.js';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// SQLSTATE: connection exceptions (class 08), admin/crash shutdown, cannot connect now, too many connections.
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const MESSAGES = [
  /Connection terminated/i,
  /connection error and is not queryable/i,
  /Knex: Timeout acquiring a connection/i,
  // knex, when the connection under a transaction died before COMMIT or ROLLBACK.
  /Transaction query already complete/i,
  /Client was closed and is not queryable/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  if (depth === 0 && isBadInputDatabaseError(error)) return false;
  const e = error as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || SQLSTATES.has(e.code) || e.code.startsWith('08'))) return true;
  if (e.name === 'KnexTimeoutError') return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string))) return true;
  // AggregateError (a refused dual-stack connect), wrapped driver and GraphQL errors.
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.originalError, depth + 1);
}
