// The accountability report: obligations due in a period (by now, or already
// done) and how they went, per unit and per member, aggregated in SQL (a year
// of a large tenant never travels to the process). Obligations: one-off tasks (their
// live status), occurrences of recurring duties and alert-period reports (as
// the sweeper recorded them; a report filed after its due time counts late),
// and the institution's statutory clocks (the incident's unit, the case owner).
import type { Ctx } from '../../platform/context.js';
import { invalid } from '../../platform/errors.js';
import { requireMember } from '../../platform/authz.js';
import { unitSubtree } from '../../platform/unit-subtree.js';
import { incidentVisibility } from '../incident/incident.access.js';
import { pageRequest, toConnection, type PageArgs } from '../../platform/graphql/relay.js';
import { unitService } from '../unit/unit.service.js';
import { UnitNode } from '../unit/unit.types.js';
import type { UnitKind } from '../unit/unit.entity.js';
import { ObligationSource } from './accountability.enums.js';
import { concernSql } from '../concern/concern.sql.js';
import {
  CountsNode,
  PoliceDecisionCountsNode,
  MemberRowConnection,
  MemberRowNode,
  ReportNode,
  SourceCountsNode,
  UnitRowConnection,
  UnitRowNode,
  type AccountabilityPeriodInput,
  type AccountabilityReportFilter,
} from './accountability.types.js';

const MAX_PERIOD_DAYS = 400;

/**
 * Every obligation of the period as (source, unit_id, member_id, due_at, done_at),
 * for one tenant, without the incidents the caller is kept out of. Parameters:
 * tenant, from, to, now, member — four times (one per branch that needs them).
 */
const OBLIGATIONS = `
  select 'TASK' as source, coalesce(t.responsible_unit_id, i.unit_id) as unit_id, t.assignee_id as member_id, t.due_at,
         case when t.status = 'DONE' then t.done_at end as done_at
    from incident_task t
    join incident i on i.tenant_id = t.tenant_id and i.id = t.incident_id
   where t.tenant_id = :tenant and t.recurring_every is null and t.due_at >= :from and t.due_at < :to and (t.due_at <= :now or t.status = 'DONE')
     and not (t.status = 'CANCELLED' and t.cancelled_at <= t.due_at) and t.status <> 'SUPERSEDED'
     and ${incidentVisibility.notExcludedSql('t.tenant_id', 't.incident_id', { member: ':me' })}
  union all
  select o.source, o.unit_id, o.member_id, o.due_at, coalesce(r.created_at, o.fulfilled_at) as done_at
    from duty_occurrence o
    left join alert_period_report r on r.tenant_id = o.tenant_id and r.period_id = o.alert_period_id and r.unit_id = o.unit_id and r.due_at = o.due_at
   where o.tenant_id = :tenant and o.due_at >= :from and o.due_at < :to and o.due_at <= :now
     and ${incidentVisibility.notExcludedSql('o.tenant_id', 'o.incident_id', { member: ':me', nullable: true })}
  union all
  select 'STATUTORY_CLOCK' as source, i.unit_id, i.case_owner_id as member_id, c.due_at, c.met_at as done_at
    from statutory_clock c
    join incident i on i.tenant_id = c.tenant_id and i.id = c.incident_id
   where c.tenant_id = :tenant and c.party = 'INSTITUTION' and c.state <> 'CANCELLED' and c.due_at >= :from and c.due_at < :to and (c.due_at <= :now or c.state = 'MET')
     and ${incidentVisibility.notExcludedSql('c.tenant_id', 'c.incident_id', { member: ':me' })}
  union all
  ${concernSql.obligations}`;

const COUNTS = `count(*) as due,
  count(*) filter (where ob.done_at <= ob.due_at) as on_time,
  count(*) filter (where ob.done_at > ob.due_at) as late,
  count(*) filter (where ob.done_at is null) as missed`;

interface CountRow {
  due: string;
  on_time: string;
  late: string;
  missed: string;
}

/** Named parameters → knex positional ones, in order of appearance. */
function bind(sql: string, values: Record<string, unknown>): [string, unknown[]] {
  const params: unknown[] = [];
  const text = sql.replace(/:(tenant|from|to|now|me|scope|sources|after_path|after_name|after_id|limit)\b/g, (_, name: string) => {
    params.push(values[name]);
    return name === 'sources' ? '?::text[]' : '?';
  });
  return [text, params];
}

function scoped(report: ReportNode, select: string, tail = ''): string {
  return `with ob as (${OBLIGATIONS})
    select ${select}
      from ob join unit u on u.tenant_id = :tenant and u.id = ob.unit_id
     where ${unitSubtree.sqlAny('u.path', ':scope')} ${report.sources ? 'and ob.source = any(:sources)' : ''}
     ${tail}`;
}

async function run<T>(ctx: Ctx, report: ReportNode, sql: string, extra: Record<string, unknown> = {}): Promise<T[]> {
  const actor = requireMember(ctx);
  const [text, params] = bind(sql, {
    tenant: actor.tenant.id,
    from: report.from,
    to: report.to,
    now: report.asOf,
    me: actor.memberId,
    scope: unitSubtree.patterns(report.unitPaths),
    sources: report.sources ? `{${report.sources.join(',')}}` : null,
    ...extra,
  });
  return ctx.em.getConnection().execute<T[]>(text, params as never[], 'all', ctx.em.getTransactionContext());
}

