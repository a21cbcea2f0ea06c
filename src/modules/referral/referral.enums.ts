// The vocabulary of referrals between organisations (信访工作条例 arts. 21-23, 31-32).

/** How two tenants are related: an upper organ over a lower one, or two organs side by side. */
export enum TenantLinkKind {
  /** County bureau over a township, a city over a county, a group over its mines. */
  SUPERVISES = 'SUPERVISES',
  /** A 纪委 beside its township government: transfers both ways. */
  PEER = 'PEER',
}

export enum ReferralKind {
  /** 转送: to the organ with authority; the sender's handling ends. */
  TRANSFER = 'TRANSFER',
  /** 交办: to a lower organ, with a sign-in time, a deadline and a closing report. */
  ASSIGNMENT = 'ASSIGNMENT',
}

export enum ReferralStage {
  /** A transfer delivered: the receiver handles it. */
  TRANSFERRED = 'TRANSFERRED',
  /** An assignment waiting for the receiver's signature. */
  AWAITING_SIGN_IN = 'AWAITING_SIGN_IN',
  /** Signed for, or returned for rework: the receiver handles it. */
  IN_PROGRESS = 'IN_PROGRESS',
  /** A closing report waits for the sender. */
  REPORT_SUBMITTED = 'REPORT_SUBMITTED',
  /** The sender accepted the closing report. */
  CLOSED = 'CLOSED',
}
