// Escalations whose rule gives extra time after the due time (`after`): told
// when that time has come and the obligation is still not met; recorded as
// not needed when it was met in the meantime. Either way once per finding.
import { TaskStatus } from '../incident/incident.enums.js';
import { ClockState, SuspensionState } from '../petition/petition.enums.js';
import { ClockSuspension } from '../petition/clock-suspension.entity.js';
import { IncidentTask } from '../incident/task.entity.js';
import { StatutoryClock } from '../petition/clock.entity.js';
import { AlertPeriodReport } from '../alert-period/alert-period.entity.js';
import { AccountabilityFinding } from './finding.entity.js';
import { ObligationSource } from './accountability.enums.js';
import { escalationFor } from './sweep.record.js';
import { pgUuids, type SweepBatch } from './sweep.context.js';
import { escalationDue } from './sweep-due.sql.js';

async function stillMissed(batch: SweepBatch, f: AccountabilityFinding): Promise<boolean> {
  switch (f.source) {
    case ObligationSource.TASK:
      return (await batch.em.findOneOrFail(IncidentTask, { id: f.task!.id }, { refresh: true })).status === TaskStatus.OPEN;
    case ObligationSource.STATUTORY_CLOCK:
      return (await batch.em.findOneOrFail(StatutoryClock, { id: f.clock!.id }, { refresh: true })).state === ClockState.MISSED;
    case ObligationSource.CLOCK_SUSPENSION:
      return (await batch.em.findOneOrFail(ClockSuspension, { id: f.suspension!.id }, { refresh: true })).state === SuspensionState.ACTIVE;
    case ObligationSource.ALERT_PERIOD_REPORT:
      return !(await batch.em.findOne(AlertPeriodReport, { period: { id: f.alertPeriod!.id }, unit: { id: f.responsibleUnit.id }, dueAt: f.dueAt }));
    default:
      // A missed occurrence stays missed: a later report belongs to a later occurrence.
      return true;
  }
}

export async function sweepDelayedEscalations(batch: SweepBatch): Promise<boolean> {
  const rows = await batch.sql<{ id: string; path: string }>(
    `select f.id, u.path from accountability_finding f
       join unit u on u.tenant_id = f.tenant_id and u.id = f.responsible_unit_id
      where f.tenant_id = ? and ${escalationDue('f', '?')}
      order by f.escalate_at, f.id
      limit ?`,
    [batch.tenant.id, batch.now, batch.limit],
  );
  if (rows.length === 0) return false;
  const findings = await batch.em.find(AccountabilityFinding, { id: { $in: rows.map((r) => r.id) } });
  const exclusions = await batch.exclusions(findings.flatMap((f) => (f.incident ? [f.incident.id] : [])));
  const pathOf = new Map(rows.map((r) => [r.id, r.path]));
  const rules = await batch.sql<{ id: string; rule_role: string | null }>(
    `select f.id, coalesce(t.escalation, s.escalation)->>'notifyRoleKey' as rule_role
       from accountability_finding f
       left join incident_task t on t.tenant_id = f.tenant_id and t.id = f.task_id
       left join duty_occurrence o on o.tenant_id = f.tenant_id and o.id = f.occurrence_id
       left join incident_task s on s.tenant_id = o.tenant_id and s.id = o.series_task_id
      where f.tenant_id = ? and f.id = any(?::uuid[])`,
    [batch.tenant.id, pgUuids(rows.map((r) => r.id))],
  );
  const ruleOf = new Map(rules.map((r) => [r.id, r.rule_role]));
  for (const finding of findings) {
    const missed = await stillMissed(batch, finding);
    const notified = await batch.write('accountability.escalate', async (tx) => {
      const escalation = await escalationFor(batch, tx, {
        findingId: finding.id,
        responsibleMemberId: finding.responsibleMember?.id ?? null,
        responsibleRoleId: finding.responsibleRole?.id ?? null,
        ruleRoleKey: ruleOf.get(finding.id) ?? null,
        unitPath: pathOf.get(finding.id)!,
        excluded: finding.incident ? exclusions.get(finding.incident.id) ?? new Set() : new Set(),
        stillMissed: missed,
      });
      tx.em.persist(escalation);
      return { result: missed, target: { type: 'AccountabilityFinding', id: finding.id }, incidentId: finding.incident?.id ?? null };
    });
    if (notified) batch.counts.escalations += 1;
  }
  return rows.length >= batch.limit;
}
