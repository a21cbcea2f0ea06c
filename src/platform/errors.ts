import { GraphQLError } from 'graphql';

/** Codes shared by every module. Module enums add their own (see error-codes.ts). */
export enum CommonErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  INVALID_INPUT = 'INVALID_INPUT',
  /** A string holds a NUL or a lone UTF-16 surrogate: refused at the edge, never stored. */
  INVALID_CHARACTERS = 'INVALID_CHARACTERS',
  CONFLICT = 'CONFLICT',
  QUOTA_EXCEEDED = 'QUOTA_EXCEEDED',
  STALE_OBJECT = 'STALE_OBJECT',
}

/**
 * A rule or validation failure. Mutations turn it into a `userErrors` entry;
 * queries into a GraphQL error with the same code in `extensions.code`.
 */
export class DomainError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly field: string[] | null = null,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Rule failures found together (validation reports all of them at once). */
export class DomainErrors extends Error {
  constructor(public readonly errors: DomainError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'DomainErrors';
  }
}

export function notFound(what = 'object', field: string[] | null = null): DomainError {
  return new DomainError(CommonErrorCode.NOT_FOUND, `${what} not found`, field);
}

export function invalid(message: string, field: string[] | null = null): DomainError {
  return new DomainError(CommonErrorCode.INVALID_INPUT, message, field);
}

export function unauthenticated(message = 'Authentication required'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

export function forbidden(message = 'Not allowed'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}

export function rateLimited(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError('Too many requests', {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}

export const SERVICE_UNAVAILABLE_MESSAGE = 'The service is temporarily unavailable; try again shortly';

/** The database cannot be reached just now: retry later (nothing about the cause leaves the process). */
export function serviceUnavailable(message = SERVICE_UNAVAILABLE_MESSAGE): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5, http: { status: 503, headers: new Map([['retry-after', '5']]) } },
  });
}

/** The one mapping from a domain error to a GraphQL error (queries). */
export function toGraphQLError(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { code: error.code, ...(error.field ? { field: error.field } : {}) },
  });
}
