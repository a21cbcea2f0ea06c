// W6 figures: assessmentFigures by month over the last year of the large
// tenant (三率 and participation, totals and 12–13 months) against the
// baseline's one hand-written statement with grouping sets.
import type { BenchEnv, Workload, WorkloadReport } from '../lib/types.js';
import { startTrio } from '../lib/trio.js';
import { gql } from '../lib/measure.js';
import { compareWithBaseline, comparisonTable } from '../lib/compare.js';

const FIGURE = 'numerator denominator rate';
const FIGURES = `incidents timelyAcceptance { ${FIGURE} } onTimeClosing { ${FIGURE} } satisfaction { ${FIGURE} } participation { ${FIGURE} }`;
export const W6_QUERY = `query W6Figures($from: DateTime!, $to: DateTime!) { assessmentFigures(period: { from: $from, to: $to }, groupBy: MONTH) {
  from to groupBy totals { ${FIGURES} } groups { key label figures { ${FIGURES} } } } }`;

export const runW6: Workload = async (env: BenchEnv): Promise<WorkloadReport> => {
  const trio = await startTrio(env, { peer: false });
  try {
    const tenant = trio.data.tenants.find((t) => t.index === 1)!;
    const token = trio.tokens.get(1)!;
    const to = new Date();
    const from = new Date(to.getTime() - 365 * 86_400_000);
    const variables = { from: from.toISOString(), to: to.toISOString() };
    const ours = await gql<{ assessmentFigures: { totals: { incidents: number }; groups: unknown[] } }>(trio.api.url, token, W6_QUERY, variables, 'W6Figures');
    const theirs = await gql(trio.baseline.url, token, W6_QUERY, variables, 'W6Figures');
    const same = JSON.stringify(ours.data) === JSON.stringify(theirs.data);
    if (!same) env.log(`W6: answers differ\n us: ${JSON.stringify(ours.data ?? ours)}\n baseline: ${JSON.stringify(theirs.data ?? theirs)}`);
    const figures = ours.data!.assessmentFigures;
    env.log(`W6: incidents ${figures.totals.incidents}, months ${figures.groups.length}; answers identical: ${same}`);
    const before = (await trio.baseline.statements())!;
    await gql(trio.baseline.url, token, W6_QUERY, variables, 'W6Figures');
    const sqlBaseline = (await trio.baseline.statements())! - before;
    const c = await compareWithBaseline(env, 'W6', { us: trio.api, baseline: trio.baseline }, { token, body: JSON.stringify({ query: W6_QUERY, variables, operationName: 'W6Figures' }) });
    const markdown = [
      `Tenant \`${tenant.slug}\`: ${figures.totals.incidents} incidents received over the last 365 days, grouped by month (${figures.groups.length} groups) in the tenant's time zone, ` +
        `signed in as the group leader (root unit). ${env.runs} runs × ${env.durationSeconds} s, 10 connections.`,
      '',
      comparisonTable(c, { us: ours.extensions?.sqlStatements ?? NaN, baseline: sqlBaseline }),
      '',
      `Same answer: ${same ? 'identical `data`' : '**different** (see the run log)'}. Both compute the figures in one statement; ` +
        'ours is a CTE of the period\'s facts with the incident visibility rule (jurisdiction, assignment, exclusions) and a UNION of totals and groups, the baseline uses GROUPING SETS over the seat\'s subtree.',
      '',
      '```graphql',
      W6_QUERY,
      '```',
    ].join('\n');
    return { id: 'W6', title: 'W6 figures: assessmentFigures by month over a year', markdown, targets: [{ name: 'W6 req/s ≥ 0.5× baseline', met: same && c.ratio >= 0.5, detail: `${c.ratio.toFixed(2)}×${same ? '' : ', answers differ'}` }] };
  } finally {
    await trio.stop();
  }
};
