// The plan domain shared by plans (issue 3) and incidents (issue 4): the facts
// an incident presents, the triggers of response levels, and their duties.
// Pure data and types; plan-matcher.model.ts evaluates triggers against facts.
// The incident vocabulary it matches on (categories, level reached, conduct) is
// the incident module's (incident.model.ts).
import type { ConductFlag, IncidentCategory, IncidentFacts, IntakeChannel, LevelReached, RiskFlag } from '../incident/incident.model.js';

/** A trigger: conditions combined with ALL or ANY, nested groups allowed. */
export interface Trigger {
  combine: 'ALL' | 'ANY';
  conditions: Condition[];
  groups?: Trigger[];
}

export type Condition =
  | { kind: 'CATEGORY'; categories: IncidentCategory[] }
  | { kind: 'LEVEL_REACHED'; levels?: LevelReached[]; atLeast?: LevelReached }
  | { kind: 'HEADCOUNT'; min?: number; max?: number }
  | { kind: 'CONDUCT'; flags: ConductFlag[]; match: 'ANY' | 'ALL' }
  | { kind: 'TOPIC'; topics: string[] }
  | { kind: 'ALERT_PERIOD'; active: boolean }
  | { kind: 'RISK'; riskFlags: RiskFlag[]; match: 'ANY' | 'ALL' }
  | { kind: 'KNOWN_IN_ADVANCE'; known: boolean }
  /** 初信初访 at report time (Incident.firstPetition): a fact about the organisation's records, never a watch on anyone. */
  | { kind: 'FIRST_PETITION'; first: boolean }
  | { kind: 'INTAKE_CHANNEL'; channels: IntakeChannel[] }
  /** A language to serve in was named (涉外: a service need, never a person's category). */
  | { kind: 'INTERPRETER'; needed: boolean }
  /** The latest police decision: called (true) or deliberately not called (false); no decision matches neither. */
  | { kind: 'POLICE'; called: boolean };

export type DurationUnit = 'MINUTES' | 'HOURS' | 'DAYS';

export interface RelativeDuration {
  amount: number;
  unit: DurationUnit;
}

export enum DutyKind {
  NOTIFY = 'NOTIFY',
  ARRIVE_ON_SCENE = 'ARRIVE_ON_SCENE',
  RECEIVE_AND_EXPLAIN = 'RECEIVE_AND_EXPLAIN',
  INVESTIGATE = 'INVESTIGATE',
  REPORT = 'REPORT',
  DAILY_REPORT = 'DAILY_REPORT',
  OWN_CASE = 'OWN_CASE',
  COORDINATE = 'COORDINATE',
  RECORD_EVIDENCE = 'RECORD_EVIDENCE',
  REVIEW = 'REVIEW',
  /** 回访: follow up a petitioner dissatisfied with an answer (opened by the rating, not by plans). */
  FOLLOW_UP = 'FOLLOW_UP',
  OTHER = 'OTHER',
}

/** Who is told when a duty is not done in time: a role above the responsible one. */
export interface EscalationRule {
  /** Role key (or id of a custom role) to notify; must sit above `roleKey` in the hierarchy. */
  notifyRoleKey: string;
  /** Extra time after the due time before escalating (default 0). */
  after?: RelativeDuration;
}

export interface Duty {
  /** Unique within the level. */
  key: string;
  kind: DutyKind;
  /** Role key (template roles) or role id (custom roles) responsible. */
  roleKey: string;
  /** What must be done, in the plan's words (Chinese). */
  action: string;
  /** Due this long after the incident was received (or after the level applied, on escalation). */
  due: RelativeDuration;
  /** Recurs every `every` until the incident closes (e.g. the daily report). */
  recurring?: { every: RelativeDuration } | null;
  evidenceRequired: boolean;
  escalation?: EscalationRule | null;
  /** Added by plans: the stage of the response the duty belongs to (004: 预防、接待、决策; 003: 后期处置). */
  stage?: DutyStage | null;
}

/** Stages of a response (004 预防阶段/接待阶段/决策阶段, 003 后期处置). */
export enum DutyStage {
  PREVENTION = 'PREVENTION',
  RECEPTION = 'RECEPTION',
  DECISION = 'DECISION',
  AFTERMATH = 'AFTERMATH',
}

export interface ResponseLevel {
  key: string;
  name: string;
  /** Higher is more severe; the most severe matching level wins. */
  severity: number;
  description?: string;
  trigger: Trigger;
  duties: Duty[];
}

/**
 * A supplementary measure (补充措施): a special circumstance of the plan
 * (extreme individual, disaster, foreign nationals, risk to safety...). Not
 * ranked: every matching measure adds its duties beside the level's.
 */
export interface SupplementaryMeasure {
  /** Unique among the plan's levels and measures. */
  key: string;
  name: string;
  description?: string;
  trigger: Trigger;
  duties: Duty[];
}

/** A published plan version as incidents pin it. */
export interface PlanSnapshot {
  planId: string;
  version: number;
  title: string;
  levels: ResponseLevel[];
  measures: SupplementaryMeasure[];
  /** Duties of a later stage wait until the incident advances to it. */
  staged?: boolean;
}

export interface ConditionExplanation {
  /** Path in the trigger, e.g. "conditions[0]" or "groups[1].conditions[0]". */
  path: string;
  description: string;
  matched: boolean;
}

export interface MatchResult {
  level: ResponseLevel | null;
  /** For the winning level: every condition evaluated, with the outcome. */
  explanation: ConditionExplanation[];
  /** Keys of every level that matched, most severe first. */
  matchedLevelKeys: string[];
}

export interface MeasureMatch {
  measure: SupplementaryMeasure;
  /** Every condition of its trigger, with the outcome. */
  explanation: ConditionExplanation[];
}

/** The level and every matching measure, in plan order. */
export interface PlanMatch extends MatchResult {
  measures: MeasureMatch[];
}
