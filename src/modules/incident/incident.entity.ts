import { Entity, Enum, Index, ManyToOne, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { Member } from '../member/member.entity.js';
import { Plan } from '../plan/plan.entity.js';
import { DutyStage, type ConditionExplanation } from '../plan/plan.model.js';
import type { StageStep } from './stage-step.model.js';
import { IncidentSource, IncidentStatus } from './incident.enums.js';
import { PetitionDecision } from '../petition/petition.enums.js';
import { ConductFlag, IncidentCategory, IntakeChannel, LevelReached, RiskFlag, type IncidentFacts } from './incident.model.js';

/** A supplementary measure as one match of the plan recorded it. */
export interface MeasureRecord {
  key: string;
  name: string;
  explanation: ConditionExplanation[];
  /** Whether this match created its duties (false: they exist from an earlier match). */
  added: boolean;
}

/** The post-incident review a case is closed with (后期处置). */
export interface IncidentReview {
  causes: string;
  whatWorked: string;
  whatDidNot: string;
  improvements: string;
  planRevisions: string[];
  /** The plan draft started from these proposals (createPlanDraft fromReviewId), raw id. */
  draftPlanId?: string | null;
}

/**
 * A petition incident: what happened, the response level of the plan version
 * it was opened under, and where the case stands. `version` grows with every
 * change; every change takes the row lock first.
 */
@Entity({ tableName: 'incident' })
@Unique({ properties: ['tenant', 'receiptNumber'] })
@Index({ properties: ['tenant', 'receivedAt', 'id'] })
@Index({ properties: ['tenant', 'updatedAt', 'id'] })
@Index({ properties: ['tenant', 'status'] })
@Index({ properties: ['tenant', 'unit'] })
@Index({ properties: ['tenant', 'caseOwner'] })
// Trigram search over doubled characters (migrations/Migration20261202030000_search.ts, incident.search.ts).
@Index({ name: 'incident_search_trgm', expression: `create index "incident_search_trgm" on "incident" using gin (xf_search_key("summary" || ' ' || "demands" || ' ' || "receipt_number") gin_trgm_ops)` })
export class Incident extends TenantEntity {
  @Property({ type: 'text' })
  receiptNumber!: string;

  @Enum({ items: () => IncidentCategory })
  category!: IncidentCategory;

  @Enum({ items: () => LevelReached })
  levelReached!: LevelReached;

  @Property({ type: 'integer' })
  headcount!: number;

  /** How many of the group went on to the level reached (an escalation's fact); the total stays `headcount`. */
  @Property({ type: 'integer', nullable: true })
  headcountReached?: number | null;

  @Property({ type: 'text', nullable: true })
  place?: string | null;

  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Property({ type: 'datetime' })
  receivedAt!: Date;

  @Property({ type: 'text' })
  summary!: string;

  /** 诉求: what the petitioners ask for. */
  @Property({ type: 'text' })
  demands!: string;

  @Property({ type: 'text[]' })
  conductFlags: Opt<ConductFlag[]> = [];

  /** Tenant-defined topics (free text, matched by plan triggers). */
  @Property({ type: 'text[]' })
  topics: Opt<string[]> = [];

  /** Risks to people's safety, whatever the headcount (the conduct flags that are risks included). */
  @Property({ type: 'text[]', default: '{}' })
  riskFlags: Opt<RiskFlag[]> = [];

  /** The institution knew of the visit before it happened (001: 提前掌握信息). */
  @Property({ type: 'boolean', default: false })
  knownInAdvance: Opt<boolean> = false;

  /** The unit concerned: who sees the incident follows from it. */
  @ManyToOne({ entity: () => Unit, ref: true, ...sameTenant('unit_id') })
  unit!: Ref<Unit>;

  /** The incident this one was opened from (the part of a group that went on), if any. */
  @ManyToOne({ entity: () => Incident, nullable: true, ref: true, ...sameTenant('related_incident_id') })
  relatedIncident?: Ref<Incident> | null;

  /** An earlier incident a handler linked this one to as the same matter (重复信访, linkRepeat). */
  @ManyToOne({ entity: () => Incident, nullable: true, ref: true, ...sameTenant('repeat_of_id') })
  repeatOf?: Ref<Incident> | null;
  /** How it came in (信访渠道); null when not recorded. */
  @Enum({ items: () => IntakeChannel, nullable: true })
  intakeChannel?: IntakeChannel | null;

  /** A language to serve in (BCP-47, language and script only): a service need, never a category of person. */
  @Property({ type: 'text', nullable: true })
  interpreterLanguage?: string | null;

  // The latest police decision (慎用警力): called or deliberately not called, who decided, when, why.
  // Earlier decisions stay in the log (before/after of each recordPoliceDecision).
  @Property({ type: 'boolean', nullable: true })
  policeCalled?: boolean | null;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('police_decided_by_id') })
  policeDecidedBy?: Ref<Member> | null;

  @Property({ type: 'datetime', nullable: true })
  policeDecidedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  policeReason?: string | null;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('police_recorded_by_id') })
  policeRecordedBy?: Ref<Member> | null;

  @Property({ type: 'datetime', nullable: true })
  policeRecordedAt?: Date | null;

  /** Set when another body transferred the matter here (art. 23 ¶3). */
  @Property({ type: 'text', nullable: true })
  transferredFrom?: string | null;

  /** Set when this tenant transferred the matter on (转送): the receiving organisation's name, for the petitioner's receipt. */
  @Property({ type: 'text', nullable: true })
  transferredTo?: string | null;

  @Enum({ items: () => IncidentStatus })
  status: Opt<IncidentStatus> = IncidentStatus.REPORTED;

  /** Received here, or referred by another organisation (转送, 交办). */
  @Enum({ items: () => IncidentSource, default: IncidentSource.DIRECT })
  source: Opt<IncidentSource> = IncidentSource.DIRECT;

  /** 初信初访: no earlier incident of the tenant names any of its petitioners (by match key), at report time. */
  @Property({ type: 'boolean', default: false })
  firstPetition: Opt<boolean> = false;

  /** Grows with every change (clients may send it back as expectedVersion). */
  @Property({ type: 'integer' })
  version: Opt<number> = 1;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('reported_by_id') })
  reportedBy!: Ref<Member>;

  // The plan version and level in force: the incident keeps them when the plan changes.
  @ManyToOne({ entity: () => Plan, nullable: true, ref: true, ...sameTenant('plan_id') })
  plan?: Ref<Plan> | null;

  @Property({ type: 'integer', nullable: true })
  planVersion?: number | null;

  @Property({ type: 'text', nullable: true })
  levelKey?: string | null;

  @Property({ type: 'text', nullable: true })
  levelName?: string | null;

  /** Severity of the level in force; 0 when no level applies. */
  @Property({ type: 'integer' })
  levelSeverity: Opt<number> = 0;

  @Property({ type: 'boolean', default: false })
  alertPeriodActive: Opt<boolean> = false;

  /** Supplementary measures matching at the latest match (those no longer matching keep their tasks and history). */
  @Property({ type: 'text[]', default: '{}' })
  measureKeys: Opt<string[]> = [];

  /** The current stage of the response; duties of later stages wait for advanceIncidentStage. */
  @Enum({ items: () => DutyStage, default: DutyStage.RECEPTION })
  stage: Opt<DutyStage> = DutyStage.RECEPTION;

  /** Every stage advance, oldest first (the log and the events have them too). */
  @Property({ type: 'jsonb', default: '[]' })
  stageHistory: Opt<StageStep[]> = [];

  /** Who was on duty when it was reported: the first to be told (值班). */
  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('on_duty_member_id') })
  onDutyMember?: Ref<Member> | null;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('leader_on_call_id') })
  leaderOnCall?: Ref<Member> | null;

  /** 领导包案: the leader who owns the case. */
  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('case_owner_id') })
  caseOwner?: Ref<Member> | null;

  @Property({ type: 'datetime', nullable: true })
  caseOwnerAssignedAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  acknowledgedAt?: Date | null;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('acknowledged_by_id') })
  acknowledgedBy?: Ref<Member> | null;

  @Property({ type: 'datetime', nullable: true })
  respondingAt?: Date | null;

  @Enum({ items: () => PetitionDecision })
  decision: Opt<PetitionDecision> = PetitionDecision.PENDING;

  @Property({ type: 'datetime', nullable: true })
  decidedAt?: Date | null;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('decided_by_id') })
  decidedBy?: Ref<Member> | null;

  @Property({ type: 'text', nullable: true })
  decisionReason?: string | null;

  /** The written answer the petitioner receives (also shown by petitionStatus). */
  @Property({ type: 'text', nullable: true })
  replyText?: string | null;

  @Property({ type: 'datetime', nullable: true })
  repliedAt?: Date | null;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('replied_by_id') })
  repliedBy?: Ref<Member> | null;

  @Property({ type: 'json', nullable: true })
  review?: IncidentReview | null;

  @Property({ type: 'datetime', nullable: true })
  closedAt?: Date | null;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('closed_by_id') })
  closedBy?: Ref<Member> | null;

  @Property({ type: 'datetime', nullable: true })
  withdrawnAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  withdrawReason?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();

  /** Every change to the incident or anything under it bumps its version. */
  touch(): void {
    this.version += 1;
    this.updatedAt = new Date();
  }
}

