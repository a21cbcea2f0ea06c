// Enums of the accountability domain (their GraphQL registration is in accountability.types.ts).

/** What kind of obligation a finding or occurrence is about. */
export enum ObligationSource {
  /** A one-off task of the plan (notify, arrive, investigate...). */
  TASK = 'TASK',
  /** One occurrence of a recurring duty (the daily report, 无情况报平安 included). */
  RECURRING_DUTY = 'RECURRING_DUTY',
  /** A unit's report due under an alert period's reporting rule. */
  ALERT_PERIOD_REPORT = 'ALERT_PERIOD_REPORT',
  /** A statutory clock of the institution (信访工作条例). */
  STATUTORY_CLOCK = 'STATUTORY_CLOCK',
  /** A clock suspension (中止计时) left in effect past the tenant's limit. */
  CLOCK_SUSPENSION = 'CLOCK_SUSPENSION',
  /** A prevention record (预防) to be resolved locally by its due date. */
  CONCERN = 'CONCERN',
  /** 提级督办: an assigned matter returned again and again, or its sign-in or closing missed (the upper organ escalated). */
  SUPERVISION = 'SUPERVISION',
}

export enum FindingOutcome {
  /** Not done by the due time, and not done when the sweeper looked. */
  MISSED = 'MISSED',
  /** Done, but after the due time (seen after the fact, e.g. after downtime). */
  LATE = 'LATE',
}

/** Where a finding stands: its answer and ruling are rows of their own. */
export enum FindingStatus {
  OPEN = 'OPEN',
  ANSWERED = 'ANSWERED',
  RULED = 'RULED',
}

export enum RulingDecision {
  /** The explanation is accepted: no fault. */
  EXCUSED = 'EXCUSED',
  /** The finding stands. */
  UPHELD = 'UPHELD',
}

export enum EscalationStatus {
  /** The members holding the notified role in scope were told. */
  NOTIFIED = 'NOTIFIED',
  /** Nobody holds the role (or one above it) for the unit: recorded, nobody told. */
  NO_RECIPIENT = 'NO_RECIPIENT',
  /** Done before the escalation rule's extra time ran out: nobody needed telling. */
  NOT_NEEDED = 'NOT_NEEDED',
}

export enum ClockNoticeKind {
  DUE_SOON = 'DUE_SOON',
}
