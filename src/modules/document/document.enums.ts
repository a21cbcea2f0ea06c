/** The written decisions the 信访工作条例 makes the institution serve. */
export enum DocumentKind {
  /** 受理告知书 (art. 23) */
  ACCEPTANCE_NOTICE = 'ACCEPTANCE_NOTICE',
  /** 不予受理告知书 (art. 23) */
  NON_ACCEPTANCE_NOTICE = 'NON_ACCEPTANCE_NOTICE',
  /** 不再受理告知书 (art. 36) */
  NO_FURTHER_ACCEPTANCE_NOTICE = 'NO_FURTHER_ACCEPTANCE_NOTICE',
  /** 延期答复告知书 (art. 34) */
  EXTENSION_NOTICE = 'EXTENSION_NOTICE',
  /** 信访事项答复意见书 (arts. 33–34) */
  REPLY_OPINION = 'REPLY_OPINION',
  /** 复查意见书 (art. 35) */
  REVIEW_OPINION = 'REVIEW_OPINION',
  /** 复核意见书 (art. 36) */
  REREVIEW_OPINION = 'REREVIEW_OPINION',
}

export enum DocumentStatus {
  DRAFT = 'DRAFT',
  /** Approved, numbered (文号) and rendered; its text never changes. */
  APPROVED = 'APPROVED',
  SERVED = 'SERVED',
}

/** How a document reached the petitioner (送达方式). */
export enum ServiceMethod {
  IN_PERSON = 'IN_PERSON',
  POST = 'POST',
  ELECTRONIC = 'ELECTRONIC',
}
