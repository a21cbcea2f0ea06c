// A clock suspension (中止计时) still in effect longer than the tenant's limit
// (calendar settings, 30 days by default) becomes one finding: the clock is
// not running, so nothing else would notice a wait that was never ended. The
// finding's unique key on the suspension makes a second sweep a no-op.
import { Permission } from '../../platform/permissions.js';
import { ClockKind } from '../petition/petition.enums.js';
import { CLOCK_DEFINITIONS } from '../petition/statutory-clocks.model.js';
import { FindingOutcome, ObligationSource } from './accountability.enums.js';
import { primaryRole } from './escalation.rules.js';
import { creationSeqs } from './sweep.proof.js';
import { recordFinding } from './sweep.record.js';
import type { SweepBatch } from './sweep.context.js';
import { suspensionLimitDays, suspensionTooLong } from './sweep-due.sql.js';

interface SuspensionRow {
  id: string;
  clock_id: string;
  incident_id: string;
  kind: ClockKind;
  article: string;
  limit_at: Date;
  limit_days: number;
  unit_id: string;
  unit_path: string;
  case_owner_id: string | null;
  level_key: string | null;
  plan_version: number | null;
}

export async function sweepLongSuspensions(batch: SweepBatch): Promise<boolean> {
  const rows = await batch.sql<SuspensionRow>(
    `select s.id, s.clock_id, s.incident_id, c.kind, c.article, l.days as limit_days,
            s.suspended_from + make_interval(days => l.days) as limit_at,
            i.unit_id, u.path as unit_path, i.case_owner_id, i.level_key, i.plan_version
       from clock_suspension s
       cross join (select ${suspensionLimitDays('?')} as days) l
       join statutory_clock c on c.tenant_id = s.tenant_id and c.id = s.clock_id
       join incident i on i.tenant_id = s.tenant_id and i.id = s.incident_id
       join unit u on u.tenant_id = i.tenant_id and u.id = i.unit_id
      where s.tenant_id = ? and ${suspensionTooLong('s', 'l.days', '?')}
      order by s.suspended_from, s.id
      limit ?`,
    [batch.tenant.id, batch.tenant.id, batch.now, batch.limit],
  );
  if (rows.length === 0) return false;
  const created = await creationSeqs(batch, rows.map((r) => ({ incidentId: r.incident_id, type: 'ClockSuspension' as const, id: r.id })));
  const exclusions = await batch.exclusions(rows.map((r) => r.incident_id));
  const graph = await batch.graph();
  const directory = await batch.directory();
  for (const s of rows) {
    // The case owner (领导包案) answers for the case's deadlines; without one, the unit does.
    const owner = s.case_owner_id ? directory.find((m) => m.id === s.case_owner_id) : undefined;
    const ownerRole = owner ? primaryRole(graph, owner.roleIds, Permission.INCIDENT_ACT) : null;
    await recordFinding(batch, {
      source: ObligationSource.CLOCK_SUSPENSION,
      outcome: FindingOutcome.MISSED,
      incidentId: s.incident_id,
      suspensionId: s.id,
      dutyKind: null,
      clockKind: s.kind,
      dutyKey: `${s.kind}:suspension`,
      action: `中止计时超过 ${s.limit_days} 日未恢复计时（${CLOCK_DEFINITIONS[s.kind].title}，${s.article}）`,
      levelKey: s.level_key,
      planVersion: s.plan_version,
      memberId: s.case_owner_id,
      roleId: ownerRole?.id ?? null,
      roleKey: ownerRole ? ownerRole.key ?? ownerRole.id : null,
      unitId: s.unit_id,
      unitPath: s.unit_path,
      dueAt: new Date(s.limit_at),
      doneAt: null,
      escalate: true,
      rule: null,
      createdLogSeq: created.get(s.id) ?? null,
      doneLogSeq: null,
      excluded: exclusions.get(s.incident_id) ?? new Set(),
      event: null,
    });
  }
  return rows.length >= batch.limit;
}
