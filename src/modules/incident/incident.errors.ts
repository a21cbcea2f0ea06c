export enum IncidentErrorCode {
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  /** A stage can only move forward. */
  STAGE_NOT_FORWARD = 'STAGE_NOT_FORWARD',
  INCIDENT_READ_ONLY = 'INCIDENT_READ_ONLY',
  NOT_LEADER_RANK = 'NOT_LEADER_RANK',
  MEMBER_NOT_ELIGIBLE = 'MEMBER_NOT_ELIGIBLE',
  TASK_NOT_OPEN = 'TASK_NOT_OPEN',
  /** The task is someone else's (or nobody's): only its assignee completes it, so reassign it first (reassignTask). */
  NOT_TASK_ASSIGNEE = 'NOT_TASK_ASSIGNEE',
  /** An on-scene duty is completed with the arrival time the one who arrived gives (arrivedAt). */
  ARRIVAL_REQUIRED = 'ARRIVAL_REQUIRED',
  NOT_AN_ARRIVAL = 'NOT_AN_ARRIVAL',
  ARRIVAL_TIME_INVALID = 'ARRIVAL_TIME_INVALID',
  NOT_ALLOWED_TO_REASSIGN = 'NOT_ALLOWED_TO_REASSIGN',
  EVIDENCE_REQUIRED = 'EVIDENCE_REQUIRED',
  OPEN_TASKS = 'OPEN_TASKS',
  CLOCK_OPEN = 'CLOCK_OPEN',
  NOTHING_TO_ESCALATE = 'NOTHING_TO_ESCALATE',
  FACTS_CANNOT_DECREASE = 'FACTS_CANNOT_DECREASE',
  HEADCOUNT_REACHED_ABOVE_TOTAL = 'HEADCOUNT_REACHED_ABOVE_TOTAL',
  CONFIDENTIAL_CATEGORY_ONLY = 'CONFIDENTIAL_CATEGORY_ONLY',
}

export enum ExportErrorCode {
  /** More rows than one file may hold: narrow the filter (or split the period). */
  EXPORT_TOO_LARGE = 'EXPORT_TOO_LARGE',
  /** Personal data asked for without PETITIONER_PII_READ. */
  PERSONAL_DATA_NOT_PERMITTED = 'PERSONAL_DATA_NOT_PERMITTED',
}
