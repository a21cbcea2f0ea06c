// Assessment figures (三率 and more) of the incidents received in a period,
// in total and per unit, matter type (topic) or month: one statement,
// aggregated in PostgreSQL. Definitions are in assessment.types.ts (the
// schema's descriptions) and the README.
import { randomUUID } from 'node:crypto';
import type { Ctx } from '../../platform/context.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { collect, exportTable, type Cell, type ExportFormat, type ExportSource, type ExportedFile } from '../../platform/export/tabular.js';
import { exportRecord } from '../../platform/export/export.types.js';
import { invalid } from '../../platform/errors.js';
import { requireMember } from '../../platform/authz.js';
import { toGlobalId } from '../../platform/ids.js';
import { incidentVisibility } from '../incident/incident.access.js';
import { assignmentEvents } from '../referral/referral-figures.sql.js';
import { unitService } from '../unit/unit.service.js';
import { UnitNode } from '../unit/unit.types.js';
import { AssessmentFiguresNode, AssessmentGroupBy, AssessmentGroupNode, FigureNode, FigureSetNode, type AssessmentPeriodInput } from './assessment.types.js';

const MAX_PERIOD_DAYS = 400;

/** One row per visible incident of the period with what the figures need. Parameters: tenant, from, to, then the visibility's. */
const FACTS = (visibility: string) => `
  select i.id, i.unit_id, i.received_at, i.topics,
         acc.due_at as acc_due, acc.met_at as acc_met, acc.state as acc_state,
         rep.due_at as rep_due, rep.met_at as rep_met, rep.state as rep_state,
         (rep.met_at is not null or i.decision in ('REFUSED', 'NOT_OURS')) as answered,
         (i.repeat_of_id is not null) as is_repeat,
         coalesce(r.reply_rated, false) as reply_rated, coalesce(r.ratings, 0) as ratings, coalesce(r.satisfied, 0) as satisfied
    from incident i
    left join statutory_clock acc on acc.tenant_id = i.tenant_id and acc.incident_id = i.id and acc.kind = 'ACCEPTANCE'
    left join statutory_clock rep on rep.tenant_id = i.tenant_id and rep.incident_id = i.id and rep.kind = 'REPLY'
    left join lateral (
      select bool_or(sr.stage = 'REPLY') as reply_rated, count(*) as ratings,
             count(*) filter (where sr.rating in ('SATISFIED', 'BASICALLY_SATISFIED')) as satisfied
        from satisfaction_rating sr where sr.tenant_id = i.tenant_id and sr.incident_id = i.id) r on true
   where i.tenant_id = ? and i.received_at >= ? and i.received_at < ? and ${visibility}`;

/** The aggregates over facts `f`; one parameter (now), twice. */
const AGGREGATES = `count(*) as incidents,
  count(*) filter (where f.acc_due is not null and f.acc_state <> 'CANCELLED' and (f.acc_met is not null or f.acc_due <= ?::timestamptz)) as acc_den,
  count(*) filter (where f.acc_due is not null and f.acc_state <> 'CANCELLED' and f.acc_met <= f.acc_due) as acc_num,
  count(*) filter (where f.rep_due is not null and f.rep_state <> 'CANCELLED' and (f.rep_met is not null or f.rep_due <= ?::timestamptz)) as rep_den,
  count(*) filter (where f.rep_due is not null and f.rep_state <> 'CANCELLED' and f.rep_met <= f.rep_due) as rep_num,
  count(*) filter (where f.answered) as part_den,
  count(*) filter (where f.answered and f.reply_rated) as part_num,
  coalesce(sum(f.ratings), 0) as sat_den,
  coalesce(sum(f.satisfied), 0) as sat_num,
  count(*) filter (where f.is_repeat) as rpt_num`;

/** The referral events of the period on incidents the caller may see (keyed like the facts). Parameters: the events', tenant, the visibility's. */
const EVENTS = (visibility: string) => `
  select ev.side, ev.event, ev.at, ev.hit, i.unit_id, i.topics
    from (${assignmentEvents.sql}) ev
    join incident i on i.id = ev.incident_id
   where i.tenant_id = ? and ${visibility}`;

