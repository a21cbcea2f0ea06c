// Reports due under alert periods' reporting rules (重大活动期间: e.g. a daily
// report from each unit of the period's subtree for the whole window, zero
// reports included). Every (unit, due time) that has passed is recorded once;
// a unit that filed nothing for it is a missed report, one that filed after
// the due time (before the sweeper saw it) a late one.
import { ref } from '@mikro-orm/core';
import { Permission } from '../../platform/permissions.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { Member } from '../member/member.entity.js';
import { Role } from '../role/role.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { AlertPeriod, type ReportingRule } from '../alert-period/alert-period.entity.js';
import { owesAt, reportDueTimes } from '../alert-period/alert-period-schedule.model.js';
import { DutyKind } from '../plan/plan.model.js';
import { FindingOutcome, ObligationSource } from './accountability.enums.js';
import { DutyOccurrence } from './occurrence.entity.js';
import { unitHead } from './escalation.rules.js';
import { targetSeqs } from './sweep.proof.js';
import { recordFinding } from './sweep.record.js';
import type { SweepBatch } from './sweep.context.js';
import { alertPeriodOpen } from './sweep-due.sql.js';

export const ALERT_REPORT_DUTY_KEY = 'alert-period-report';

interface PeriodRow {
  id: string;
  name: string;
  unit_id: string;
  unit_path: string;
  declared_at: Date;
  starts_at: Date;
  ends_at: Date;
  reporting_rule: ReportingRule;
  last_due: Date | null;
  last_occurrence: number | null;
}

interface UnitRow {
  id: string;
  path: string;
  depth: number;
  created_at: Date;
  archived_at: Date | null;
}

/** Daily cadence → the daily report; anything else → a report. */
function dutyKindAt(rule: ReportingRule, due: Date): DutyKind {
  const phase = [...rule.phases].sort((a, b) => Date.parse(a.from) - Date.parse(b.from)).filter((p) => Date.parse(p.from) <= due.getTime()).pop() ?? rule.phases[0];
  return phase && phase.every.unit === 'DAYS' && phase.every.amount === 1 ? DutyKind.DAILY_REPORT : DutyKind.REPORT;
}

function actionOf(period: PeriodRow): string {
  const rule = period.reporting_rule;
  const what = rule.zeroReportsRequired ? '按时报送（有情况报情况，无情况报平安）' : '有情况按时报送';
  return `${period.name}：${rule.description?.trim() || what}`;
}

export async function sweepAlertPeriods(batch: SweepBatch): Promise<boolean> {
  const tenantId = batch.tenant.id;
  const periods = await batch.sql<PeriodRow>(
    `select p.id, p.name, p.unit_id, u.path as unit_path, p.created_at as declared_at, p.starts_at, p.ends_at, p.reporting_rule, o.last_due, o.last_occurrence
       from alert_period p
       join unit u on u.tenant_id = p.tenant_id and u.id = p.unit_id
       left join lateral (
         select max(o.due_at) as last_due, max(o.occurrence) as last_occurrence from duty_occurrence o
          where o.tenant_id = p.tenant_id and o.alert_period_id = p.id
       ) o on true
      where p.tenant_id = ? and ${alertPeriodOpen('p', '?')}
      order by p.starts_at, p.id`,
    [tenantId, batch.now],
  );
  let budget = batch.limit;
  let more = false;
  for (const period of periods) {
    if (budget <= 0) return true;
    const from = period.last_due ? new Date(new Date(period.last_due).getTime() + 1) : new Date(period.starts_at);
    const to = new Date(Math.min(batch.now.getTime(), new Date(period.ends_at).getTime()) + 1);
    if (to <= from) continue;
    const dues = reportDueTimes(period.reporting_rule, { startsAt: new Date(period.starts_at), endsAt: new Date(period.ends_at) }, batch.tenant.timezone, from, to);
    if (dues.length === 0) continue;
    const units = period.reporting_rule.perUnit
      ? await batch.sql<UnitRow>('select id, path, depth, created_at, archived_at from unit where tenant_id = ? and path like ? and depth > 0 order by path', [tenantId, `${period.unit_path}%`])
      : await batch.sql<UnitRow>('select id, path, depth, created_at, archived_at from unit where tenant_id = ? and id = ?', [tenantId, period.unit_id]);
    // A unit owes the reports that fell due while it existed, from one interval after it could know of them;
    // under a per-unit rule the root unit receives the reports and owes none to itself.
    const declaredAt = new Date(period.declared_at);
    const owing = (due: Date) =>
      units.filter((u) => owesAt(period.reporting_rule, due, declaredAt, new Date(u.created_at)) && (!u.archived_at || new Date(u.archived_at) > due));
    const taken: { due: Date; k: number; units: UnitRow[] }[] = [];
    for (const [i, due] of dues.entries()) {
      const list = owing(due);
      if (taken.length && list.length > budget) {
        more = true;
        break;
      }
      taken.push({ due, k: (period.last_occurrence ?? 0) + i + 1, units: list });
      budget -= Math.max(1, list.length);
    }
    await recordPeriod(batch, period, taken);
  }
  return more;
}

