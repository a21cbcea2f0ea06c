// W4 write path: reportIncident (plan matching, tasks, clocks, one log entry)
// spread over the normal-size tenants, against the baseline doing the same inserts by hand.
import pg from 'pg';
import type { BenchEnv, Workload, WorkloadReport } from '../lib/types.js';
import { startTrio } from '../lib/trio.js';
import { gql } from '../lib/measure.js';
import { compareWithBaseline, comparisonTable } from '../lib/compare.js';

export const W4_MUTATION = `mutation W4Report($input: ReportIncidentInput!) { reportIncident(input: $input) {
  incident { id receiptNumber status levelKey tasks { id dutyKey dueAt } clocks { id kind dueAt } }
  receipt { receiptNumber accessCode } userErrors { code message } } }`;

const toGlobalId = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');

export const runW4: Workload = async (env: BenchEnv): Promise<WorkloadReport> => {
  const trio = await startTrio(env, { peer: false });
  const db = new pg.Client({ connectionString: env.databaseUrl });
  await db.connect();
  try {
    const tenants = trio.data.tenants.filter((t) => t.index !== 1);
    const targets: { token: string; unitId: string }[] = [];
    for (const t of tenants) {
      const unit = (await db.query(`select id from unit where tenant_id = $1 and depth = 1 order by path limit 1`, [t.id])).rows[0];
      targets.push({ token: trio.tokens.get(t.index)!, unitId: toGlobalId('Unit', unit.id) });
    }
    let n = 0;
    const next = () => {
      const target = targets[n++ % targets.length]!;
      const input = {
        category: n % 5 === 0 ? 'GROUP_VISIT' : 'INDIVIDUAL_VISIT', levelReached: 'OWN', headcount: n % 5 === 0 ? 6 : 1, place: '信访接待室',
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(), summary: `基准测试上报 ${n}`, demands: '要求尽快处理',
        unitId: target.unitId, petitioners: [{ name: '张三', contact: '13800000000' }],
      };
      return { token: target.token, body: JSON.stringify({ query: W4_MUTATION, variables: { input }, operationName: 'W4Report' }) };
    };
    const sample = next();
    const ours = await gql<{ reportIncident: { incident: { tasks: unknown[] } } }>(trio.api.url, sample.token, W4_MUTATION, JSON.parse(sample.body).variables, 'W4Report');
    const theirs = await gql<{ reportIncident: { incident: { tasks: unknown[] } } }>(trio.baseline.url, sample.token, W4_MUTATION, JSON.parse(sample.body).variables, 'W4Report');
    const before = (await trio.baseline.statements())!;
    await gql(trio.baseline.url, sample.token, W4_MUTATION, JSON.parse(sample.body).variables, 'W4Report');
    const sqlBaseline = (await trio.baseline.statements())! - before;
    env.log(`W4: tasks per report us ${ours.data!.reportIncident.incident.tasks.length}, baseline ${theirs.data!.reportIncident.incident.tasks.length}`);
    const c = await compareWithBaseline(env, 'W4', { us: trio.api, baseline: trio.baseline }, { next });
    const markdown = [
      `\`reportIncident\` round-robin over ${targets.length} tenants (writes of one tenant serialise on its log head, as they must). ` +
        `${env.runs} runs × ${env.durationSeconds} s, 10 connections. Tasks created per report: us ${ours.data!.reportIncident.incident.tasks.length}, baseline ${theirs.data!.reportIncident.incident.tasks.length}.`,
      '',
      comparisonTable(c, { us: ours.extensions?.sqlStatements ?? NaN, baseline: sqlBaseline }),
      '',
      'The baseline does the same writes by hand in one transaction as xinfang_app under RLS: session/member lookup, unit in scope, the published plan, ' +
        'the same pure plan matcher (src/modules/plan/plan.matcher.ts), incident + receipt + petitioners + level record in one statement, one task per duty ' +
        '(assignee: the first active member holding the role), the acceptance clock, and the log entry chained onto the head with NOTIFY. ' +
        'It skips: input validation, the roster (on-duty member, leader on call), alert periods, the holiday calendar for clock due times (15 calendar days flat), ' +
        'the unit-line assignee search, warnings, and the realtime outbox.',
      '',
      '```graphql',
      W4_MUTATION,
      '```',
    ].join('\n');
    return { id: 'W4', title: 'W4 write path: reportIncident', markdown, targets: [{ name: 'W4 req/s ≥ 0.5× baseline', met: c.ratio >= 0.5, detail: `${c.ratio.toFixed(2)}×` }] };
  } finally {
    await db.end();
    await trio.stop();
  }
};
