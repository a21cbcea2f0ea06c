// When each sweep step has something to do, written once: each step's
// statement filters with its condition here (for one tenant), and the agenda
// (sweep-agenda.ts) unions the same conditions over every tenant. `now` and
// `soon` are SQL expressions (a placeholder in a step, a column of the
// agenda's parameters). Row-local only: no joins beyond the correlated
// `not exists` each condition names.
import { concernSql } from '../concern/concern.sql.js';
import { supervisionSql } from '../referral/supervision.sql.js';

export interface DueProbe {
  /** The SWEEP_STEPS name. */
  step: string;
  /** The table and alias the condition reads. */
  from: string;
  alias: string;
  where: (alias: string, now: string, soon: string) => string;
}

/** A one-off task past its due time not yet found (missed, or done/cancelled after it, or handed over after it). */
export const taskDue = (t: string, now: string) =>
  `${t}.recurring_every is null and coalesce(${t}.lapsed_due_at, ${t}.due_at) < ${now}
        and (${t}.lapsed_due_at is not null or ${t}.status = 'OPEN' or (${t}.status = 'DONE' and ${t}.done_at > ${t}.due_at) or (${t}.status = 'CANCELLED' and ${t}.cancelled_at > ${t}.due_at))
        and (${t}.assigned_at is null or ${t}.lapsed_due_at is not null or ${t}.due_at > ${t}.assigned_at)
        and not exists (select 1 from accountability_finding f where f.tenant_id = ${t}.tenant_id and f.task_id = ${t}.id)`;

/** The latest task of a live or ended recurring series (the alias `l` of the step). */
export const liveRecurring = (t: string) => `${t}.recurring_every is not null and ${t}.status in ('OPEN', 'CANCELLED')`;

/** A series (first task `f`, latest `l`, last occurrence `o`) whose next occurrence fell due before now and its end. */
export const seriesDue = (f: string, l: string, o: string, now: string) =>
  `coalesce(${o}.next_due_at, ${f}.due_at) <= least(${now}::timestamptz, case when ${l}.status = 'CANCELLED' then ${l}.cancelled_at else 'infinity'::timestamptz end)`;

/** An institution's clock past due without a finding, not under a suspension in effect. */
export const clockMissed = (c: string, now: string) =>
  `${c}.party = 'INSTITUTION' and ${c}.due_at < ${now}
        and (${c}.state in ('OPEN', 'EXTENDED', 'MISSED') or (${c}.state = 'MET' and ${c}.met_at > ${c}.due_at))
        and not exists (select 1 from accountability_finding f where f.tenant_id = ${c}.tenant_id and f.clock_id = ${c}.id)
        and not exists (select 1 from clock_suspension s where s.tenant_id = ${c}.tenant_id and s.clock_id = ${c}.id and s.state = 'ACTIVE')`;

/** A running clock due within the warning window, not yet warned of for this due time. */
export const clockDueSoon = (c: string, now: string, soon: string) =>
  `${c}.party = 'INSTITUTION' and ${c}.state in ('OPEN', 'EXTENDED') and ${c}.due_at > ${now} and ${c}.due_at <= ${soon}
        and not exists (select 1 from clock_notice n where n.tenant_id = ${c}.tenant_id and n.clock_id = ${c}.id and n.kind = 'DUE_SOON' and n.due_at = ${c}.due_at)`;

/** The tenant's suspension limit in days (calendar settings, 30 by default). */
export const suspensionLimitDays = (tenant: string) =>
  `coalesce((select suspension_limit_days from calendar_settings where tenant_id = ${tenant}), 30)`;

/** A suspension in effect longer than `days` on a clock still owed, without a finding. */
export const suspensionTooLong = (s: string, days: string, now: string) =>
  `${s}.state = 'ACTIVE' and ${s}.suspended_from + make_interval(days => ${days}) < ${now}
        and exists (select 1 from statutory_clock c where c.tenant_id = ${s}.tenant_id and c.id = ${s}.clock_id and c.state in ('OPEN', 'EXTENDED', 'MISSED'))
        and not exists (select 1 from accountability_finding f where f.tenant_id = ${s}.tenant_id and f.suspension_id = ${s}.id)`;

/** A finding whose delayed escalation time has come and that was not escalated yet. */
export const escalationDue = (f: string, now: string) =>
  `${f}.escalate_at <= ${now}
        and not exists (select 1 from finding_escalation e where e.tenant_id = ${f}.tenant_id and e.finding_id = ${f}.id)`;

/** An alert period begun whose last recorded report time is before its end (the step computes the due times). */
export const alertPeriodOpen = (p: string, now: string) =>
  `${p}.starts_at <= ${now}
        and not exists (select 1 from duty_occurrence o where o.tenant_id = ${p}.tenant_id and o.alert_period_id = ${p}.id and o.due_at >= ${p}.ends_at)`;

/** Every step's condition, in SWEEP_STEPS order (sweeper.ts checks that they match). */
export const DUE_PROBES: readonly DueProbe[] = [
  {
    step: 'recurring',
    from: 'incident_task',
    alias: 'l',
    // The latest task of a series (no later occurrence) whose series has an occurrence due.
    where: (l, now) =>
      `${liveRecurring(l)}
        and not exists (select 1 from incident_task n where n.tenant_id = ${l}.tenant_id and n.incident_id = ${l}.incident_id and n.level_sequence = ${l}.level_sequence
                           and n.duty_key = ${l}.duty_key and n.occurrence > ${l}.occurrence and n.status in ('OPEN', 'CANCELLED'))
        and exists (select 1 from incident_task f
                      left join lateral (select o.next_due_at from duty_occurrence o where o.tenant_id = f.tenant_id and o.series_task_id = f.id order by o.occurrence desc limit 1) o on true
                     where f.tenant_id = ${l}.tenant_id and f.incident_id = ${l}.incident_id and f.level_sequence = ${l}.level_sequence
                       and f.duty_key = ${l}.duty_key and f.occurrence = 1 and ${seriesDue('f', l, 'o', now)})`,
  },
  { step: 'alert-periods', from: 'alert_period', alias: 'p', where: alertPeriodOpen },
  { step: 'tasks', from: 'incident_task', alias: 't', where: taskDue },
  { step: 'missed-clocks', from: 'statutory_clock', alias: 'c', where: clockMissed },
  { step: 'clocks-due-soon', from: 'statutory_clock', alias: 'c', where: clockDueSoon },
  { step: 'long-suspensions', from: 'clock_suspension', alias: 's', where: (s, now) => suspensionTooLong(s, suspensionLimitDays(`${s}.tenant_id`), now) },
  { step: 'concerns', from: 'concern', alias: 'c', where: (c, now) => concernSql.overdueWithoutFindingWhere(c, now) },
  { step: 'delayed-escalations', from: 'accountability_finding', alias: 'f', where: escalationDue },
  { step: 'supervision-escalations', from: 'referral', alias: 'r', where: (r, now) => supervisionSql.escalationDueWhere(r, now) },
];
