import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../platform/db/unavailable.js';

/**
 * A database outage must not end the process: an unhandled rejection or
 * 'error' event that is the database being away (a pooled client dropped
 * between statements, a background read failing) is logged with its stack
 * and the process serves on — requests answer 503 and readiness says so
 * until PostgreSQL is back. Anything else still ends the process.
 */
export function guardAgainstDatabaseOutages(logger: Logger): void {
  const handle = (error: unknown, origin: string) => {
    if (isDatabaseUnavailable(error)) {
      logger.error({ err: error, origin }, 'database error outside any request (process kept alive)');
      return;
    }
    logger.fatal({ err: error, origin }, 'uncaught error');
    // Let the log line out, then end like Node would have.
    process.exitCode = 1;
    setImmediate(() => process.exit(1));
  };
  process.on('unhandledRejection', (reason) => handle(reason, 'unhandledRejection'));
  process.on('uncaughtException', (error) => handle(error, 'uncaughtException'));
}
