// Occurrences of recurring duties (the daily report, 有情况报情况，无情况报平安).
// A series is the run of tasks of one duty of one level match of an incident;
// occurrence k falls due `every` after occurrence k-1 (the first at the first
// task's due time), until the series ends (all clear, superseded, withdrawn).
// Each occurrence that has fallen due is recorded once, whether or not it was
// met: met when a report (DAILY, for the daily report) or a completion of the
// series falls in its window (previous due time, its due time]. After
// downtime every occurrence since the last recorded one is computed, not
// only the latest.
import { ref } from '@mikro-orm/core';
import { Tenant } from '../tenant/tenant.entity.js';
import { Member } from '../member/member.entity.js';
import { Role } from '../role/role.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { Incident } from '../incident/incident.entity.js';
import { IncidentTask } from '../incident/task.entity.js';
import { nextDue } from '../incident/duty-tasks.service.js';
import { DutyKind, type EscalationRule, type RelativeDuration } from '../plan/plan.model.js';
import { FindingOutcome, ObligationSource } from './accountability.enums.js';
import { DutyOccurrence } from './occurrence.entity.js';
import { creationSeqs } from './sweep.proof.js';
import { recordFinding } from './sweep.record.js';
import { pgUuids, type DutyTaskColumns, type SweepBatch } from './sweep.context.js';
import { IncidentEventKind } from '../incident/incident.model.js';
import { liveRecurring, seriesDue } from './sweep-due.sql.js';

/** At most this many occurrences of one series per batch (the next batch continues). */
const MAX_PER_SERIES = 400;

interface SeriesRow extends DutyTaskColumns {
  level_sequence: number;
  recurring_every: RelativeDuration;
  escalation: EscalationRule | null;
  created_at: Date;
  ended_at: Date | null;
  last_occurrence: number | null;
  last_due: Date | null;
  next_due_at: Date | null;
}

interface Due {
  k: number;
  dueAt: Date;
  windowStart: Date;
  nextDueAt: Date;
}

const seriesKey = (incidentId: string, levelSequence: number, dutyKey: string) => `${incidentId}/${levelSequence}/${dutyKey}`;

/** Series with an occurrence due by now (and before they ended), oldest due first. */
function candidates(batch: SweepBatch): Promise<SeriesRow[]> {
  return batch.sql<SeriesRow>(
    `with live as (
       select distinct on (t.incident_id, t.level_sequence, t.duty_key) t.incident_id, t.level_sequence, t.duty_key, t.status, t.cancelled_at
         from incident_task t
        where t.tenant_id = ? and ${liveRecurring('t')}
        order by t.incident_id, t.level_sequence, t.duty_key, t.occurrence desc
     )
     select f.id, f.incident_id, f.level_sequence, f.duty_key, f.duty_kind, f.action, f.role_key, f.role_id, f.assignee_id,
            coalesce(f.responsible_unit_id, i.unit_id) as unit_id, u.path as unit_path, f.level_key, f.plan_version,
            f.due_at, f.recurring_every, f.escalation, f.created_at,
            case when l.status = 'CANCELLED' then l.cancelled_at end as ended_at,
            o.occurrence as last_occurrence, o.due_at as last_due, o.next_due_at
       from live l
       join incident_task f on f.tenant_id = ? and f.incident_id = l.incident_id and f.level_sequence = l.level_sequence
                            and f.duty_key = l.duty_key and f.occurrence = 1
       join incident i on i.tenant_id = f.tenant_id and i.id = f.incident_id
       join unit u on u.tenant_id = f.tenant_id and u.id = coalesce(f.responsible_unit_id, i.unit_id)
       left join lateral (
         select o.occurrence, o.due_at, o.next_due_at from duty_occurrence o
          where o.tenant_id = f.tenant_id and o.series_task_id = f.id
          order by o.occurrence desc limit 1
       ) o on true
      where ${seriesDue('f', 'l', 'o', '?')}
      order by coalesce(o.next_due_at, f.due_at), f.id
      limit ?`,
    [batch.tenant.id, batch.tenant.id, batch.now, batch.limit],
  );
}

/** Fulfilment times per series: completions of its tasks, and DAILY reports for daily-report duties. */
async function fulfilments(batch: SweepBatch, series: SeriesRow[], upTo: Date): Promise<Map<string, Date[]>> {
  const incidentIds = pgUuids(series.map((s) => s.incident_id));
  const done = await batch.sql<{ incident_id: string; level_sequence: number; duty_key: string; done_at: Date }>(
    `select incident_id, level_sequence, duty_key, done_at from incident_task
      where tenant_id = ? and incident_id = any(?::uuid[]) and recurring_every is not null and status = 'DONE' and done_at <= ?`,
    [batch.tenant.id, incidentIds, upTo],
  );
  const reports = await batch.sql<{ incident_id: string; created_at: Date }>(
    `select incident_id, created_at from incident_report
      where tenant_id = ? and incident_id = any(?::uuid[]) and kind = 'DAILY' and created_at <= ?`,
    [batch.tenant.id, incidentIds, upTo],
  );
  const out = new Map<string, Date[]>();
  const add = (key: string, at: Date) => out.set(key, [...(out.get(key) ?? []), new Date(at)]);
  for (const d of done) add(seriesKey(d.incident_id, d.level_sequence, d.duty_key), d.done_at);
  const daily = new Map<string, Date[]>();
  for (const r of reports) daily.set(r.incident_id, [...(daily.get(r.incident_id) ?? []), new Date(r.created_at)]);
  for (const s of series) {
    if (s.duty_kind !== DutyKind.DAILY_REPORT) continue;
    for (const at of daily.get(s.incident_id) ?? []) add(seriesKey(s.incident_id, s.level_sequence, s.duty_key), at);
  }
  return out;
}

