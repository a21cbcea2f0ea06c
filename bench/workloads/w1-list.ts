// W1 list: incidents(first: 50) with unit, case owner, open tasks and clocks,
// for us, the baseline and PostGraphile; SQL statements per request, and ours
// for first: 10, 50, 100 (it must not grow with the page).
import type { BenchEnv, TargetCheck, Workload, WorkloadReport } from '../lib/types.js';
import { startTrio } from '../lib/trio.js';
import { fmt, gql, load, median, ratio, type LoadResult } from '../lib/measure.js';
import type { BenchServer } from '../lib/spawn.js';

export const W1_QUERY = `query W1List($first: Int) { incidents(first: $first) { edges { cursor node {
  id receiptNumber status category levelKey levelName receivedAt
  unit { id name }
  caseOwner { id displayName }
  openTasks { id dutyKey dutyKind status dueAt }
  clocks { id kind state dueAt } } } pageInfo { hasNextPage endCursor } } }`;

/** PostGraphile's generated schema: the same rows and relations (RLS scopes the tenant). */
export const PEER_QUERY = `query W1List($first: Int) { allIncidents(first: $first, orderBy: [RECEIVED_AT_DESC, ID_DESC]) { nodes {
  id receiptNumber status category levelKey levelName receivedAt
  unitByTenantIdAndUnitId { id name }
  memberByTenantIdAndCaseOwnerId { id appUserByUserId { displayName } }
  incidentTasksByTenantIdAndIncidentId(condition: { status: "OPEN" }, orderBy: [DUE_AT_ASC, CREATED_AT_ASC, ID_ASC]) { nodes { id dutyKey dutyKind status dueAt } }
  statutoryClocksByTenantIdAndIncidentId(orderBy: [STARTED_AT_ASC, ID_ASC]) { nodes { id kind state dueAt } } } pageInfo { hasNextPage endCursor } } }`;

const body = (query: string, first: number) => JSON.stringify({ query, variables: { first }, operationName: 'W1List' });

/** Statements per request of a server that counts in its pool: the mean over `n` sequential requests. */
async function pooledStatements(server: BenchServer, token: string, query: string, first: number, n = 20): Promise<number> {
  const before = (await server.statements())!;
  for (let i = 0; i < n; i++) await gql(server.url, token, query, { first }, 'W1List');
  return ((await server.statements())! - before) / n;
}

