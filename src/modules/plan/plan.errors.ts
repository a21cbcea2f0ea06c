export enum PlanErrorCode {
  PLAN_NOT_DRAFT = 'PLAN_NOT_DRAFT',
  /** The review proposes no plan revision: there is nothing to draft from it. */
  NO_REVISION_PROPOSALS = 'NO_REVISION_PROPOSALS',
  /** A draft was already started from this review. */
  REVIEW_ALREADY_DRAFTED = 'REVIEW_ALREADY_DRAFTED',
  NO_PUBLISHED_PLAN = 'NO_PUBLISHED_PLAN',
  UNKNOWN_TEMPLATE = 'UNKNOWN_TEMPLATE',
  PLAN_HAS_NO_LEVELS = 'PLAN_HAS_NO_LEVELS',
  DUPLICATE_LEVEL_KEY = 'DUPLICATE_LEVEL_KEY',
  DUPLICATE_SEVERITY = 'DUPLICATE_SEVERITY',
  DUPLICATE_DUTY_KEY = 'DUPLICATE_DUTY_KEY',
  INVALID_CONDITION = 'INVALID_CONDITION',
  UNMATCHABLE_LEVEL = 'UNMATCHABLE_LEVEL',
  UNKNOWN_ROLE = 'UNKNOWN_ROLE',
  UNKNOWN_MEMBER = 'UNKNOWN_MEMBER',
  NON_POSITIVE_DEADLINE = 'NON_POSITIVE_DEADLINE',
  ESCALATION_LOOP = 'ESCALATION_LOOP',
  ESCALATION_NOT_UPWARD = 'ESCALATION_NOT_UPWARD',
  /** A duty asks to watch, follow, control, intercept, stop, chase or bring back petitioners (stance-terms.ts). */
  STANCE_DUTY_REFUSED = 'STANCE_DUTY_REFUSED',
  /** The plan binds the whole organisation: drafting and publishing it need a jurisdiction over the whole tenant. */
  JURISDICTION_TOO_NARROW = 'JURISDICTION_TOO_NARROW',
}
