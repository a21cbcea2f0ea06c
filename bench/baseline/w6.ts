// Baseline W6: assessmentFigures by month over a year, written by hand: one
// statement with grouping sets over the period's incidents (the same facts
// and definitions as src/modules/assessment), the seat's subtree as scope.
import type pg from 'pg';
import type { BaselineActor } from './auth.js';

const FIGURES_SQL = `
with f as (
  select to_char(i.received_at at time zone (select timezone from tenant where id = $1), 'YYYY-MM') as month, acc.due_at as acc_due, acc.met_at as acc_met, acc.state as acc_state,
         rep.due_at as rep_due, rep.met_at as rep_met, rep.state as rep_state,
         (rep.met_at is not null or i.decision in ('REFUSED', 'NOT_OURS')) as answered,
         coalesce(r.reply_rated, false) as reply_rated, coalesce(r.ratings, 0) as ratings, coalesce(r.satisfied, 0) as satisfied
    from incident i
    join unit u on u.tenant_id = i.tenant_id and u.id = i.unit_id
    left join statutory_clock acc on acc.tenant_id = i.tenant_id and acc.incident_id = i.id and acc.kind = 'ACCEPTANCE'
    left join statutory_clock rep on rep.tenant_id = i.tenant_id and rep.incident_id = i.id and rep.kind = 'REPLY'
    left join lateral (
      select bool_or(sr.stage = 'REPLY') as reply_rated, count(*) as ratings,
             count(*) filter (where sr.rating in ('SATISFIED', 'BASICALLY_SATISFIED')) as satisfied
        from satisfaction_rating sr where sr.tenant_id = i.tenant_id and sr.incident_id = i.id) r on true
   where i.tenant_id = $1 and i.received_at >= $2 and i.received_at < $3
     and (u.path like $5 or exists (select 1 from incident_task t where t.tenant_id = i.tenant_id and t.incident_id = i.id and t.assignee_id = $6))
     and not exists (select 1 from incident_exclusion x where x.tenant_id = i.tenant_id and x.incident_id = i.id and x.member_id = $6)
)
select month, grouping(month) as total,
       count(*) as incidents,
       count(*) filter (where acc_due is not null and acc_state <> 'CANCELLED' and (acc_met is not null or acc_due <= $4)) as acc_den,
       count(*) filter (where acc_due is not null and acc_state <> 'CANCELLED' and acc_met <= acc_due) as acc_num,
       count(*) filter (where rep_due is not null and rep_state <> 'CANCELLED' and (rep_met is not null or rep_due <= $4)) as rep_den,
       count(*) filter (where rep_due is not null and rep_state <> 'CANCELLED' and rep_met <= rep_due) as rep_num,
       count(*) filter (where answered) as part_den,
       count(*) filter (where answered and reply_rated) as part_num,
       coalesce(sum(ratings), 0) as sat_den, coalesce(sum(satisfied), 0) as sat_num
  from f group by grouping sets ((month), ()) order by grouping(month) desc, month`;

type Row = Record<'incidents' | 'acc_den' | 'acc_num' | 'rep_den' | 'rep_num' | 'part_den' | 'part_num' | 'sat_den' | 'sat_num', string> & { month: string | null; total: number };

const figure = (n: string, d: string) => ({ numerator: Number(n), denominator: Number(d), rate: Number(d) ? Number(n) / Number(d) : null });
const figures = (r: Row | undefined) => ({
  incidents: Number(r?.incidents ?? 0),
  timelyAcceptance: figure(r?.acc_num ?? '0', r?.acc_den ?? '0'),
  onTimeClosing: figure(r?.rep_num ?? '0', r?.rep_den ?? '0'),
  satisfaction: figure(r?.sat_num ?? '0', r?.sat_den ?? '0'),
  participation: figure(r?.part_num ?? '0', r?.part_den ?? '0'),
});

export async function assessmentFigures(client: pg.PoolClient, actor: BaselineActor, from: string, to: string) {
  const { rows } = await client.query<Row>(FIGURES_SQL, [actor.tenantId, from, to, new Date(), `${actor.unitPath}%`, actor.memberId]);
  const months = rows.filter((r) => r.total === 0);
  return {
    assessmentFigures: {
      from, to, groupBy: 'MONTH',
      totals: figures(rows.find((r) => r.total === 1)),
      groups: months.map((r) => ({ key: r.month, label: r.month, figures: figures(r) })),
    },
  };
}