async function recordPeriod(batch: SweepBatch, period: PeriodRow, taken: { due: Date; k: number; units: UnitRow[] }[]): Promise<void> {
  const tenantId = batch.tenant.id;
  // No unit owes these reports (none could know of them yet): nothing to record, and no empty log entry every sweep.
  if (taken.every((t) => t.units.length === 0)) return;
  const reports = await batch.sql<{ id: string; unit_id: string; due_at: Date; created_at: Date }>(
    `select id, unit_id, due_at, created_at from alert_period_report where tenant_id = ? and period_id = ? and due_at = any(?::timestamptz[]) and supersedes_id is null`,
    [tenantId, period.id, `{${taken.map((t) => t.due.toISOString()).join(',')}}`],
  );
  // The report first filed decides whether the due time was met (a correction does not make it late).
  const filed = new Map(reports.map((r) => [`${r.unit_id}/${new Date(r.due_at).toISOString()}`, r]));
  const graph = await batch.graph();
  const directory = await batch.directory();
  const heads = new Map<string, ReturnType<typeof unitHead>>();
  const headOf = (unitId: string) => {
    if (!heads.has(unitId)) heads.set(unitId, unitHead(graph, directory, unitId, Permission.INCIDENT_REPORT));
    return heads.get(unitId)!;
  };
  const findings: { occurrence: DutyOccurrence; unit: UnitRow; due: Date; k: number; report: (typeof reports)[number] | undefined }[] = [];
  await batch.write('accountability.occurrences', async (tx) => {
    const key = <T extends object>(entity: new () => T, id: string) => ref(tx.em.getReference(entity as never, [tenantId, id] as never)) as never;
    for (const { due, k, units } of taken) {
      for (const unit of units) {
        const report = filed.get(`${unit.id}/${due.toISOString()}`);
        const head = headOf(unit.id);
        const occurrence = tx.em.create(DutyOccurrence, {
          tenant: ref(Tenant, tenantId),
          source: ObligationSource.ALERT_PERIOD_REPORT,
          seriesTask: null,
          incident: null,
          alertPeriod: key(AlertPeriod, period.id),
          unit: key(Unit, unit.id),
          member: head ? key(Member, head.member.id) : null,
          role: head ? key(Role, head.role.id) : null,
          dutyKind: dutyKindAt(period.reporting_rule, due),
          dutyKey: ALERT_REPORT_DUTY_KEY,
          occurrence: k,
          dueAt: due,
          nextDueAt: null,
          fulfilledAt: report ? new Date(report.created_at) : null,
          recordedAt: batch.now,
        });
        tx.em.persist(occurrence);
        if (!report || new Date(report.created_at) > due) findings.push({ occurrence, unit, due, k, report });
      }
    }
    batch.counts.occurrences += taken.reduce((n, t) => n + t.units.length, 0);
    return { result: null, target: { type: 'AlertPeriod', id: period.id } };
  });
  if (findings.length === 0) return;
  const declared = await targetSeqs(batch, 'AlertPeriod', 'alert_period.declare', [period.id]);
  const reported = await targetSeqs(batch, 'AlertPeriodReport', 'alert_period.report', findings.flatMap((f) => (f.report ? [f.report.id] : [])));
  for (const f of findings) {
    const head = headOf(f.unit.id);
    await recordFinding(batch, {
      source: ObligationSource.ALERT_PERIOD_REPORT,
      outcome: f.report ? FindingOutcome.LATE : FindingOutcome.MISSED,
      incidentId: null,
      occurrenceId: f.occurrence.id,
      alertPeriodId: period.id,
      dutyKind: f.occurrence.dutyKind,
      dutyKey: ALERT_REPORT_DUTY_KEY,
      action: actionOf(period),
      occurrenceNumber: f.k,
      memberId: head?.member.id ?? null,
      roleId: head?.role.id ?? null,
      roleKey: head ? head.role.key ?? head.role.id : null,
      unitId: f.unit.id,
      unitPath: f.unit.path,
      dueAt: f.due,
      doneAt: f.report ? new Date(f.report.created_at) : null,
      escalate: !f.report,
      rule: null,
      createdLogSeq: declared.get(period.id) ?? null,
      doneLogSeq: f.report ? reported.get(f.report.id) ?? null : null,
      excluded: new Set(),
      event: null,
    });
  }
}
