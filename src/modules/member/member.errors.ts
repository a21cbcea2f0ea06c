export enum MemberErrorCode {
  MEMBER_EXISTS = 'MEMBER_EXISTS',
  SELF_ASSIGNMENT = 'SELF_ASSIGNMENT',
  CANNOT_REMOVE_SELF = 'CANNOT_REMOVE_SELF',
  MEMBER_REMOVED = 'MEMBER_REMOVED',
  NO_ROLES = 'NO_ROLES',
  /** 三员分立: one member is never both tenant administrator and auditor. */
  ROLES_SEPARATED = 'ROLES_SEPARATED',
  /** The jurisdiction a role usually gets reaches beyond the caller's own: name the units (jurisdictionUnitIds) instead. */
  JURISDICTION_BEYOND_OWN = 'JURISDICTION_BEYOND_OWN',
}