/** The occurrences of a series that fell due by now (or by its end), after those already recorded. */
async function dueOccurrences(batch: SweepBatch, s: SeriesRow, cap: number): Promise<Due[]> {
  const clock = await batch.clock();
  const end = Math.min(batch.now.getTime(), s.ended_at ? new Date(s.ended_at).getTime() : Infinity);
  let k = s.last_occurrence ?? 0;
  let windowStart = s.last_due ? new Date(s.last_due) : new Date(s.created_at);
  let due = s.next_due_at ? new Date(s.next_due_at) : new Date(s.due_at);
  const out: Due[] = [];
  while (due.getTime() <= end && out.length < Math.min(cap, MAX_PER_SERIES)) {
    k += 1;
    const next = nextDue(due, s.recurring_every, clock);
    out.push({ k, dueAt: due, windowStart, nextDueAt: next });
    windowStart = due;
    due = next;
  }
  return out;
}

/** Records the occurrences due in a batch (at most about `limit`); true when more may be waiting. */
export async function sweepRecurring(batch: SweepBatch): Promise<boolean> {
  const found = await candidates(batch);
  if (found.length === 0) return false;
  const plans: { s: SeriesRow; dues: Due[] }[] = [];
  let total = 0;
  for (const s of found) {
    if (total >= batch.limit) break;
    const dues = await dueOccurrences(batch, s, Math.max(1, batch.limit - total));
    plans.push({ s, dues });
    total += dues.length;
  }
  if (total === 0) return false;
  const series = plans.map((p) => p.s);
  const upTo = new Date(Math.max(...plans.flatMap((p) => p.dues.map((d) => d.dueAt.getTime()))));
  // One connection per transaction: the statements go one after the other.
  const met = await fulfilments(batch, series, upTo);
  const created = await creationSeqs(batch, series.map((s) => ({ incidentId: s.incident_id, type: 'IncidentTask' as const, id: s.id })));
  const exclusions = await batch.exclusions(series.map((s) => s.incident_id));
  const tenantId = batch.tenant.id;
  const missed: { s: SeriesRow; d: Due; occurrence: DutyOccurrence }[] = [];
  await batch.write('accountability.occurrences', async (tx) => {
    const key = <T extends object>(entity: new () => T, id: string) => ref(tx.em.getReference(entity as never, [tenantId, id] as never)) as never;
    for (const { s, dues } of plans) {
      const times = met.get(seriesKey(s.incident_id, s.level_sequence, s.duty_key)) ?? [];
      for (const d of dues) {
        const inWindow = times.filter((t) => t > d.windowStart && t <= d.dueAt).sort((a, b) => a.getTime() - b.getTime());
        const occurrence = tx.em.create(DutyOccurrence, {
          tenant: ref(Tenant, tenantId),
          source: ObligationSource.RECURRING_DUTY,
          seriesTask: key(IncidentTask, s.id),
          incident: key(Incident, s.incident_id),
          alertPeriod: null,
          unit: key(Unit, s.unit_id),
          member: s.assignee_id ? key(Member, s.assignee_id) : null,
          role: s.role_id ? key(Role, s.role_id) : null,
          dutyKind: s.duty_kind,
          dutyKey: s.duty_key,
          occurrence: d.k,
          dueAt: d.dueAt,
          nextDueAt: d.nextDueAt,
          fulfilledAt: inWindow[0] ?? null,
          recordedAt: batch.now,
        });
        tx.em.persist(occurrence);
        if (!inWindow.length) missed.push({ s, d, occurrence });
      }
    }
    batch.counts.occurrences += total;
    return { result: null, target: null };
  });
  for (const { s, d, occurrence } of missed) {
    await recordFinding(batch, {
      source: ObligationSource.RECURRING_DUTY,
      outcome: FindingOutcome.MISSED,
      incidentId: s.incident_id,
      occurrenceId: occurrence.id,
      dutyKind: s.duty_kind,
      dutyKey: s.duty_key,
      action: s.action,
      occurrenceNumber: d.k,
      levelKey: s.level_key,
      planVersion: s.plan_version,
      memberId: s.assignee_id,
      roleId: s.role_id,
      roleKey: s.role_key,
      unitId: s.unit_id,
      unitPath: s.unit_path,
      dueAt: d.dueAt,
      doneAt: null,
      escalate: true,
      rule: s.escalation,
      createdLogSeq: created.get(s.id) ?? null,
      doneLogSeq: null,
      excluded: exclusions.get(s.incident_id) ?? new Set(),
      event: IncidentEventKind.TASK_OVERDUE,
    });
  }
  return total >= batch.limit || found.length >= batch.limit;
}