export const reportService = {
  /** Validates the period and scope; the numbers are computed by the fields asked for. */
  async open(ctx: Ctx, period: AccountabilityPeriodInput, filter: AccountabilityReportFilter | null | undefined): Promise<ReportNode> {
    const actor = requireMember(ctx);
    const { from, to } = period;
    if (!(to > from)) throw invalid('to must be after from', ['period', 'to']);
    if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * 86_400_000) throw invalid(`A report covers at most ${MAX_PERIOD_DAYS} days`, ['period', 'to']);
    const unit = filter?.unitId ? await unitService.getInScope(ctx, filter.unitId, ['filter', 'unitId']) : null;
    return Object.assign(new ReportNode(), {
      from,
      to,
      asOf: new Date(),
      unitPaths: unit ? [unit.path] : [...actor.jurisdiction],
      sources: filter?.sources?.length ? [...new Set(filter.sources)] : null,
    });
  },

  async totals(ctx: Ctx, report: ReportNode): Promise<CountsNode> {
    const [row] = await run<CountRow>(ctx, report, scoped(report, COUNTS));
    return CountsNode.of(row ?? { due: 0, on_time: 0, late: 0, missed: 0 });
  },

  /** Incidents received in the period in scope, by their police decision (the caller's exclusions apply). */
  async policeDecisions(ctx: Ctx, report: ReportNode): Promise<PoliceDecisionCountsNode> {
    const sql = `select count(*) as incidents,
        count(*) filter (where i.police_called) as called,
        count(*) filter (where not i.police_called) as not_called,
        count(*) filter (where i.police_called is null) as undecided
      from incident i join unit u on u.tenant_id = i.tenant_id and u.id = i.unit_id
     where i.tenant_id = :tenant and i.received_at >= :from and i.received_at < :to and i.received_at <= :now
       and ${unitSubtree.sqlAny('u.path', ':scope')}
       and ${incidentVisibility.notExcludedSql('i.tenant_id', 'i.id', { member: ':me' })}`;
    const [row] = await run<{ incidents: string; called: string; not_called: string; undecided: string }>(ctx, report, sql);
    return Object.assign(new PoliceDecisionCountsNode(), {
      incidents: Number(row?.incidents ?? 0),
      called: Number(row?.called ?? 0),
      notCalled: Number(row?.not_called ?? 0),
      undecided: Number(row?.undecided ?? 0),
    });
  },

  async bySource(ctx: Ctx, report: ReportNode): Promise<SourceCountsNode[]> {
    const rows = await run<CountRow & { source: ObligationSource }>(ctx, report, scoped(report, `ob.source, ${COUNTS}`, 'group by ob.source'));
    const found = new Map(rows.map((r) => [r.source, r]));
    // A suspension past its limit is a finding, not an obligation with a due time the report counts.
    return Object.values(ObligationSource)
      .filter((s) => s !== ObligationSource.CLOCK_SUSPENSION)
      .filter((s) => !report.sources || report.sources.includes(s))
      .map((source) => Object.assign(new SourceCountsNode(), { source, counts: CountsNode.of(found.get(source) ?? { due: 0, on_time: 0, late: 0, missed: 0 }) }));
  },

  /** Units with obligations in the period, in tree order. */
  async units(ctx: Ctx, report: ReportNode, page: PageArgs) {
    const { limit, after } = pageRequest(page, ctx.config.limits.maxPageSize);
    if (after && typeof after[0] !== 'string') throw invalid('after is not a cursor of this list', ['after']);
    type Row = CountRow & { id: string; name: string; kind: UnitKind; code: string | null; depth: number; archived_at: Date | null; created_at: Date; path: string; parent_id: string | null };
    const rows = await run<Row>(
      ctx,
      report,
      scoped(report, `u.id, u.name, u.kind, u.code, u.depth, u.archived_at, u.created_at, u.path, u.parent_id, ${COUNTS}`,
        `${after ? 'and u.path > :after_path' : ''} group by u.tenant_id, u.id order by u.path limit :limit`),
      { after_path: after?.[0] ?? null, limit: limit + 1 },
    );
    return toConnection(
      UnitRowConnection,
      rows,
      limit,
      !!after,
      (r) => [r.path],
      (r) => Object.assign(new UnitRowNode(), {
        unit: UnitNode.from({ ...r, archivedAt: r.archived_at, createdAt: new Date(r.created_at), parentId: r.parent_id }),
        counts: CountsNode.of(r),
      }),
      async () => Number((await run<{ n: string }>(ctx, report, scoped(report, 'count(distinct ob.unit_id) as n')))[0]?.n ?? 0),
    );
  },

  /** Members with obligations in the period, by name. */
  async members(ctx: Ctx, report: ReportNode, page: PageArgs) {
    const { limit, after } = pageRequest(page, ctx.config.limits.maxPageSize);
    if (after && (typeof after[0] !== 'string' || typeof after[1] !== 'string')) throw invalid('after is not a cursor of this list', ['after']);
    type Row = CountRow & { member_id: string; display_name: string };
    const rows = await run<Row>(
      ctx,
      report,
      scoped(report, `ob.member_id, au.display_name, ${COUNTS}`,
        `and ob.member_id is not null
         ${after ? 'and (au.display_name, ob.member_id) > (:after_name, :after_id::uuid)' : ''}
         group by ob.member_id, au.display_name order by au.display_name, ob.member_id limit :limit`)
        .replace('from ob join unit u', 'from ob join member m on m.tenant_id = :tenant and m.id = ob.member_id join app_user au on au.id = m.user_id join unit u'),
      { after_name: after?.[0] ?? null, after_id: after?.[1] ?? null, limit: limit + 1 },
    );
    return toConnection(
      MemberRowConnection,
      rows,
      limit,
      !!after,
      (r) => [r.display_name, r.member_id],
      (r) => Object.assign(new MemberRowNode(), { memberId: r.member_id, counts: CountsNode.of(r) }),
      async () => Number((await run<{ n: string }>(ctx, report, scoped(report, 'count(distinct ob.member_id) as n')))[0]?.n ?? 0),
    );
  },
};
