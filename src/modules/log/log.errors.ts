export enum LogErrorCode {
  /** The tenant's log has no entry yet: there is no head to checkpoint. */
  LOG_EMPTY = 'LOG_EMPTY',
  /** A sequence range that is not from <= to with from >= 1. */
  INVALID_RANGE = 'INVALID_RANGE',
}
