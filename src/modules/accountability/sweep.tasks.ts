// One-off tasks past their due time: open (missed), or done or cancelled after
// it without a finding yet (seen late, e.g. after the process was down).
// Recurring tasks are counted per occurrence (sweep.recurring.ts). A task is
// answered for by whoever held it at its due time: a due time that passed
// before a hand-over (lapsed_*) names the earlier holder; the new holder's
// due time runs from the hand-over, so it is never before assignment plus
// the duty's time.
import type { EscalationRule } from '../plan/plan.model.js';
import { TaskStatus } from '../incident/incident.enums.js';
import { FindingOutcome, ObligationSource } from './accountability.enums.js';
import { completionSeqs, creationSeqs } from './sweep.proof.js';
import { recordFinding } from './sweep.record.js';
import type { DutyTaskColumns, SweepBatch } from './sweep.context.js';
import { IncidentEventKind } from '../incident/incident.model.js';
import { taskDue } from './sweep-due.sql.js';

interface TaskRow extends DutyTaskColumns {
  lapsed: boolean;
  status: TaskStatus;
  done_at: Date | null;
  escalation: EscalationRule | null;
}

/** Records findings for a batch of tasks; true when more may be waiting. */
export async function sweepTasks(batch: SweepBatch): Promise<boolean> {
  const rows = await batch.sql<TaskRow>(
    `select t.id, t.incident_id, t.duty_key, t.duty_kind, t.action, t.role_key, t.role_id,
            case when t.lapsed_due_at is null then t.assignee_id else t.lapsed_assignee_id end as assignee_id,
            coalesce(case when t.lapsed_due_at is null then t.responsible_unit_id else t.lapsed_unit_id end, i.unit_id) as unit_id,
            u.path as unit_path, t.level_key, t.plan_version,
            coalesce(t.lapsed_due_at, t.due_at) as due_at, t.lapsed_due_at is not null as lapsed, t.status, t.done_at, t.escalation
       from incident_task t
       join incident i on i.tenant_id = t.tenant_id and i.id = t.incident_id
       join unit u on u.tenant_id = t.tenant_id
        and u.id = coalesce(case when t.lapsed_due_at is null then t.responsible_unit_id else t.lapsed_unit_id end, i.unit_id)
      where t.tenant_id = ? and ${taskDue('t', '?')}
      order by coalesce(t.lapsed_due_at, t.due_at), t.id
      limit ?`,
    [batch.tenant.id, batch.now, batch.limit],
  );
  if (rows.length === 0) return false;
  const keys = rows.map((r) => ({ incidentId: r.incident_id, type: 'IncidentTask' as const, id: r.id }));
  const created = await creationSeqs(batch, keys);
  const completed = await completionSeqs(batch, keys.filter((_, i) => rows[i]!.status === TaskStatus.DONE));
  const exclusions = await batch.exclusions(rows.map((r) => r.incident_id));
  for (const t of rows) {
    // A lapsed due time: the earlier holder did not do it before handing it on.
    const done = !t.lapsed && t.status === TaskStatus.DONE ? new Date(t.done_at!) : null;
    const open = !t.lapsed && t.status === TaskStatus.OPEN;
    await recordFinding(batch, {
      source: ObligationSource.TASK,
      outcome: done ? FindingOutcome.LATE : FindingOutcome.MISSED,
      incidentId: t.incident_id,
      taskId: t.id,
      dutyKind: t.duty_kind,
      dutyKey: t.duty_key,
      action: t.action,
      levelKey: t.level_key,
      planVersion: t.plan_version,
      memberId: t.assignee_id,
      roleId: t.role_id,
      roleKey: t.role_key,
      unitId: t.unit_id,
      unitPath: t.unit_path,
      dueAt: new Date(t.due_at),
      doneAt: done,
      // A task cancelled after its due time was missed, but there is nothing left to chase.
      escalate: open,
      rule: t.escalation,
      createdLogSeq: created.get(t.id) ?? null,
      doneLogSeq: done ? completed.get(t.id) ?? null : null,
      excluded: exclusions.get(t.incident_id) ?? new Set(),
      event: open ? IncidentEventKind.TASK_OVERDUE : null,
    });
  }
  return rows.length >= batch.limit;
}
