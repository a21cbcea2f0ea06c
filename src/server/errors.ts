import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from 'pino';
import { DomainError, DomainErrors, SERVICE_UNAVAILABLE_MESSAGE } from '../platform/errors.js';
import { isDatabaseUnavailable } from '../platform/db/unavailable.js';
import { badInputProblem } from '../platform/db/bad-input.js';

/**
 * One mapping for every error leaving the API: domain errors keep their code,
 * deliberate GraphQL errors pass, anything else is logged and masked. Stack
 * traces never leave the process.
 */
export function formatErrorFor(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return {
        message: original.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: original.code, ...(original.field ? { field: original.field } : {}) },
      };
    }
    if (original instanceof DomainErrors) {
      return {
        message: original.message,
        path: formatted.path,
        extensions: { code: original.errors[0]?.code ?? 'INVALID_INPUT', errors: original.errors.map((e) => ({ code: e.code, field: e.field, message: e.message })) },
      };
    }
    const code = formatted.extensions?.code;
    // A value the database refused is the request's fault: 4xx, not an outage or a bug.
    const problem = badInputProblem(original);
    if (problem) {
      logger.info({ sqlState: (original as { code?: unknown }).code, path: formatted.path }, 'database refused an input value');
      return { message: problem, path: formatted.path, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT' } };
    }
    if (code !== 'SERVICE_UNAVAILABLE' && isDatabaseUnavailable(original)) {
      logger.warn({ err: original instanceof Error ? original.message : String(original), path: formatted.path }, 'database unavailable');
      return { message: SERVICE_UNAVAILABLE_MESSAGE, path: formatted.path, locations: formatted.locations, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    // A plugin's error wrapped by Apollo still carries a driver's message: mask it like any other.
    const wrapsForeign = original instanceof GraphQLError && code === 'INTERNAL_SERVER_ERROR' && !!original.originalError && !(original.originalError instanceof GraphQLError);
    if (!wrapsForeign && (original instanceof GraphQLError || (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR'))) {
      const { stacktrace: _s, http: _h, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
      return { ...formatted, extensions };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error');
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
