export enum ReferralErrorCode {
  /** The two tenants are not linked, or not in the direction asked. */
  NOT_LINKED = 'NOT_LINKED',
  ALREADY_LINKED = 'ALREADY_LINKED',
  SAME_TENANT = 'SAME_TENANT',
  /** The referral is not at the stage the step needs. */
  WRONG_STAGE = 'WRONG_STAGE',
  /** The matter was already referred, or its handling ended. */
  NOT_REFERABLE = 'NOT_REFERABLE',
  /** The receiving tenant has nobody who can receive a matter. */
  NO_RECEIVER = 'NO_RECEIVER',
}
