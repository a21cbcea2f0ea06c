/**
 * Realtime incident event kinds. A log entry with `incident_id` and `event`
 * set is an incident event; subscriptions replay and stream them by sequence.
 */
export enum IncidentEventKind {
  REPORTED = 'REPORTED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  STATUS_CHANGED = 'STATUS_CHANGED',
  OWNER_ASSIGNED = 'OWNER_ASSIGNED',
  TASK_DONE = 'TASK_DONE',
  TASK_OVERDUE = 'TASK_OVERDUE',
  REPORT_ADDED = 'REPORT_ADDED',
  ESCALATED = 'ESCALATED',
  EVIDENCE_ADDED = 'EVIDENCE_ADDED',
  CLOCK_STARTED = 'CLOCK_STARTED',
  CLOCK_DUE_SOON = 'CLOCK_DUE_SOON',
  CLOCK_MISSED = 'CLOCK_MISSED',
  ACCEPTED = 'ACCEPTED',
  DEADLINE_EXTENDED = 'DEADLINE_EXTENDED',
  REPLIED = 'REPLIED',
  CLOSED = 'CLOSED',
  WITHDRAWN = 'WITHDRAWN',
}
