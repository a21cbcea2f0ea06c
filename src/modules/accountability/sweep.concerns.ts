// Prevention records (concerns) past their due date: open (missed), or closed
// after it without a finding yet (late). One finding per concern, against its
// owner and unit; the unique key on (tenant, concern) keeps a second sweep a no-op.
import { concernSql, type OverdueConcernRow } from '../concern/concern.sql.js';
import { DutyKind } from '../plan/plan.model.js';
import { FindingOutcome, ObligationSource } from './accountability.enums.js';
import { recordFinding } from './sweep.record.js';
import type { SweepBatch } from './sweep.context.js';

export async function sweepConcerns(batch: SweepBatch): Promise<boolean> {
  const rows = await batch.sql<OverdueConcernRow>(concernSql.overdueWithoutFinding, [batch.tenant.id, batch.now, batch.limit]);
  for (const c of rows) {
    const open = c.status === 'OPEN';
    await recordFinding(batch, {
      source: ObligationSource.CONCERN,
      outcome: open ? FindingOutcome.MISSED : FindingOutcome.LATE,
      incidentId: null,
      concernId: c.id,
      dutyKind: DutyKind.OTHER,
      dutyKey: 'concern',
      action: `就地化解：${c.issue}（${c.planned_resolution}）`,
      memberId: c.owner_id,
      roleId: null,
      roleKey: null,
      unitId: c.unit_id,
      unitPath: c.unit_path,
      dueAt: new Date(c.resolve_by),
      doneAt: open ? null : new Date(c.closed_at!),
      // Nobody else is told: the owner answers for it; the report and the finding list show it.
      escalate: false,
      createdLogSeq: null,
      doneLogSeq: null,
      excluded: new Set(),
      event: null,
    });
  }
  return rows.length >= batch.limit;
}