export enum LevelChangeKind {
  INITIAL = 'INITIAL',
  ESCALATION = 'ESCALATION',
}

/**
 * Each time the plan was matched for the incident: at report and at every
 * escalation, with the facts, the outcome and its explanation (kept history).
 */
@Entity({ tableName: 'incident_level' })
@Unique({ properties: ['tenant', 'incident', 'sequence'] })
export class IncidentLevel extends TenantEntity {
  @ManyToOne({ entity: () => Incident, ref: true, ...sameTenant('incident_id') })
  incident!: Ref<Incident>;

  @Property({ type: 'integer' })
  sequence!: number;

  @Enum({ items: () => LevelChangeKind })
  kind!: LevelChangeKind;

  @ManyToOne({ entity: () => Plan, nullable: true, ref: true, ...sameTenant('plan_id') })
  plan?: Ref<Plan> | null;

  @Property({ type: 'integer', nullable: true })
  planVersion?: number | null;

  @Property({ type: 'text', nullable: true })
  levelKey?: string | null;

  @Property({ type: 'text', nullable: true })
  levelName?: string | null;

  @Property({ type: 'integer' })
  severity: Opt<number> = 0;

  /** Whether this match raised the level (escalations may only add facts). */
  @Property({ type: 'boolean' })
  levelChanged!: boolean;

  @Property({ type: 'json' })
  facts!: IncidentFacts;

  @Property({ type: 'json' })
  explanation: Opt<ConditionExplanation[]> = [];

  @Property({ type: 'text[]' })
  matchedLevelKeys: Opt<string[]> = [];

  /** The supplementary measures that matched, each with its explanation and whether this match added its duties. */
  @Property({ type: 'json', default: '[]' })
  measures: Opt<MeasureRecord[]> = [];

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('applied_by_id') })
  appliedBy!: Ref<Member>;

  @Property({ type: 'text', nullable: true })
  reason?: string | null;
}