/** The referral aggregates over events `r`. */
const REFERRAL_AGGREGATES = ['RECEIVED', 'SENT'].flatMap((side) => ['SIGN_IN', 'REPORT'].flatMap((event) => {
  const c = `${side === 'RECEIVED' ? 'r' : 's'}_${event === 'SIGN_IN' ? 'si' : 'rw'}`;
  const where = `r.side = '${side}' and r.event = '${event}'`;
  return [`count(*) filter (where ${where}) as ${c}_den`, `count(*) filter (where ${where} and r.hit) as ${c}_num`];
})).join(',\n  ');

/** The group key of a row of `alias`, whose time column is `at`; MONTH takes the tenant's timezone. */
const KEY: Record<AssessmentGroupBy, (alias: string, at: string) => string> = {
  [AssessmentGroupBy.UNIT]: (a) => `select ${a}.unit_id::text`,
  [AssessmentGroupBy.MATTER_TYPE]: (a) => `select unnest(case when cardinality(${a}.topics) = 0 then array[''] else ${a}.topics end)`,
  [AssessmentGroupBy.MONTH]: (a, at) => `select to_char(${a}.${at} at time zone ?, 'YYYY-MM')`,
};

interface Row {
  tot: boolean;
  key: string | null;
  r_si_den: string | null;
  r_si_num: string | null;
  r_rw_den: string | null;
  r_rw_num: string | null;
  s_si_den: string | null;
  s_si_num: string | null;
  s_rw_den: string | null;
  s_rw_num: string | null;
  incidents: string;
  acc_den: string;
  acc_num: string;
  rep_den: string;
  rep_num: string;
  part_den: string;
  part_num: string;
  sat_den: string;
  sat_num: string;
  rpt_num: string;
}

function figures(r: Row | undefined): FigureSetNode {
  const v = (k: keyof Row) => (r ? Number(r[k]) : 0);
  return Object.assign(new FigureSetNode(), {
    incidents: v('incidents'),
    timelyAcceptance: FigureNode.of(v('acc_num'), v('acc_den')),
    onTimeClosing: FigureNode.of(v('rep_num'), v('rep_den')),
    satisfaction: FigureNode.of(v('sat_num'), v('sat_den')),
    participation: FigureNode.of(v('part_num'), v('part_den')),
    repeatPetition: FigureNode.of(v('rpt_num'), v('incidents')),
    onTimeSignIn: FigureNode.of(v('r_si_num'), v('r_si_den')),
    sentBackForRework: FigureNode.of(v('r_rw_num'), v('r_rw_den')),
    assignedOnTimeSignIn: FigureNode.of(v('s_si_num'), v('s_si_den')),
    assignedSentBackForRework: FigureNode.of(v('s_rw_num'), v('s_rw_den')),
  });
}

const FIGURE_COLUMNS = [
  ['timelyAcceptance', '及时受理'], ['onTimeClosing', '按期办结'], ['satisfaction', '群众满意'], ['participation', '参评'], ['repeatPetition', '重复信访'],
  ['onTimeSignIn', '按时签收'], ['sentBackForRework', '退回重办'], ['assignedOnTimeSignIn', '交办按时签收'], ['assignedSentBackForRework', '交办退回重办'],
] as const;