export const runW1: Workload = async (env: BenchEnv): Promise<WorkloadReport> => {
  const trio = await startTrio(env, { peer: true });
  try {
    const tenant = trio.data.tenants.find((t) => t.index === 2) ?? trio.data.tenants[0]!;
    const token = trio.tokens.get(tenant.index)!;
    const peer = trio.peer!;

    // Same answer: ours and the baseline's data must be identical.
    const ours = await gql(trio.api.url, token, W1_QUERY, { first: 50 }, 'W1List');
    const theirs = await gql(trio.baseline.url, token, W1_QUERY, { first: 50 }, 'W1List');
    const same = JSON.stringify(ours.data) === JSON.stringify(theirs.data);
    const peerAnswer = await gql<{ allIncidents: { nodes: unknown[] } }>(peer.url, token, PEER_QUERY, { first: 50 }, 'W1List');
    const peerRows = peerAnswer.data!.allIncidents.nodes.length;
    env.log(`W1: answers identical us/baseline: ${same}; peer rows: ${peerRows}`);

    const sweep: Record<number, number> = {};
    for (const first of [10, 50, 100]) sweep[first] = (await gql(trio.api.url, token, W1_QUERY, { first }, 'W1List')).extensions?.sqlStatements ?? NaN;
    const sqlBaseline = await pooledStatements(trio.baseline, token, W1_QUERY, 50);
    const sqlPeer = await pooledStatements(peer, token, PEER_QUERY, 50);
    const peerSweep: Record<number, number> = {};
    for (const first of [10, 100]) peerSweep[first] = await pooledStatements(peer, token, PEER_QUERY, first, 5);
    peerSweep[50] = sqlPeer;

    const servers: [string, BenchServer, string][] = [['us', trio.api, W1_QUERY], ['baseline', trio.baseline, W1_QUERY], ['peer', peer, PEER_QUERY]];
    for (const [, server, query] of servers) await load({ url: server.url, token, body: body(query, 50), durationSeconds: Math.min(3, env.durationSeconds) });
    const runs: Record<string, LoadResult>[] = [];
    for (let r = 0; r < env.runs; r++) {
      const run: Record<string, LoadResult> = {};
      for (const [name, server, query] of servers) {
        run[name] = await load({ url: server.url, token, body: body(query, 50), durationSeconds: env.durationSeconds });
        env.log(`W1 run ${r + 1} ${name}: ${fmt(run[name]!.rps)} req/s p50 ${run[name]!.p50} ms p99 ${run[name]!.p99} ms`);
      }
      runs.push(run);
    }
    const med = (name: string, key: keyof LoadResult) => median(runs.map((r) => r[name]![key]));
    const vsBaseline = median(runs.map((r) => ratio(r.us!.rps, r.baseline!.rps)));
    const vsPeer = median(runs.map((r) => ratio(r.us!.rps, r.peer!.rps)));
    const failures = runs.reduce((n, r) => n + Object.values(r).reduce((m, x) => m + x.errors + x.non2xx, 0), 0);
    const sqlFixed = sweep[10] === sweep[50] && sweep[50] === sweep[100];

    const rows = [['us (Apollo + type-graphql + MikroORM)', 'us', sweep[50]], ['baseline (node:http + pg)', 'baseline', sqlBaseline], ['peer (PostGraphile 4.14.1)', 'peer', sqlPeer]] as const;
    const markdown = [
      `Tenant \`${tenant.slug}\` (${trio.data.spec.incidentsPerTenant} incidents), signed in as its group leader (root unit: sees every incident). ` +
        `${env.runs} runs × ${env.durationSeconds} s per server, 10 connections, after a warm-up; figures are medians over the runs, ratios are taken inside each run and then the median.`,
      '',
      '| server | req/s | p50 ms | p99 ms | SQL statements / request |',
      '|---|---:|---:|---:|---:|',
      ...rows.map(([label, key, sql]) => `| ${label} | ${fmt(med(key, 'rps'))} | ${fmt(med(key, 'p50'))} | ${fmt(med(key, 'p99'))} | ${fmt(sql, 1)} |`),
      '',
      `Ratios: us ÷ baseline = **${fmt(vsBaseline, 2)}×**, us ÷ peer = **${fmt(vsPeer, 2)}×**. Errors or non-2xx answers during the runs: ${failures}.`,
      '',
      `SQL statements per request by page size (ours, from the response's \`extensions.sqlStatements\`, BEGIN/COMMIT and the tenant scope included): ` +
        `first: 10 → ${sweep[10]}, first: 50 → ${sweep[50]}, first: 100 → ${sweep[100]}. ` +
        `PostGraphile (counted in its pool): first: 10 → ${fmt(peerSweep[10]!, 1)}, 50 → ${fmt(peerSweep[50]!, 1)}, 100 → ${fmt(peerSweep[100]!, 1)}.`,
      '',
      `Same answer: our \`data\` and the baseline's are ${same ? 'byte-for-byte identical' : '**different** (see the run log)'}; PostGraphile returned ${peerRows} incidents.`,
      '',
      'Our query (the baseline answers the same shape from one hand-written statement):',
      '```graphql',
      W1_QUERY,
      '```',
      'The peer query (PostGraphile\'s generated names; RLS limits it to the tenant, it has no unit-subtree or exclusion check, which the leader at the root does not need):',
      '```graphql',
      PEER_QUERY,
      '```',
    ].join('\n');
    const targets: TargetCheck[] = [
      { name: 'W1 req/s ≥ 0.5× baseline', met: vsBaseline >= 0.5, detail: `${fmt(vsBaseline, 2)}×` },
      { name: 'W1 not behind PostGraphile', met: vsPeer >= 1, detail: `${fmt(vsPeer, 2)}×` },
      { name: 'W1 fixed SQL statements per request (first 10/50/100)', met: sqlFixed, detail: `${sweep[10]} / ${sweep[50]} / ${sweep[100]}` },
    ];
    return { id: 'W1', title: 'W1 list: incidents(first: 50)', markdown, targets };
  } finally {
    await trio.stop();
  }
};
