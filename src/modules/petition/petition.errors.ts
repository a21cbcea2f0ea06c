export enum PetitionErrorCode {
  EXTENSION_ALREADY_USED = 'EXTENSION_ALREADY_USED',
  EXTENSION_TOO_LONG = 'EXTENSION_TOO_LONG',
  CLOCK_NOT_RUNNING = 'CLOCK_NOT_RUNNING',
  CLOCK_PAST_DUE = 'CLOCK_PAST_DUE',
  NOT_TRANSFERRED = 'NOT_TRANSFERRED',
  REVIEW_WINDOW_CLOSED = 'REVIEW_WINDOW_CLOSED',
  /** An extension request waits for its decision already. */
  EXTENSION_PENDING = 'EXTENSION_PENDING',
  /** No extension request waits for a decision. */
  NO_PENDING_EXTENSION = 'NO_PENDING_EXTENSION',
  /** The requester cannot decide their own extension request (four eyes). */
  SELF_APPROVAL = 'SELF_APPROVAL',
  /** The clock has a suspension asked for or in effect already. */
  SUSPENSION_OPEN = 'SUSPENSION_OPEN',
  /** No suspension waits for a decision. */
  NO_PENDING_SUSPENSION = 'NO_PENDING_SUSPENSION',
  /** The clock is not suspended (nothing to resume). */
  NOT_SUSPENDED = 'NOT_SUSPENDED',
  /** The incident is not linked as a repeat (nothing to unlink). */
  NOT_A_REPEAT = 'NOT_A_REPEAT',
  /** Art. 36: the same matter completed re-review (复核) in an earlier case; it is not accepted again. */
  ALREADY_REREVIEWED = 'ALREADY_REREVIEWED',
}
