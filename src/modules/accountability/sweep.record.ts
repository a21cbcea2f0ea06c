// Writing what the sweeper found: a finding and, when its time has come, the
// escalation to the next role up, in one log entry (an incident event when
// the obligation belongs to an incident, so duty rooms see it).
import { ref } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { Member } from '../member/member.entity.js';
import { Role } from '../role/role.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { Incident } from '../incident/incident.entity.js';
import { IncidentTask } from '../incident/task.entity.js';
import { StatutoryClock } from '../petition/clock.entity.js';
import { ClockSuspension } from '../petition/clock-suspension.entity.js';
import { AlertPeriod } from '../alert-period/alert-period.entity.js';
import { Concern } from '../concern/concern.entity.js';
import { afterDuration } from '../calendar/clock-math.model.js';
import type { DutyKind, RelativeDuration } from '../plan/plan.model.js';
import type { ClockKind } from '../petition/petition.enums.js';
import { AccountabilityFinding, FindingEscalation } from './finding.entity.js';
import { DutyOccurrence } from './occurrence.entity.js';
import { EscalationStatus, FindingOutcome, type ObligationSource } from './accountability.enums.js';
import { escalationTarget, recipientsFor } from './escalation.rules.js';
import type { SweepBatch } from './sweep.context.js';
import type { IncidentEventKind } from '../incident/incident.model.js';

export interface FindingDraft {
  source: ObligationSource;
  outcome: FindingOutcome;
  incidentId: string | null;
  taskId?: string | null;
  occurrenceId?: string | null;
  clockId?: string | null;
  suspensionId?: string | null;
  alertPeriodId?: string | null;
  concernId?: string | null;
  dutyKind: DutyKind | null;
  clockKind?: ClockKind | null;
  dutyKey: string;
  action: string;
  occurrenceNumber?: number | null;
  levelKey?: string | null;
  planVersion?: number | null;
  memberId: string | null;
  roleId: string | null;
  roleKey: string | null;
  unitId: string;
  unitPath: string;
  dueAt: Date;
  doneAt: Date | null;
  /** Whether the next role up is to be told (something is still to be chased). */
  escalate: boolean;
  /** The plan's escalation rule, when the duty has one. */
  rule?: { notifyRoleKey: string; after?: RelativeDuration | null } | null;
  createdLogSeq: number | null;
  doneLogSeq: number | null;
  /** Members kept out of the incident: never told. */
  excluded: ReadonlySet<string>;
  event: IncidentEventKind | null;
  /** Extra work in the same entry (a clock marked MISSED). */
  alsoDo?: (tx: Ctx) => Promise<void>;
}

function tenantKey<T extends object>(tx: Ctx, entity: new () => T, tenantId: string, id: string) {
  return ref(tx.em.getReference(entity as never, [tenantId, id] as never)) as never;
}

/** When the next role up is told: the due time plus the rule's extra time; never for what was done (late) already. */
async function escalateAtOf(batch: SweepBatch, draft: FindingDraft): Promise<Date | null> {
  if (!draft.escalate || draft.outcome !== FindingOutcome.MISSED) return null;
  const after = draft.rule?.after;
  if (!after || after.amount <= 0) return draft.dueAt;
  const clock = await batch.clock();
  return afterDuration(draft.dueAt, after.amount, after.unit, clock.calendar, clock.settings);
}

/** What an escalation needs to know about its finding. */
export interface EscalationInput {
  findingId: string;
  responsibleMemberId: string | null;
  responsibleRoleId: string | null;
  ruleRoleKey: string | null;
  unitPath: string;
  excluded: ReadonlySet<string>;
  stillMissed: boolean;
}

