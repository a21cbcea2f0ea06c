import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, mutationDoc, publishPlan, reportInput } from '../support/incidents.js';

let server: TestServer;
let tenant: TenantFixture;
let east: string;
let west: string;
type M = { memberId: string; token: string; email: string };
let leader: M, deputy: M, director: M, eastLiaison: M, westLiaison: M;
const ids: string[] = [];

const LIST = `query($first: Int, $after: String, $filter: IncidentFilter, $order: IncidentOrder) {
  incidents(first: $first, after: $after, filter: $filter, orderBy: $order) {
    edges { cursor node { id receiptNumber status levelKey receivedAt
      unit { id name }
      caseOwner { id displayName }
      openTasks { id dutyKey dueAt assignee { id displayName } }
      clocks { kind state dueAt overdue }
      overdue } }
    pageInfo { hasNextPage endCursor } } }`;

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
  east = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '东村', 'VILLAGE');
  west = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '西村', 'VILLAGE');
  leader = await addMember(server, tenant, ['GROUP_LEADER']);
  deputy = await addMember(server, tenant, ['DEPUTY_LEADER']);
  director = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  eastLiaison = await addMember(server, tenant, ['LIAISON'], east);
  westLiaison = await addMember(server, tenant, ['LIAISON'], west);
  await publishPlan(server, tenant, TEST_LEVELS);
  const base = Date.now() - 40 * 86_400_000;
  for (let n = 0; n < 12; n++) {
    const unit = n % 3 === 0 ? west : east;
    const input = reportInput(unit, {
      receivedAt: new Date(base + n * 86_400_000).toISOString(),
      occurredAt: new Date(base + n * 86_400_000 - 3_600_000).toISOString(),
      summary: n === 4 ? '反映村道硬化工程质量问题' : `反映事项 ${n}`,
      demands: n === 7 ? '要求公开低保评定名单' : '要求答复',
      category: n % 4 === 0 ? 'GROUP_VISIT' : 'INDIVIDUAL_VISIT',
      headcount: n % 4 === 0 ? 8 : 1,
    });
    const r = await ok<any>(server.url, REPORT_INCIDENT, { input }, director.token);
    ids.push(r.reportIncident.incident.id);
    if (n % 2 === 0) await ok(server.url, mutationDoc('assignCaseOwner', 'AssignCaseOwnerInput'), { input: { incidentId: r.reportIncident.incident.id, memberId: deputy.memberId } }, leader.token);
  }
});
afterAll(async () => {
  await server?.stop();
});

