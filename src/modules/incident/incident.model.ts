// The incident vocabulary: what an incident is (category, level reached,
// conduct), which categories are confidential, and the kinds of event the log
// records about it. Pure data; plans match on it, every module reads it from here.

export enum IncidentCategory {
  INDIVIDUAL_VISIT = 'INDIVIDUAL_VISIT',
  GROUP_VISIT = 'GROUP_VISIT',
  LETTER = 'LETTER',
  ONLINE_PETITION = 'ONLINE_PETITION',
  ABNORMAL_VISIT = 'ABNORMAL_VISIT',
  /** 举报: a report against an official (confidential). */
  REPORT_AGAINST_OFFICIAL = 'REPORT_AGAINST_OFFICIAL',
}

/** How far the petition went: a fact about the incident, never a duty to stop anyone. */
export enum LevelReached {
  OWN = 'OWN',
  COUNTY = 'COUNTY',
  CITY = 'CITY',
  PROVINCE = 'PROVINCE',
  NATIONAL = 'NATIONAL',
}

export const LEVEL_ORDER: LevelReached[] = [LevelReached.OWN, LevelReached.COUNTY, LevelReached.CITY, LevelReached.PROVINCE, LevelReached.NATIONAL];

/** Conduct observed at the scene (信访工作条例 art. 26). */
export enum ConductFlag {
  BLOCKING_GATE = 'BLOCKING_GATE',
  BLOCKING_ROAD = 'BLOCKING_ROAD',
  OCCUPYING_OFFICE = 'OCCUPYING_OFFICE',
  INTERCEPTING_VEHICLE = 'INTERCEPTING_VEHICLE',
  BESIEGING_STAFF = 'BESIEGING_STAFF',
  BANNERS_OR_SLOGANS = 'BANNERS_OR_SLOGANS',
  VIOLENCE_OR_DAMAGE = 'VIOLENCE_OR_DAMAGE',
  SELF_HARM_RISK = 'SELF_HARM_RISK',
}

/** What a response level's trigger is tested against. */
export interface IncidentFacts {
  category: IncidentCategory;
  levelReached: LevelReached;
  headcount: number;
  conductFlags: ConductFlag[];
  topics: string[];
  alertPeriodActive: boolean;
}

/** Categories whose subjects and recused members are kept out of the case (举报, art. 30 ¶3). */
export const CONFIDENTIAL_CATEGORIES: readonly IncidentCategory[] = [IncidentCategory.REPORT_AGAINST_OFFICIAL];

export function isConfidentialCategory(category: IncidentCategory): boolean {
  return CONFIDENTIAL_CATEGORIES.includes(category);
}

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
  /**
   * An unassigned task was given to a member (reassignTask; its entry's change
   * names the assignee). Tasks assigned when a level's duties are created are
   * in the REPORTED / ESCALATED entry's changes instead.
   */
  TASK_ASSIGNED = 'TASK_ASSIGNED',
  /** A task moved from one member to another (its entry's change names both). */
  TASK_REASSIGNED = 'TASK_REASSIGNED',
  TASK_OVERDUE = 'TASK_OVERDUE',
  REPORT_ADDED = 'REPORT_ADDED',
  ESCALATED = 'ESCALATED',
  EVIDENCE_ADDED = 'EVIDENCE_ADDED',
  CLOCK_STARTED = 'CLOCK_STARTED',
  CLOCK_DUE_SOON = 'CLOCK_DUE_SOON',
  CLOCK_MISSED = 'CLOCK_MISSED',
  ACCEPTED = 'ACCEPTED',
  EXTENSION_REQUESTED = 'EXTENSION_REQUESTED',
  DEADLINE_EXTENDED = 'DEADLINE_EXTENDED',
  EXTENSION_REJECTED = 'EXTENSION_REJECTED',
  REPLIED = 'REPLIED',
  CLOSED = 'CLOSED',
  WITHDRAWN = 'WITHDRAWN',
  /** 转送 out: this tenant's handling ended, the matter went to another organisation. */
  TRANSFERRED = 'TRANSFERRED',
  /** Between organisations (each entry reaches the subscribers of the tenant it concerns). */
  REFERRAL_RECEIVED = 'REFERRAL_RECEIVED',
  REFERRAL_ACCEPTED = 'REFERRAL_ACCEPTED',
  CLOSING_REPORT_SUBMITTED = 'CLOSING_REPORT_SUBMITTED',
  CLOSING_REPORT_RETURNED = 'CLOSING_REPORT_RETURNED',
  CLOSING_REPORT_ACCEPTED = 'CLOSING_REPORT_ACCEPTED',
  SUPERVISION_ORDERED = 'SUPERVISION_ORDERED',
  SUPERVISION_ANSWERED = 'SUPERVISION_ANSWERED',
  SUPERVISION_ESCALATED = 'SUPERVISION_ESCALATED',
}