/** The escalation row for a finding: the role to tell and its members in scope. */
export async function escalationFor(batch: SweepBatch, tx: Ctx, input: EscalationInput): Promise<FindingEscalation> {
  const tenantId = batch.tenant.id;
  const base = { tenant: ref(Tenant, tenantId), finding: tenantKey(tx, AccountabilityFinding, tenantId, input.findingId), escalatedAt: batch.now };
  if (!input.stillMissed) {
    return tx.em.create(FindingEscalation, { ...base, status: EscalationStatus.NOT_NEEDED, notifyRoleKey: null, notifyRole: null, recipientIds: [], note: 'done before the escalation was due' });
  }
  const graph = await batch.graph();
  const target = escalationTarget(graph, input.ruleRoleKey, input.responsibleRoleId);
  const exclude = new Set([...input.excluded, ...(input.responsibleMemberId ? [input.responsibleMemberId] : [])]);
  const recipientIds = target.role ? recipientsFor(graph, await batch.directory(), target.role.id, input.unitPath, exclude) : [];
  return tx.em.create(FindingEscalation, {
    ...base,
    status: recipientIds.length ? EscalationStatus.NOTIFIED : EscalationStatus.NO_RECIPIENT,
    notifyRoleKey: target.roleKey,
    notifyRole: target.role ? tenantKey(tx, Role, tenantId, target.role.id) : null,
    recipientIds,
    note: recipientIds.length ? target.basis : `${target.basis}; nobody holds it for this unit`,
  });
}

/** One finding (and its escalation when due now) in one log entry. */
export async function recordFinding(batch: SweepBatch, draft: FindingDraft): Promise<void> {
  const tenantId = batch.tenant.id;
  const escalateAt = await escalateAtOf(batch, draft);
  const escalated = await batch.write('accountability.finding', async (tx) => {
    await draft.alsoDo?.(tx);
    const finding = tx.em.create(AccountabilityFinding, {
      tenant: ref(Tenant, tenantId),
      source: draft.source,
      outcome: draft.outcome,
      incident: draft.incidentId ? tenantKey(tx, Incident, tenantId, draft.incidentId) : null,
      task: draft.taskId ? tenantKey(tx, IncidentTask, tenantId, draft.taskId) : null,
      occurrence: draft.occurrenceId ? tenantKey(tx, DutyOccurrence, tenantId, draft.occurrenceId) : null,
      clock: draft.clockId ? tenantKey(tx, StatutoryClock, tenantId, draft.clockId) : null,
      suspension: draft.suspensionId ? tenantKey(tx, ClockSuspension, tenantId, draft.suspensionId) : null,
      alertPeriod: draft.alertPeriodId ? tenantKey(tx, AlertPeriod, tenantId, draft.alertPeriodId) : null,
      concern: draft.concernId ? tenantKey(tx, Concern, tenantId, draft.concernId) : null,
      dutyKind: draft.dutyKind,
      clockKind: draft.clockKind ?? null,
      dutyKey: draft.dutyKey,
      action: draft.action,
      occurrenceNumber: draft.occurrenceNumber ?? null,
      levelKey: draft.levelKey ?? null,
      planVersion: draft.planVersion ?? null,
      responsibleMember: draft.memberId ? tenantKey(tx, Member, tenantId, draft.memberId) : null,
      responsibleRole: draft.roleId ? tenantKey(tx, Role, tenantId, draft.roleId) : null,
      roleKey: draft.roleKey,
      responsibleUnit: tenantKey(tx, Unit, tenantId, draft.unitId),
      dueAt: draft.dueAt,
      doneAt: draft.doneAt,
      detectedAt: batch.now,
      escalateAt,
      createdLogSeq: draft.createdLogSeq,
      doneLogSeq: draft.doneLogSeq,
    });
    tx.em.persist(finding);
    let escalation: FindingEscalation | null = null;
    if (escalateAt && escalateAt <= batch.now) {
      escalation = await escalationFor(batch, tx, {
        findingId: finding.id,
        responsibleMemberId: draft.memberId,
        responsibleRoleId: draft.roleId,
        ruleRoleKey: draft.rule?.notifyRoleKey ?? null,
        unitPath: draft.unitPath,
        excluded: draft.excluded,
        stillMissed: true,
      });
      tx.em.persist(escalation);
    }
    return {
      result: !!escalation,
      target: { type: 'AccountabilityFinding', id: finding.id },
      incidentId: draft.incidentId,
      event: draft.event,
      reason: `${draft.source} ${draft.dutyKey} due ${draft.dueAt.toISOString()} ${draft.outcome === FindingOutcome.MISSED ? 'missed' : `done late at ${draft.doneAt?.toISOString()}`}`,
    };
  });
  batch.counts.findings += 1;
  if (escalated) batch.counts.escalations += 1;
}
