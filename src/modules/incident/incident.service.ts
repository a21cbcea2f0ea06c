// Opening an incident and moving it through its response: report, acknowledge,
// on scene, case owner, escalation. Each mutation locks the incident row first.
import { ref } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { DomainError, DomainErrors, forbidden, invalid, notFound } from '../../platform/errors.js';
import { audited, type Audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { idOf } from '../../platform/ids.js';
import { requireMember, unitInScope } from '../../platform/authz.js';
import { unitService } from '../unit/unit.service.js';
import { UnitErrorCode } from '../unit/unit.errors.js';
import { Member, MemberStatus } from '../member/member.entity.js';
import { planService } from '../plan/plan.service.js';
import { matchPlan } from '../plan/plan-matcher.model.js';
import { Plan } from '../plan/plan.entity.js';
import { DutyKind, type Duty, type PlanMatch, type PlanSnapshot } from '../plan/plan.model.js';
import { Unit } from '../unit/unit.entity.js';
import { Incident, IncidentLevel, LevelChangeKind, type MeasureRecord } from './incident.entity.js';
import { petitionerMatchKey } from '../petition/petitioner-match.model.js';
import { Petitioner, PetitionReceipt } from '../petition/petitioner.entity.js';
import { IncidentExclusion } from './exclusion.entity.js';
import { IncidentTask } from './task.entity.js';
import type { StatutoryClock } from '../petition/clock.entity.js';
import { ExclusionKind, IncidentSource, IncidentStatus, TaskStatus } from './incident.enums.js';
import { ClockKind } from '../petition/petition.enums.js';
import { IncidentErrorCode } from './incident.errors.js';
import { assertTransition, assertWritable } from './incident-lifecycle.model.js';
import { incidentAccess } from './incident.access.js';
import { readReportContext } from './report-context.js';
import { storedIncidentText } from './incident-text.service.js';
import { sealPetitionerPii } from '../petition/petitioner-pii.service.js';
import { leaderCovering } from './duty-assignment.service.js';
import { accessCodeHash, newAccessCode, newReceiptNumber } from '../petition/receipt.model.js';
import {
  type AcknowledgeIncidentInput,
  type AssignCaseOwnerInput,
  type EscalateIncidentInput,
  type ReportIncidentInput,
  type StartIncidentResponseInput,
} from './incident.inputs.js';
import { createTasks, meetOwnCaseDuties, openTasksOf, type DutyPart } from './duty-tasks.service.js';
import { dutiesUpTo, FIRST_INCIDENT_STAGE } from './incident-stage.js';
import { actorRef, memberRef } from '../member/member.service.js';
import { tenantRef } from '../../platform/db/tenant-refs.js';
import { calendarWarnings, openClock, shortClockWarnings } from '../petition/clocks.service.js';
import { warning, IncidentWarningCode, type IncidentWarning } from './incident.types.js';
import { IncidentEventKind, LEVEL_ORDER, impliedIntakeChannel, isConfidentialCategory, languageToServeIn, riskFlagsOf, type IncidentFacts } from './incident.model.js';

export interface ReportResult {
  incident: Incident;
  receiptNumber: string;
  accessCode: string;
  warnings: IncidentWarning[];
  /** Everything created under the new incident: the payload answers from these instead of reading them back. */
  tasks: IncidentTask[];
  clocks: StatutoryClock[];
}

export interface EscalateResult {
  incident: Incident;
  levelChanged: boolean;
  newTasks: IncidentTask[];
  measuresAdded: string[];
  warnings: IncidentWarning[];
}

const CLOCK_SKEW_MS = 5 * 60_000;

export function factsOf(
  i: Pick<Incident, 'category' | 'levelReached' | 'headcount' | 'conductFlags' | 'topics' | 'alertPeriodActive'> &
    Partial<Pick<Incident, 'headcountReached' | 'riskFlags' | 'knownInAdvance' | 'firstPetition' | 'intakeChannel' | 'interpreterLanguage' | 'policeCalled'>>,
): IncidentFacts {
  return {
    category: i.category,
    levelReached: i.levelReached,
    // After "some of the group went on", the level is matched on those who went on.
    headcount: i.headcountReached ?? i.headcount,
    conductFlags: [...i.conductFlags],
    topics: [...i.topics],
    alertPeriodActive: i.alertPeriodActive,
    riskFlags: riskFlagsOf(i.riskFlags ?? [], i.conductFlags),
    knownInAdvance: i.knownInAdvance ?? false,
    // As stored at report: an escalation (or a later repeat link) does not change it.
    firstPetition: i.firstPetition ?? false,
    intakeChannel: i.intakeChannel ?? null,
    interpreterNeeded: !!i.interpreterLanguage,
    policeCalled: i.policeCalled ?? null,
  };
}

/** The duty parts a match brings: the level's (when given) and each measure's, side by side. */
export function partsOf(level: PlanMatch['level'], measures: PlanMatch['measures']): DutyPart[] {
  return [
    ...(level ? [{ key: level.key, duties: level.duties, measure: false }] : []),
    ...measures.map((m) => ({ key: m.measure.key, duties: m.measure.duties, measure: true })),
  ];
}

function measureRecords(match: PlanMatch | null, added: ReadonlySet<string>): MeasureRecord[] {
  return (match?.measures ?? []).map((m) => ({ key: m.measure.key, name: m.measure.name, explanation: m.explanation, added: added.has(m.measure.key) }));
}

/** The kind a recurring duty replaces on escalation: a daily report and any other progress report are the same duty at another cadence. */
export function recurringKindOf(kind: DutyKind): DutyKind {
  return kind === DutyKind.DAILY_REPORT ? DutyKind.REPORT : kind;
}

/** A one-off duty met once stays met: it is not created again at an escalation (a recurring one goes on). */
export function alreadyDone(duty: Duty, done: readonly IncidentTask[]): boolean {
  return !duty.recurring && done.some((t) => !t.recurringEvery && t.dutyKey === duty.key && t.dutyKind === duty.kind);
}

/** Members named in the input, in the caller's tenant, active. */
async function membersByGlobalIds(ctx: Ctx, globalIds: string[], field: string): Promise<string[]> {
  const ids = globalIds.map((g, i) => idOf('Member', g, ['input', field, String(i)]));
  if (ids.length === 0) return [];
  const found = await ctx.em.find(Member, { id: { $in: ids }, status: MemberStatus.ACTIVE });
  const known = new Set(found.map((m) => m.id));
  const missing = ids.findIndex((id) => !known.has(id));
  if (missing >= 0) throw notFound('Member', ['input', field, String(missing)]);
  return ids;
}

/**
 * The work of opening an incident, inside the caller's audited step: the
 * report mutation, and a referral's receiving half (source TRANSFERRED or
 * ASSIGNED) inside the cross-tenant transaction.
 */
export async function reportWork(tx: Ctx, input: ReportIncidentInput, source: IncidentSource = IncidentSource.DIRECT): Promise<Audited<ReportResult>> {
  await validateInput(input);
  const actor = requireMember(tx);
  const now = new Date();
  const receivedAt = input.receivedAt ?? now;
  const errors: DomainError[] = [];
  if (receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) errors.push(invalid('receivedAt cannot be in the future', ['input', 'receivedAt']));
  if (input.occurredAt.getTime() > receivedAt.getTime() + CLOCK_SKEW_MS) errors.push(invalid('occurredAt cannot be after receivedAt', ['input', 'occurredAt']));
  const representatives = input.petitioners.filter((p) => p.representative).length;
  if (representatives > 5) errors.push(invalid('A group visit chooses at most 5 representatives (art. 20)', ['input', 'petitioners']));
  const confidential = isConfidentialCategory(input.category);
  if (!confidential && input.subjectMemberIds.length) {
    errors.push(new DomainError(IncidentErrorCode.CONFIDENTIAL_CATEGORY_ONLY, 'Only a report against an official (举报) names subjects', ['input', 'subjectMemberIds']));
  }
  if (!confidential && input.recusedMemberIds.length) {
    errors.push(new DomainError(IncidentErrorCode.CONFIDENTIAL_CATEGORY_ONLY, 'Recusal is recorded on reports against officials (举报)', ['input', 'recusedMemberIds']));
  }
  let interpreterLanguage: string | null = null;
  if (input.interpreterLanguage?.trim()) {
    interpreterLanguage = languageToServeIn(input.interpreterLanguage);
    if (!interpreterLanguage) errors.push(invalid('interpreterLanguage must be a BCP-47 language tag (language and script only), e.g. en, ug, zh-Hant', ['input', 'interpreterLanguage']));
  }
  if (errors.length) throw new DomainErrors(errors);
  const intakeChannel = input.intakeChannel ?? impliedIntakeChannel(input.category, input.transferredFrom?.trim());

  const context = await readReportContext(tx, idOf('Unit', input.unitId, ['input', 'unitId']), receivedAt, now);
  const unit = context.unit;
  // As unitService.getInScope: NOT_FOUND outside the caller's subtree (existence is not revealed).
  if (!unit || !unitInScope(actor, unit.path)) throw notFound('Unit', ['input', 'unitId']);
  if (unit.archivedAt) throw new DomainError(UnitErrorCode.UNIT_ARCHIVED, 'The unit is archived', ['input', 'unitId']);
  const related = input.relatedIncidentId ? await incidentAccess.get(tx, input.relatedIncidentId, ['input', 'relatedIncidentId']) : null;
  const subjects = await membersByGlobalIds(tx, input.subjectMemberIds, 'subjectMemberIds');
  const recused = (await membersByGlobalIds(tx, input.recusedMemberIds, 'recusedMemberIds')).filter((id) => !subjects.includes(id));
  if ([...subjects, ...recused].includes(actor.memberId)) {
    throw invalid('The reporting member cannot be a subject of or recused from its own report', ['input']);
  }
  const excluded = new Set([...subjects, ...recused]);

  const { snapshot, alertPeriodActive, duty, chainMembers } = context;
  const matchKeys = input.petitioners.map((p) => petitionerMatchKey(tx.services.petitionerMatchSecret, p.name, p.contact));
  // 初信初访: none of its petitioners appears on an earlier incident of the tenant (keys compared in the database;
  // counted before this incident's petitioners are persisted, and before the plan is matched: a trigger may test it).
  const firstPetition = matchKeys.length > 0 && (await tx.em.count(Petitioner, { matchKey: { $in: matchKeys } })) === 0;
  const facts: IncidentFacts = {
    category: input.category,
    levelReached: input.levelReached,
    headcount: input.headcount,
    conductFlags: [...input.conductFlags],
    topics: input.topics.map((t) => t.trim()),
    alertPeriodActive,
    riskFlags: riskFlagsOf(input.riskFlags ?? [], input.conductFlags),
    knownInAdvance: input.knownInAdvance ?? false,
    firstPetition,
    intakeChannel,
    interpreterNeeded: !!interpreterLanguage,
    policeCalled: null,
  };
  const match = snapshot ? matchPlan(snapshot, facts) : null;
  const level = match?.level ?? null;
  const measures = match?.measures ?? [];

  const receiptNumber = newReceiptNumber(receivedAt, actor.tenant.timezone);
  const accessCode = newAccessCode();
  const text = await storedIncidentText(tx, input.category, { summary: input.summary.trim(), demands: input.demands.trim() });
  const onDutyMember = duty.memberIds.find((id) => !excluded.has(id)) ?? null;
  const leaderOnCall = duty.leaderMemberIds.find((id) => !excluded.has(id)) ?? null;
  const incident = tx.em.create(Incident, {
    tenant: tenantRef(tx),
    receiptNumber,
    category: input.category,
    levelReached: input.levelReached,
    headcount: input.headcount,
    place: input.place?.trim() || null,
    occurredAt: input.occurredAt,
    receivedAt,
    summary: text.summary,
    demands: text.demands,
    conductFlags: facts.conductFlags,
    topics: facts.topics,
    riskFlags: facts.riskFlags ?? [],
    knownInAdvance: facts.knownInAdvance ?? false,
    firstPetition,
    measureKeys: measures.map((m) => m.measure.key),
    unit: ref(tx.em.getReference(Unit, [actor.tenant.id, unit.id] as never)),
    transferredFrom: input.transferredFrom?.trim() || null,
    source,
    intakeChannel,
    interpreterLanguage,
    relatedIncident: related,
    reportedBy: actorRef(tx),
    plan: snapshot ? ref(tx.em.getReference(Plan, [actor.tenant.id, snapshot.planId] as never)) : null,
    planVersion: snapshot?.version ?? null,
    levelKey: level?.key ?? null,
    levelName: level?.name ?? null,
    levelSeverity: level?.severity ?? 0,
    alertPeriodActive,
    onDutyMember: onDutyMember ? memberRef(tx, onDutyMember) : null,
    leaderOnCall: leaderOnCall ? memberRef(tx, leaderOnCall) : null,
  });
  tx.em.persist(tx.em.create(PetitionReceipt, {
    receiptNumber,
    tenant: actor.tenant.id,
    incidentId: incident.id,
    accessCodeHash: accessCodeHash(receiptNumber, accessCode),
  }));
  for (const [position, p] of input.petitioners.entries()) {
    // Name and contact are sealed at rest; the match key (above) is computed from the plain values.
    const pii = await sealPetitionerPii(tx, { name: p.name.trim(), contact: p.contact?.trim() || null });
    tx.em.persist(tx.em.create(Petitioner, {
      tenant: tenantRef(tx),
      incident,
      position,
      name: pii.name,
      contact: pii.contact,
      matchKey: matchKeys[position],
      representative: !!p.representative,
    }));
  }

  for (const id of subjects) tx.em.persist(tx.em.create(IncidentExclusion, { tenant: tenantRef(tx), incident, member: memberRef(tx, id), kind: ExclusionKind.SUBJECT }));
  for (const id of recused) tx.em.persist(tx.em.create(IncidentExclusion, { tenant: tenantRef(tx), incident, member: memberRef(tx, id), kind: ExclusionKind.RECUSED }));
  tx.em.persist(tx.em.create(IncidentLevel, {
    tenant: tenantRef(tx),
    incident,
    sequence: 1,
    kind: LevelChangeKind.INITIAL,
    plan: incident.plan ?? null,
    planVersion: snapshot?.version ?? null,
    levelKey: level?.key ?? null,
    levelName: level?.name ?? null,
    severity: level?.severity ?? 0,
    levelChanged: !!level,
    facts,
    explanation: match?.explanation ?? [],
    matchedLevelKeys: match?.matchedLevelKeys ?? [],
    measures: measureRecords(match, new Set(measures.map((m) => m.measure.key))),
    appliedBy: actorRef(tx),
    reason: null,
  }));

  const warnings: IncidentWarning[] = [];
  if (!snapshot) warnings.push(warning(IncidentWarningCode.NO_PUBLISHED_PLAN, 'No plan is published: the incident is open without a response level or duties'));
  else if (!level) warnings.push(warning(IncidentWarningCode.NO_LEVEL_MATCHED, `No response level of plan version ${snapshot.version} matches these facts`));
  if (!onDutyMember) warnings.push(warning(IncidentWarningCode.NO_ONE_ON_DUTY, 'Nobody is on duty for this unit now: the first notification goes to the assignees'));
  let tasks: IncidentTask[] = [];
  // Duties of later stages wait until the incident advances to them (advanceIncidentStage).
  const parts = dutiesUpTo(partsOf(level, measures), FIRST_INCIDENT_STAGE, !!snapshot?.staged);
  if (parts.length) {
    // Nothing falls due before anyone could act: a back-entered incident's duties run from its entry (its clocks still from receipt).
    const created = await createTasks(tx, incident, unit.path, parts, 1, snapshot!.version, receivedAt > now ? receivedAt : now, excluded, onDutyMember ? [onDutyMember] : [], chainMembers);
    tasks = created.tasks;
    tasks.forEach((t) => tx.em.persist(t));
    warnings.push(...created.warnings);
  }
  const clocks = [await openClock(tx, incident, ClockKind.ACCEPTANCE, receivedAt)];
  if (incident.transferredFrom) clocks.push(await openClock(tx, incident, ClockKind.TRANSFER_OBJECTION, receivedAt));
  clocks.forEach((c) => tx.em.persist(c));
  warnings.push(...calendarWarnings(clocks), ...shortClockWarnings(clocks, receivedAt, now, actor.tenant.timezone));
  return {
    result: { incident, receiptNumber, accessCode, warnings, tasks, clocks },
    target: { type: 'Incident', id: incident.id },
    incidentId: incident.id,
    event: IncidentEventKind.REPORTED,
  };
}

export const incidentService = {
  /**
   * Opens an incident: matches the active plan (facts include whether an alert
   * period is on), pins the plan version, turns the level's duties into tasks
   * for concrete members, starts the statutory clocks and issues the receipt.
   * Without a published plan it still opens, with a warning.
   */
  async report(ctx: Ctx, input: ReportIncidentInput): Promise<Outcome<ReportResult>> {
    return audited(ctx, 'incident.report', (tx) => reportWork(tx, input));
  },

  async acknowledge(ctx: Ctx, input: AcknowledgeIncidentInput): Promise<Outcome<Incident>> {
    return audited(ctx, 'incident.acknowledge', async (tx) => {
      await validateInput(input);
      const incident = await incidentAccess.lock(tx, idOf('Incident', input.incidentId, ['input', 'incidentId']), undefined, input.expectedVersion);
      assertTransition(incident.status, IncidentStatus.ACKNOWLEDGED);
      incident.status = IncidentStatus.ACKNOWLEDGED;
      incident.acknowledgedAt = new Date();
      incident.acknowledgedBy = actorRef(tx);
      incident.touch();
      return { result: incident, target: { type: 'Incident', id: incident.id }, incidentId: incident.id, event: IncidentEventKind.ACKNOWLEDGED, reason: input.note ?? null };
    });
  },

  /** Staff are on the scene (现场处置). */
  async startResponse(ctx: Ctx, input: StartIncidentResponseInput): Promise<Outcome<Incident>> {
    return audited(ctx, 'incident.start_response', async (tx) => {
      await validateInput(input);
      const incident = await incidentAccess.lock(tx, idOf('Incident', input.incidentId, ['input', 'incidentId']), undefined, input.expectedVersion);
      assertTransition(incident.status, IncidentStatus.RESPONDING);
      incident.status = IncidentStatus.RESPONDING;
      incident.respondingAt = new Date();
      incident.touch();
      return { result: incident, target: { type: 'Incident', id: incident.id }, incidentId: incident.id, event: IncidentEventKind.STATUS_CHANGED, reason: input.note ?? null };
    });
  },

  /**
   * 领导包案: a leader-rank member whose unit covers the incident's owns the
   * case. Only a leader assigns; the plan's OWN_CASE duties are then done.
   */
  async assignOwner(ctx: Ctx, input: AssignCaseOwnerInput): Promise<Outcome<Incident>> {
    return audited(ctx, 'incident.assign_owner', async (tx) => {
      await validateInput(input);
      const actor = requireMember(tx);
      if (!actor.leader) throw forbidden('Only a leader-rank member assigns a case owner');
      const incident = await incidentAccess.lock(tx, idOf('Incident', input.incidentId, ['input', 'incidentId']), undefined, input.expectedVersion);
      assertWritable(incident.status);
      const ownerId = idOf('Member', input.memberId, ['input', 'memberId']);
      const owner = await tx.em.findOne(Member, { id: ownerId, status: MemberStatus.ACTIVE });
      if (!owner) throw notFound('Member', ['input', 'memberId']);
      if ((await incidentAccess.excludedMembers(tx, incident.id)).has(ownerId)) throw notFound('Member', ['input', 'memberId']);
      if (!(await leaderCovering(tx, ownerId, await incidentAccess.unitPathOf(tx, incident)))) {
        throw new DomainError(IncidentErrorCode.NOT_LEADER_RANK, 'The case owner must hold a leader-rank role in a unit covering the incident', ['input', 'memberId']);
      }
      const previous = incident.caseOwner?.id ?? null;
      incident.caseOwner = memberRef(tx, ownerId);
      incident.caseOwnerAssignedAt = new Date();
      incident.touch();
      for (const task of await openTasksOf(tx, incident.id)) {
        if (task.dutyKind !== DutyKind.OWN_CASE) continue;
        task.status = TaskStatus.DONE;
        task.doneAt = incident.caseOwnerAssignedAt;
        task.doneBy = actorRef(tx);
        task.recordedBy = actorRef(tx);
        task.recordedAt = incident.caseOwnerAssignedAt;
        task.note = 'Case owner assigned';
      }
      return {
        result: incident,
        target: { type: 'Incident', id: incident.id },
        incidentId: incident.id,
        event: IncidentEventKind.OWNER_ASSIGNED,
        reason: previous && previous !== ownerId ? 'case owner replaced' : null,
      };
    });
  },

  /**
   * New facts (a higher level reached, more people, more conduct, a new risk):
   * the plan the incident is pinned to is matched again; a more severe level
   * and every newly matching measure add their duties as tasks due from now,
   * except duties already done. A measure no longer matching keeps its tasks
   * and history. Facts only grow; every match is kept.
   */
  async escalate(ctx: Ctx, input: EscalateIncidentInput): Promise<Outcome<EscalateResult>> {
    return audited(ctx, 'incident.escalate', async (tx) => {
      await validateInput(input);
      const actor = requireMember(tx);
      const incident = await incidentAccess.lock(tx, idOf('Incident', input.incidentId, ['input', 'incidentId']), undefined, input.expectedVersion);
      if (![IncidentStatus.REPORTED, IncidentStatus.ACKNOWLEDGED, IncidentStatus.RESPONDING, IncidentStatus.HANDLING].includes(incident.status)) {
        throw new DomainError(IncidentErrorCode.INVALID_TRANSITION, `An incident that is ${incident.status} cannot escalate`, ['input', 'incidentId']);
      }
      const errors: DomainError[] = [];
      const levelReached = input.levelReached ?? incident.levelReached;
      const headcount = input.headcount ?? incident.headcount;
      if (LEVEL_ORDER.indexOf(levelReached) < LEVEL_ORDER.indexOf(incident.levelReached)) {
        errors.push(new DomainError(IncidentErrorCode.FACTS_CANNOT_DECREASE, `The petition already reached ${incident.levelReached}`, ['input', 'levelReached']));
      }
      if (headcount < incident.headcount) {
        errors.push(new DomainError(IncidentErrorCode.FACTS_CANNOT_DECREASE, `${incident.headcount} people were already reported`, ['input', 'headcount']));
      }
      const headcountReached = input.headcountReached ?? incident.headcountReached ?? null;
      if (headcountReached !== null && headcountReached > headcount) {
        errors.push(new DomainError(IncidentErrorCode.HEADCOUNT_REACHED_ABOVE_TOTAL, `At most ${headcount} people can have gone on`, ['input', 'headcountReached']));
      }
      if (errors.length) throw new DomainErrors(errors);
      const conductFlags = [...new Set([...incident.conductFlags, ...input.addConductFlags])];
      const riskFlags = riskFlagsOf([...incident.riskFlags, ...(input.addRiskFlags ?? [])], conductFlags);
      if (
        levelReached === incident.levelReached && headcount === incident.headcount && headcountReached === (incident.headcountReached ?? null) &&
        conductFlags.length === incident.conductFlags.length && riskFlags.length === incident.riskFlags.length
      ) {
        throw new DomainError(IncidentErrorCode.NOTHING_TO_ESCALATE, 'No new fact: give a higher level reached, more people, new conduct or a new risk', ['input']);
      }
      const unitPath = await incidentAccess.unitPathOf(tx, incident);
      const now = new Date();
      // The pinned version decides; an incident opened without a plan takes the one published now.
      let snapshot: PlanSnapshot | null = incident.plan ? await planService.snapshot(tx, incident.plan.id) : await planService.activeSnapshot(tx);
      if (!incident.plan && snapshot) {
        incident.plan = ref(tx.em.getReference(Plan, [actor.tenant.id, snapshot.planId] as never));
        incident.planVersion = snapshot.version;
      }
      incident.levelReached = levelReached;
      incident.headcount = headcount;
      incident.headcountReached = headcountReached;
      incident.conductFlags = conductFlags;
      incident.riskFlags = riskFlags;
      const facts = factsOf(incident);
      const match = snapshot ? matchPlan(snapshot, facts) : null;
      const level = match?.level ?? null;
      const levelChanged = !!level && level.severity > incident.levelSeverity;
      const sequence = (await tx.em.count(IncidentLevel, { incident })) + 1;
      const existing = await tx.em.find(IncidentTask, { incident: { id: incident.id } }, { orderBy: { dueAt: 'asc', id: 'asc' } });
      // A measure applies once: one that matched before (its tasks exist) adds nothing now; one no longer matching keeps its tasks.
      const applied = new Set([...incident.measureKeys, ...existing.flatMap((t) => (t.measureKey ? [t.measureKey] : []))]);
      const newMeasures = (match?.measures ?? []).filter((m) => !applied.has(m.measure.key));
      const done = existing.filter((t) => t.status === TaskStatus.DONE);
      tx.em.persist(tx.em.create(IncidentLevel, {
        tenant: tenantRef(tx),
        incident,
        sequence,
        kind: LevelChangeKind.ESCALATION,
        plan: incident.plan ?? null,
        planVersion: snapshot?.version ?? null,
        levelKey: levelChanged ? level!.key : incident.levelKey ?? null,
        levelName: levelChanged ? level!.name : incident.levelName ?? null,
        severity: levelChanged ? level!.severity : incident.levelSeverity,
        levelChanged,
        facts,
        explanation: match?.explanation ?? [],
        matchedLevelKeys: match?.matchedLevelKeys ?? [],
        measures: measureRecords(match, new Set(newMeasures.map((m) => m.measure.key))),
        appliedBy: actorRef(tx),
        reason: input.reason.trim(),
      }));
      if (match) incident.measureKeys = match.measures.map((m) => m.measure.key);
      const warnings: IncidentWarning[] = [];
      let newTasks: IncidentTask[] = [];
      if (!snapshot) warnings.push(warning(IncidentWarningCode.NO_PUBLISHED_PLAN, 'No plan is published: the facts were recorded without a level'));
      if (levelChanged) {
        incident.levelKey = level!.key;
        incident.levelName = level!.name;
        incident.levelSeverity = level!.severity;
      }
      // Duties already done are not created again, whichever part brings them.
      // Only the duties owed by the current stage; later stages' come when the incident advances.
      const parts = dutiesUpTo(partsOf(levelChanged ? level : null, newMeasures), incident.stage, !!snapshot?.staged)
        .map((p) => ({ ...p, duties: p.duties.filter((d) => !alreadyDone(d, done)) }))
        .filter((p) => p.duties.length > 0);
      if (parts.length) {
        const excluded = await incidentAccess.excludedMembers(tx, incident.id);
        const onDuty = incident.onDutyMember?.id ? [incident.onDutyMember.id] : [];
        const previouslyOpen = existing.filter((t) => t.status === TaskStatus.OPEN && !t.measureKey);
        const created = await createTasks(tx, incident, unitPath, parts, sequence, snapshot!.version, now, excluded, onDuty);
        if (levelChanged) {
          // A recurring duty of the new level replaces the same kind of recurring duty of the old one (measures' tasks stay beside);
          // progress reports are one kind whatever their cadence (周报告 turns into 日报告, 日报告 into 半日报告).
          const recurringKinds = new Set(level!.duties.filter((d) => d.recurring).map((d) => recurringKindOf(d.kind)));
          const byKey = new Map(created.tasks.filter((t) => !t.measureKey).map((t) => [t.dutyKey, t]));
          for (const open of previouslyOpen) {
            if (open.recurringEvery && recurringKinds.has(recurringKindOf(open.dutyKind))) {
              open.status = TaskStatus.CANCELLED;
              open.cancelledAt = now;
              open.cancelReason = `superseded by level ${level!.key}`;
            } else if (!open.recurringEvery && byKey.has(open.dutyKey)) {
              // The same duty at the new level takes over: the old task ends SUPERSEDED (never a finding), the new one names it.
              const next = byKey.get(open.dutyKey)!;
              open.status = TaskStatus.SUPERSEDED;
              open.cancelledAt = now;
              open.cancelReason = `superseded by duty ${next.dutyKey} of level ${level!.key}`;
              next.supersedes = ref(open);
            }
          }
        }
        meetOwnCaseDuties(tx, incident, created.tasks, now);
        created.tasks.forEach((t) => tx.em.persist(t));
        newTasks = created.tasks;
        warnings.push(...created.warnings);
      }
      if (!levelChanged && snapshot) {
        const added = newMeasures.map((m) => m.measure.key);
        warnings.push(warning(IncidentWarningCode.LEVEL_UNCHANGED, added.length
          ? `The facts still match level ${incident.levelKey ?? '(none)'}; measures ${added.join(', ')} add their duties`
          : `The facts still match level ${incident.levelKey ?? '(none)'}: no new duties`));
      }
      incident.touch();
      return {
        result: { incident, levelChanged, newTasks, measuresAdded: newMeasures.map((m) => m.measure.key), warnings },
        target: { type: 'Incident', id: incident.id },
        incidentId: incident.id,
        event: IncidentEventKind.ESCALATED,
        reason: input.reason.trim(),
      };
    });
  },
};

