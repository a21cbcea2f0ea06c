export enum DocumentErrorCode {
  /** The drafter cannot approve their own document (a second pair of eyes). */
  SELF_APPROVAL = 'SELF_APPROVAL',
  /** Approval needs a leader-rank member (分管领导). */
  APPROVER_NOT_LEADER = 'APPROVER_NOT_LEADER',
  /** The tenant marks this kind major: the principal leader (主要领导, GROUP_LEADER) approves it. */
  PRINCIPAL_LEADER_REQUIRED = 'PRINCIPAL_LEADER_REQUIRED',
  /** Only a draft is edited or approved. */
  DOCUMENT_NOT_DRAFT = 'DOCUMENT_NOT_DRAFT',
  /** Only an approved document is served, once. */
  DOCUMENT_NOT_APPROVED = 'DOCUMENT_NOT_APPROVED',
}
