export enum AccountabilityErrorCode {
  /** Only the member a finding names answers it. */
  NOT_RESPONSIBLE = 'NOT_RESPONSIBLE',
  ALREADY_ANSWERED = 'ALREADY_ANSWERED',
  ALREADY_RULED = 'ALREADY_RULED',
  /** Rulings are made by leader-rank members. */
  LEADER_REQUIRED = 'LEADER_REQUIRED',
  /** Nobody rules on a finding about themselves. */
  SELF_RULING = 'SELF_RULING',
}