export const assessmentService = {
  /** The figures as rows of a file: the totals first, then one row per group. */
  async source(ctx: Ctx, input: { period: AssessmentPeriodInput; groupBy: AssessmentGroupBy }): Promise<ExportSource> {
    const figs = await this.figures(ctx, input.period, input.groupBy);
    const columns = [
      { key: 'key', header: '分组键' }, { key: 'label', header: '分组' }, { key: 'incidents', header: '信访件数' },
      ...FIGURE_COLUMNS.flatMap(([k, h]) => [
        { key: `${k}Numerator`, header: `${h}（分子）` }, { key: `${k}Denominator`, header: `${h}（分母）` }, { key: `${k}Rate`, header: `${h}率` },
      ]),
    ];
    const row = (key: string, label: string, f: FigureSetNode): Cell[] => [
      key, label, f.incidents, ...FIGURE_COLUMNS.flatMap(([k]) => [f[k].numerator, f[k].denominator, f[k].rate]),
    ];
    const rows = [row('', '合计', figs.totals), ...figs.groups.map((g) => row(g.key, g.label, g.figures))];
    async function* pages(): AsyncIterable<Cell[][]> {
      yield rows;
    }
    return { name: `assessment-${input.groupBy.toLowerCase()}`, columns, total: rows.length, personalData: false, pages };
  },

  /** The figures as a file (CSV with BOM, XLSX, JSON Lines): totals first, then the groups; logged with the file's sha256. */
  async export(ctx: Ctx, input: { period: AssessmentPeriodInput; groupBy: AssessmentGroupBy; format: ExportFormat }): Promise<Outcome<ExportedFile>> {
    return audited(ctx, 'assessment.export', async (tx) => {
      const source = await this.source(tx, input);
      const file = await exportTable(await collect(source, Number.MAX_SAFE_INTEGER, () => new Error('unreachable')), input.format, source.name);
      const id = randomUUID();
      return {
        result: file,
        target: { type: 'Export', id },
        reason: 'export',
        extraChanges: [{ type: 'Export', id, op: 'create', after: exportRecord(file, { list: 'assessmentFigures', format: input.format, groupBy: input.groupBy }) }],
      };
    });
  },

  async figures(ctx: Ctx, period: AssessmentPeriodInput, groupBy: AssessmentGroupBy): Promise<AssessmentFiguresNode> {
    const actor = requireMember(ctx);
    const { from, to } = period;
    if (!(to > from)) throw invalid('to must be after from', ['period', 'to']);
    if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * 86_400_000) throw invalid(`A period covers at most ${MAX_PERIOD_DAYS} days`, ['period', 'to']);
    const now = new Date();
    const visibility = incidentVisibility.sql(actor, 'i');
    const keyParams = groupBy === AssessmentGroupBy.MONTH ? [actor.tenant.timezone] : [];
    // Totals over each incident once, and the groups (an incident with several topics in each of them);
    // the referral events likewise, joined to them by key (a group may have events but no incidents received).
    const sql = `with f as (${FACTS(visibility.sql)}),
      r as (${EVENTS(visibility.sql)}),
      fa as (select true as ftot, null::text as fkey, ${AGGREGATES} from f
        union all
        select false, k.key, ${AGGREGATES} from f cross join lateral (${KEY[groupBy]('f', 'received_at')}) k(key) group by k.key),
      ra as (select true as rtot, null::text as rkey, ${REFERRAL_AGGREGATES} from r
        union all
        select false, k.key, ${REFERRAL_AGGREGATES} from r cross join lateral (${KEY[groupBy]('r', 'at')}) k(key) group by k.key)
      select coalesce(fa.ftot, ra.rtot) as tot, coalesce(fa.fkey, ra.rkey) as key, fa.*, ra.*
        from fa full join ra on fa.ftot = ra.rtot and coalesce(fa.fkey, '') = coalesce(ra.rkey, '')`;
    const params = [
      actor.tenant.id, from, to, ...visibility.params,
      ...assignmentEvents.params(actor.tenant.id, from, to, now), actor.tenant.id, ...visibility.params,
      now, now, now, now, ...keyParams, ...keyParams,
    ];
    const rows = await ctx.em.getConnection().execute<Row[]>(sql, params as never[], 'all', ctx.em.getTransactionContext());
    const totals = rows.find((r) => r.tot);
    const groups = rows.filter((r) => !r.tot);
    const units = groupBy === AssessmentGroupBy.UNIT ? await unitService.loader(ctx).loadMany(groups.map((g) => g.key!)) : [];
    const out = groups.map((g, n) => {
      const unit = groupBy === AssessmentGroupBy.UNIT ? units[n] : null;
      const unitNode = unit && !(unit instanceof Error) ? UnitNode.from(unit) : null;
      return Object.assign(new AssessmentGroupNode(), {
        key: groupBy === AssessmentGroupBy.UNIT ? toGlobalId('Unit', g.key!) : g.key!,
        label: groupBy === AssessmentGroupBy.UNIT ? (unitNode?.name ?? '') : groupBy === AssessmentGroupBy.MATTER_TYPE && g.key === '' ? '未分类' : g.key!,
        unit: unitNode,
        figures: figures(g),
      });
    });
    out.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    return Object.assign(new AssessmentFiguresNode(), { from, to, asOf: now, groupBy, totals: figures(totals), groups: out });
  },
};
