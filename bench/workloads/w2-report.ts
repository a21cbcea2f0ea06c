// W2 report: accountabilityReport over the last year of the large tenant
// (totals, per source, first 20 units) against the baseline's one hand-written statement.
import type { BenchEnv, Workload, WorkloadReport } from '../lib/types.js';
import { startTrio } from '../lib/trio.js';
import { gql } from '../lib/measure.js';
import { compareWithBaseline, comparisonTable } from '../lib/compare.js';

const COUNTS = 'due onTime late missed onTimeRate missedRate';
export const W2_QUERY = `query W2Report($from: DateTime!, $to: DateTime!) { accountabilityReport(period: { from: $from, to: $to }) {
  totals { ${COUNTS} } bySource { source counts { ${COUNTS} } }
  units(first: 20) { edges { node { unit { id name } counts { ${COUNTS} } } } pageInfo { hasNextPage } } } }`;

export const runW2: Workload = async (env: BenchEnv): Promise<WorkloadReport> => {
  const trio = await startTrio(env, { peer: false });
  try {
    const tenant = trio.data.tenants.find((t) => t.index === 1)!;
    const token = trio.tokens.get(1)!;
    const to = new Date();
    const from = new Date(to.getTime() - 365 * 86_400_000);
    const variables = { from: from.toISOString(), to: to.toISOString() };
    const ours = await gql<{ accountabilityReport: { totals: { due: number } } }>(trio.api.url, token, W2_QUERY, variables, 'W2Report');
    const theirs = await gql(trio.baseline.url, token, W2_QUERY, variables, 'W2Report');
    const same = JSON.stringify(ours.data) === JSON.stringify(theirs.data);
    env.log(`W2: obligations due ${ours.data!.accountabilityReport.totals.due}; answers identical: ${same}`);
    const before = (await trio.baseline.statements())!;
    await gql(trio.baseline.url, token, W2_QUERY, variables, 'W2Report');
    const sqlBaseline = (await trio.baseline.statements())! - before;
    const c = await compareWithBaseline(env, 'W2', { us: trio.api, baseline: trio.baseline }, { token, body: JSON.stringify({ query: W2_QUERY, variables, operationName: 'W2Report' }) });
    const markdown = [
      `Tenant \`${tenant.slug}\`: ${trio.data.spec.largeTenantIncidents} incidents received over the last 12 months, their tasks done on time, late or missed, ` +
        `acceptance clocks met or missed, and accountability findings for the late and missed tasks. The report covers 365 days ` +
        `(${ours.data!.accountabilityReport.totals.due} obligations). ${env.runs} runs × ${env.durationSeconds} s, 10 connections.`,
      '',
      comparisonTable(c, { us: ours.extensions?.sqlStatements ?? NaN, baseline: sqlBaseline }),
      '',
      `Same answer: ${same ? 'identical `data`' : '**different** (see the run log)'}. The baseline computes the three parts from one CTE in one statement; we run one statement per field asked (totals, bySource, units).`,
      '',
      '```graphql',
      W2_QUERY,
      '```',
    ].join('\n');
    return { id: 'W2', title: 'W2 report: accountabilityReport over a year', markdown, targets: [] };
  } finally {
    await trio.stop();
  }
};
