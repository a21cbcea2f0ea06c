// Baseline W2: the accountability report's totals, per source and per unit
// (first 20, tree order) over one CTE of the period's obligations, one statement.
import type pg from 'pg';
import type { BaselineActor } from './auth.js';

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');

const REPORT_SQL = `
with ob as materialized (
  select 'TASK' as source, coalesce(t.responsible_unit_id, i.unit_id) as unit_id, t.due_at, case when t.status = 'DONE' then t.done_at end as done_at
    from incident_task t join incident i on i.tenant_id = t.tenant_id and i.id = t.incident_id
   where t.tenant_id = $1 and t.recurring_every is null and t.due_at >= $2 and t.due_at < $3 and (t.due_at <= $4 or t.status = 'DONE')
     and not (t.status = 'CANCELLED' and t.cancelled_at <= t.due_at)
     and not exists (select 1 from incident_exclusion x where x.tenant_id = t.tenant_id and x.incident_id = t.incident_id and x.member_id = $5)
  union all
  select o.source, o.unit_id, o.due_at, coalesce(r.created_at, o.fulfilled_at)
    from duty_occurrence o
    left join alert_period_report r on r.tenant_id = o.tenant_id and r.period_id = o.alert_period_id and r.unit_id = o.unit_id and r.due_at = o.due_at
   where o.tenant_id = $1 and o.due_at >= $2 and o.due_at < $3 and o.due_at <= $4
     and (o.incident_id is null or not exists (select 1 from incident_exclusion x where x.tenant_id = o.tenant_id and x.incident_id = o.incident_id and x.member_id = $5))
  union all
  select 'STATUTORY_CLOCK', i.unit_id, c.due_at, c.met_at
    from statutory_clock c join incident i on i.tenant_id = c.tenant_id and i.id = c.incident_id
   where c.tenant_id = $1 and c.party = 'INSTITUTION' and c.state <> 'CANCELLED' and c.due_at >= $2 and c.due_at < $3 and (c.due_at <= $4 or c.state = 'MET')
     and not exists (select 1 from incident_exclusion x where x.tenant_id = c.tenant_id and x.incident_id = c.incident_id and x.member_id = $5)
), scoped as (
  select ob.*, u.path, u.name, u.id as uid from ob join unit u on u.tenant_id = $1 and u.id = ob.unit_id where u.path like $6
)
select 'total' as kind, null as key, null as name, count(*) as due, count(*) filter (where done_at <= due_at) as on_time,
       count(*) filter (where done_at > due_at) as late, count(*) filter (where done_at is null) as missed from scoped
union all
select 'source', source, null, count(*), count(*) filter (where done_at <= due_at), count(*) filter (where done_at > due_at), count(*) filter (where done_at is null)
  from scoped group by source
union all
(select 'unit', uid::text, min(name), count(*), count(*) filter (where done_at <= due_at), count(*) filter (where done_at > due_at), count(*) filter (where done_at is null)
  from scoped group by uid, path order by path limit 21)`;

const SOURCES = ['TASK', 'RECURRING_DUTY', 'ALERT_PERIOD_REPORT', 'STATUTORY_CLOCK'];

function counts(r: { due: string; on_time: string; late: string; missed: string } | undefined) {
  const due = Number(r?.due ?? 0), onTime = Number(r?.on_time ?? 0), late = Number(r?.late ?? 0), missed = Number(r?.missed ?? 0);
  const rate = (n: number) => (due ? Math.round((n / due) * 10_000) / 10_000 : null);
  return { due, onTime, late, missed, onTimeRate: rate(onTime), missedRate: rate(missed) };
}

export async function accountabilityReport(client: pg.PoolClient, actor: BaselineActor, from: string, to: string) {
  const { rows } = await client.query(REPORT_SQL, [actor.tenantId, from, to, new Date(), actor.memberId, `${actor.unitPath}%`]);
  const bySource = new Map(rows.filter((r) => r.kind === 'source').map((r) => [r.key, r]));
  const units = rows.filter((r) => r.kind === 'unit');
  return {
    accountabilityReport: {
      totals: counts(rows.find((r) => r.kind === 'total')),
      bySource: SOURCES.map((source) => ({ source, counts: counts(bySource.get(source)) })),
      units: {
        edges: units.slice(0, 20).map((r) => ({ node: { unit: { id: gid('Unit', r.key), name: r.name }, counts: counts(r) } })),
        pageInfo: { hasNextPage: units.length > 20 },
      },
    },
  };
}
