export enum SatisfactionErrorCode {
  /** The answer of that stage has not been given (yet). */
  STAGE_NOT_ANSWERED = 'STAGE_NOT_ANSWERED',
  /** Rated once already; a rating is not changed. */
  ALREADY_RATED = 'ALREADY_RATED',
  RATING_WINDOW_CLOSED = 'RATING_WINDOW_CLOSED',
}
