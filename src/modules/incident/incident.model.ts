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

/**
 * Risks to people's safety, whatever the headcount (003: 确保上访人员人身安全).
 * A plan's safety measure turns on them; they are never a reason to stop anyone.
 */
export enum RiskFlag {
  SELF_HARM_RISK = 'SELF_HARM_RISK',
  VIOLENCE = 'VIOLENCE',
  HEALTH_EMERGENCY = 'HEALTH_EMERGENCY',
  MINORS_PRESENT = 'MINORS_PRESENT',
}

/** Conduct flags that are risks too (recorded before risk flags existed): they set the risk flag. */
const RISK_OF_CONDUCT: Partial<Record<ConductFlag, RiskFlag>> = {
  [ConductFlag.SELF_HARM_RISK]: RiskFlag.SELF_HARM_RISK,
  [ConductFlag.VIOLENCE_OR_DAMAGE]: RiskFlag.VIOLENCE,
};

/** The risk flags given plus those the conduct implies, each once, in enum order. */
export function riskFlagsOf(riskFlags: readonly RiskFlag[], conductFlags: readonly ConductFlag[]): RiskFlag[] {
  const present = new Set<RiskFlag>(riskFlags);
  for (const c of conductFlags) {
    const r = RISK_OF_CONDUCT[c];
    if (r) present.add(r);
  }
  return Object.values(RiskFlag).filter((r) => present.has(r));
}

/** How the petition came in (信访渠道). Plans turn on it (003: 临时接待点、移动信访车 after a disaster). */
export enum IntakeChannel {
  /** 接待窗口: in person at the reception office. */
  WINDOW = 'WINDOW',
  PHONE = 'PHONE',
  LETTER = 'LETTER',
  /** 网络: web portal, app, mail. */
  ONLINE = 'ONLINE',
  TEMPORARY_RECEPTION_POINT = 'TEMPORARY_RECEPTION_POINT',
  MOBILE_VEHICLE = 'MOBILE_VEHICLE',
  /** 现场: people came to a gate, office or site rather than a reception window. */
  ON_SITE = 'ON_SITE',
  /** 转送/交办: another body sent the matter (see transferredFrom). */
  TRANSFERRED = 'TRANSFERRED',
}

/** The channel implied when none is given: a letter came by letter, an online petition online, a transfer by transfer. */
export function impliedIntakeChannel(category: IncidentCategory, transferredFrom: string | null | undefined): IntakeChannel | null {
  if (transferredFrom) return IntakeChannel.TRANSFERRED;
  if (category === IncidentCategory.LETTER) return IntakeChannel.LETTER;
  if (category === IncidentCategory.ONLINE_PETITION) return IntakeChannel.ONLINE;
  return null;
}

/** What a response level's (or a measure's) trigger is tested against. */
export interface IncidentFacts {
  category: IncidentCategory;
  levelReached: LevelReached;
  headcount: number;
  conductFlags: ConductFlag[];
  topics: string[];
  alertPeriodActive: boolean;
  /** Optional in history stored before risk flags existed (read as none). */
  riskFlags?: RiskFlag[];
  /** The institution knew of the visit before it happened (001: 提前掌握信息); a fact about the institution, not a watch on anyone. */
  knownInAdvance?: boolean;
  /**
   * 初信初访: at report time no earlier incident of the tenant named any of its petitioners (by match key).
   * Fixed at report (a later linkRepeat does not change it). Optional in history stored before it existed (read as false).
   */
  firstPetition?: boolean;
  /** Null: not recorded. (Optional in stored history written before it existed.) */
  intakeChannel?: IntakeChannel | null;
  /** A language to serve in was named (interpreterLanguage): a service need, never a category of person. */
  interpreterNeeded?: boolean;
  /** The latest police decision: true called, false deliberately not called, null none recorded. */
  policeCalled?: boolean | null;
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
  /** The response moved to a later stage; that stage's duties were created. */
  STAGE_ADVANCED = 'STAGE_ADVANCED',
  EVIDENCE_ADDED = 'EVIDENCE_ADDED',
  CLOCK_STARTED = 'CLOCK_STARTED',
  CLOCK_DUE_SOON = 'CLOCK_DUE_SOON',
  CLOCK_MISSED = 'CLOCK_MISSED',
  ACCEPTED = 'ACCEPTED',
  EXTENSION_REQUESTED = 'EXTENSION_REQUESTED',
  DEADLINE_EXTENDED = 'DEADLINE_EXTENDED',
  EXTENSION_REJECTED = 'EXTENSION_REJECTED',
  /** A clock suspension (中止计时) was asked for, approved (the clock stops), rejected, or ended (the due time moved). */
  SUSPENSION_REQUESTED = 'SUSPENSION_REQUESTED',
  CLOCK_SUSPENDED = 'CLOCK_SUSPENDED',
  SUSPENSION_REJECTED = 'SUSPENSION_REJECTED',
  CLOCK_RESUMED = 'CLOCK_RESUMED',
  REPLIED = 'REPLIED',
  CLOSED = 'CLOSED',
  WITHDRAWN = 'WITHDRAWN',
  /** Whether the police were called or deliberately not called, by whom, when and why (慎用警力). */
  POLICE_DECISION = 'POLICE_DECISION',
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

/**
 * A language to serve in, as a BCP-47 tag reduced to language and script
 * (ug, en, zh-Hant, csl). A region or any other subtag is refused: the field
 * says which language to serve in, nothing about where a person is from.
 * Returns the canonical tag, or null when the tag is not one.
 */
export function languageToServeIn(tag: string): string | null {
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(tag.trim());
  } catch {
    return null;
  }
  const canonical = locale.script ? `${locale.language}-${locale.script}` : locale.language;
  if (locale.language === 'und' || locale.toString() !== canonical) return null;
  return canonical;
}