describe('incidents connection', () => {
  it('runs a fixed number of SQL statements whatever the page size (unit, case owner, open tasks, clocks)', async () => {
    const small = await gql<any>(server.url, LIST, { first: 2 }, director.token);
    const large = await gql<any>(server.url, LIST, { first: 50 }, director.token);
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(small.data.incidents.edges).toHaveLength(2);
    expect(large.data.incidents.edges).toHaveLength(12);
    const owned = large.data.incidents.edges.filter((e: any) => e.node.caseOwner);
    expect(owned).toHaveLength(6);
    expect(large.data.incidents.edges.every((e: any) => e.node.openTasks.length > 0 && e.node.clocks.length > 0 && e.node.unit)).toBe(true);
    expect(large.extensions?.sqlStatements).toBeGreaterThan(0);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });

  it('answers the children read with the page exactly as the loaders do for a single incident', async () => {
    // The list reads unit, case owner, tasks and clocks in its own statement (look-ahead); incident(id:) uses the loaders.
    const all = `fragment C on Incident { id overdue unit { id name kind code depth createdAt archivedAt parent { id } }
      caseOwner { id displayName email title status createdAt removedAt }
      tasks { id status dueAt overdue late createdAt action assignee { id } } openTasks { id dutyKey dueAt status }
      clocks { id kind party state dueAt originalDueAt startedAt overdue late explanation fallbackYears history { at state dueAt note } } }`;
    const open = 'fragment C on Incident { id ... on Incident { openTasks { id dutyKey dutyKind status dueAt occurrence evidenceRequired } } }';
    for (const fragment of [all, open]) {
      const list = await ok<any>(server.url, `query { incidents(first: 12) { edges { node { ...C } } } } ${fragment}`, {}, director.token);
      expect(list.incidents.edges).toHaveLength(12);
      for (const { node } of list.incidents.edges) {
        const one = await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { ...C } } ${fragment}`, { id: node.id }, director.token);
        expect(node).toEqual(one.incident);
      }
    }
  });

  it('pages with cursors in the chosen order without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await ok<any>(server.url, LIST, { first: 5, after, order: { field: 'RECEIVED_AT', direction: 'ASC' } }, director.token);
      seen.push(...page.incidents.edges.map((e: any) => e.node.id));
      after = page.incidents.pageInfo.hasNextPage ? page.incidents.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(ids);
    const bySeverity = await ok<any>(server.url, LIST, { first: 50, order: { field: 'LEVEL_SEVERITY', direction: 'DESC' } }, director.token);
    const levels = bySeverity.incidents.edges.map((e: any) => e.node.levelKey);
    expect(levels.slice(0, 3)).toEqual(['TOWNSHIP_GROUP', 'TOWNSHIP_GROUP', 'TOWNSHIP_GROUP']);
    const bad = await gql(server.url, LIST, { first: 5, after: 'nonsense' }, director.token);
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });

  it('filters by status, category, level, unit subtree, case owner, overdue, receipt time and text (Chinese included)', async () => {
    const count = async (filter: Record<string, unknown>) =>
      (await ok<any>(server.url, LIST, { first: 50, filter }, director.token)).incidents.edges.map((e: any) => ids.indexOf(e.node.id)).sort((a: number, b: number) => a - b);
    expect(await count({ text: '硬化' })).toEqual([4]);
    expect(await count({ text: '低保' })).toEqual([7]);
    expect(await count({ category: ['GROUP_VISIT'] })).toEqual([0, 4, 8]);
    expect(await count({ levelKey: ['TOWNSHIP_GROUP'] })).toEqual([0, 4, 8]);
    expect(await count({ unitSubtree: west })).toEqual([0, 3, 6, 9]);
    expect(await count({ caseOwner: deputy.memberId })).toEqual([0, 2, 4, 6, 8, 10]);
    expect(await count({ status: ['REPORTED'] })).toHaveLength(12);
    expect(await count({ status: ['CLOSED'] })).toEqual([]);
    // Received 40 days ago: every one has overdue tasks.
    expect(await count({ overdue: true })).toHaveLength(12);
    expect(await count({ overdue: false })).toEqual([]);
    const from = new Date(Date.now() - 40 * 86_400_000 + 2 * 86_400_000 - 60_000).toISOString();
    const to = new Date(Date.now() - 40 * 86_400_000 + 5 * 86_400_000 - 60_000).toISOString();
    expect(await count({ receivedFrom: from, receivedTo: to })).toEqual([2, 3, 4]);
  });

  it('shows a member only the incidents of its unit subtree', async () => {
    const eastOnly = await ok<any>(server.url, LIST, { first: 50 }, eastLiaison.token);
    expect(eastOnly.incidents.edges.every((e: any) => e.node.unit.name === '东村')).toBe(true);
    expect(eastOnly.incidents.edges).toHaveLength(8);
    const westOne = await gql(server.url, `query($id: ID!) { incident(id: $id) { id } }`, { id: ids[0] }, eastLiaison.token);
    expect(westOne.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const westSubtree = await gql(server.url, LIST, { first: 5, filter: { unitSubtree: west } }, eastLiaison.token);
    expect(westSubtree.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const mine = await ok<any>(server.url, LIST, { first: 50 }, westLiaison.token);
    expect(mine.incidents.edges).toHaveLength(4);
  });
});
