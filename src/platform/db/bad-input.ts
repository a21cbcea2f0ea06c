// Recognises a database error that is the request's fault (a value the
// column or type cannot take), as opposed to an outage or a bug: the client
// gets BAD_USER_INPUT, never a 503 or a 500.

// SQLSTATE → what the client is told (nothing of the driver's message leaves the process).
const PROBLEMS: Record<string, string> = {
  '22001': 'A value is longer than the field allows',
  '22003': 'A number is out of range',
  '22P02': 'A value does not have the expected form',
  '22007': 'A date or time is not valid',
  '22008': 'A date or time is out of range',
  '22021': 'A text holds a character that cannot be stored',
  '22P05': 'A text holds a character that cannot be stored',
  // LIKE pattern ending in an escape character (a search text ending in "\").
  '22025': 'A search text ends in an escape character',
  // The ORM inlines values into the SQL text: a NUL there breaks the protocol message ("invalid message format").
  '08P01': 'A text holds a character that cannot be stored',
};

/** The client-facing problem of a request-fault database error, or null. */
export function badInputProblem(error: unknown, depth = 0): string | null {
  if (!error || typeof error !== 'object' || depth > 5) return null;
  const e = error as { code?: unknown; cause?: unknown; originalError?: unknown };
  if (typeof e.code === 'string' && PROBLEMS[e.code]) return PROBLEMS[e.code]!;
  return badInputProblem(e.cause, depth + 1) ?? badInputProblem(e.originalError, depth + 1);
}

export function isBadInputDatabaseError(error: unknown): boolean {
  return badInputProblem(error) !== null;
}
