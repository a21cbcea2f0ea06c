/**
 * Websocket close codes the server uses (graphql-transport-ws keeps its own:
 * 4400 bad request, 4408 init timeout, 4409 duplicate id, 4429 duplicate init).
 */
export const CloseCodes = {
  /** Token missing, invalid or expired; session ended (logout, refresh-token reuse, password set). */
  UNAUTHORIZED: 4401,
  /** Membership removed, tenant suspended, or the session has no membership. */
  FORBIDDEN: 4403,
  /** The member already holds `ws.maxSocketsPerMember` sockets on this process. */
  TOO_MANY_SOCKETS: 4429,
  /** The client does not read fast enough; what it would have buffered is over `ws.maxBufferedBytes`. */
  SLOW_CONSUMER: 1013,
  /** Server shutting down. */
  GOING_AWAY: 1001,
} as const;

export type CloseCode = (typeof CloseCodes)[keyof typeof CloseCodes];

/** A reason to close a socket, decided by authentication checks. */
export interface CloseReason {
  code: CloseCode;
  reason: string;
}
