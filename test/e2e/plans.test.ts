import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant } from '../support/fixtures.js';
import { FULL_LEVEL_FIELDS, PLAN_FIELDS, TRIGGER_FRAGMENT, createDraft, levelInput, publish, updateDraft } from '../support/plans.js';

let server: TestServer;
let platform: { token: string };

beforeAll(async () => {
  server = await startTestServer();
  platform = await platformAdmin(server);
});
afterAll(async () => {
  await server?.stop();
});

describe('templates', () => {
  it('a platform administrator reads the templates before provisioning (no tenant needed)', async () => {
    const out = await ok<any>(server.url, `{ planTemplates { key tenantKinds levels { key } } }`, {}, platform.token);
    const county = out.planTemplates.find((t: any) => t.tenantKinds.includes('COUNTY'));
    expect(county).toMatchObject({ key: 'COUNTY' });
    expect(county.levels.map((l: any) => l.key)).toContain('REACHED_HIGHER');
    expect(out.planTemplates.find((t: any) => t.tenantKinds.includes('CITY'))).toMatchObject({ key: 'CITY_COUNTY' });
  });

  for (const kind of ['DISCIPLINE_COMMISSION', 'TOWNSHIP', 'ENTERPRISE', 'TOWN', 'COUNTY', 'CITY']) {
    it(`provisioning a ${kind} tenant drafts its template, which publishes without errors`, async () => {
      const tenant = await provisionTenant(server, platform.token, kind);
      const leader = await addMember(server, tenant, ['GROUP_LEADER']);
      const list = await ok<any>(server.url, `{ plans(first: 5) { totalCount edges { node { ${PLAN_FIELDS} } } } activePlan { id } }`, {}, leader.token);
      expect(list.plans.totalCount).toBe(1);
      expect(list.activePlan).toBeNull();
      const draft = list.plans.edges[0].node;
      expect(draft).toMatchObject({ version: 1, status: 'DRAFT', revision: 1, problems: [] });
      expect(draft.levels.length).toBeGreaterThanOrEqual(3);
      for (const l of draft.levels) for (const d of l.duties) expect(d.roleName).toBeTruthy();
      const out = await publish(server, leader.token, draft.id);
      expect(out.userErrors).toEqual([]);
      expect(out.plan).toMatchObject({ version: 1, status: 'PUBLISHED' });
      expect(out.superseded).toBeNull();
      const active = await ok<any>(server.url, `{ activePlan { id version status templateKey } }`, {}, leader.token);
      expect(active.activePlan).toMatchObject({ id: draft.id, status: 'PUBLISHED' });
    });
  }
});

describe('who writes the plan', () => {
  it('a deputy seated in a village (乡长 over part of the township) neither drafts nor edits the plan; a leader over the whole tenant does', async () => {
    const tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
    const village = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '东村', 'VILLAGE');
    // A 乡长 handling his village only (named: a deputy's usual jurisdiction is the whole township).
    const deputy = await addMember(server, tenant, ['DEPUTY_LEADER'], village, [village]);
    const leader = await addMember(server, tenant, ['GROUP_LEADER']);
    const draftInput = { source: 'BLANK', title: '乡长起草的预案' };
    const refused = await gql<any>(server.url, `mutation($input: CreatePlanDraftInput!) { createPlanDraft(input: $input) { plan { id } userErrors { code field } } }`, { input: draftInput }, deputy.token);
    expect(refused.data.createPlanDraft).toEqual({ plan: null, userErrors: [{ code: 'JURISDICTION_TOO_NARROW', field: ['input'] }] });
    const list = await ok<any>(server.url, `{ plans(first: 5) { totalCount edges { node { id } } } }`, {}, leader.token);
    expect(list.plans.totalCount).toBe(1);
    const templateDraft = list.plans.edges[0].node.id;
    expect((await updateDraft(server, deputy.token, { planId: templateDraft, title: '改' })).userErrors.map((e) => e.code)).toEqual(['JURISDICTION_TOO_NARROW']);
    expect((await publish(server, leader.token, templateDraft)).userErrors).toEqual([]);
  });
});

const raw = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

async function dbRows(sql: string, params: unknown[] = []) {
  const { superuserClient } = await import('../support/db.js');
  const client = await superuserClient(server.databaseUrl);
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe('plan lifecycle', () => {
  let tenant: Awaited<ReturnType<typeof provisionTenant>>;
  let leader: Awaited<ReturnType<typeof addMember>>;
  let office: Awaited<ReturnType<typeof addMember>>;
  let liaison: Awaited<ReturnType<typeof addMember>>;
  let v1: any;

  beforeAll(async () => {
    tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
    leader = await addMember(server, tenant, ['GROUP_LEADER']);
    office = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
    liaison = await addMember(server, tenant, ['LIAISON']);
    v1 = (await ok<any>(server.url, `{ plans(first: 1) { edges { node { ${PLAN_FIELDS} } } } }`, {}, office.token)).plans.edges[0].node;
  });

  it('separates drafting from publishing', async () => {
    const denied = await gql(server.url, `mutation($id: ID!) { publishPlan(input: { planId: $id }) { plan { id } } }`, { id: v1.id }, office.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const liaisonDraft = await gql(server.url, `mutation { createPlanDraft(input: { source: BLANK }) { plan { id } } }`, {}, liaison.token);
    expect(liaisonDraft.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const liaisonRead = await ok<any>(server.url, `{ plans { totalCount } }`, {}, liaison.token);
    expect(liaisonRead.plans.totalCount).toBe(1);
    // The office drafts, the leader (who holds every permission below it) drafts too.
    const own = await createDraft(server, office.token, { source: 'BLANK', title: '试拟稿' });
    expect(own).toMatchObject({ status: 'DRAFT', version: 2, title: '试拟稿' });
    const discarded = await ok<any>(server.url, `mutation($id: ID!) { deletePlanDraft(input: { planId: $id }) { deletedPlanId userErrors { code } } }`, { id: own.id }, leader.token);
    expect(discarded.deletePlanDraft.deletedPlanId).toBe(own.id);
    expect((await publish(server, leader.token, v1.id)).plan.status).toBe('PUBLISHED');
  });

  it('copies the published version, edits only drafts, and supersedes atomically', async () => {
    const v2 = await createDraft(server, office.token, { source: 'PUBLISHED' });
    expect(v2).toMatchObject({ status: 'DRAFT', revision: 1, templateKey: 'TOWNSHIP_DISCIPLINE' });
    expect(v2.levels).toEqual(v1.levels);
    const levels = (await ok<any>(server.url, `query($id: ID!) { plan(id: $id) { levels { ${FULL_LEVEL_FIELDS} } } } ${TRIGGER_FRAGMENT}`, { id: v2.id }, office.token)).plan.levels;
    const changed = levels.map(levelInput);
    changed[0].duties[0].due = { amount: 10, unit: 'MINUTES' };
    const edit = await updateDraft(server, office.token, { planId: v2.id, expectedRevision: 1, title: '乡镇纪委信访举报工作应急预案（2026年修订）', levels: changed });
    expect(edit.userErrors).toEqual([]);
    expect(edit.plan.revision).toBe(2);
    const stale = await updateDraft(server, office.token, { planId: v2.id, expectedRevision: 1, purpose: '过时的修改' });
    expect(stale.userErrors).toEqual([expect.objectContaining({ code: 'STALE_OBJECT', field: ['input', 'expectedRevision'] })]);

    // A published version never changes.
    const frozen = await updateDraft(server, office.token, { planId: v1.id, title: '篡改' });
    expect(frozen.userErrors).toEqual([expect.objectContaining({ code: 'PLAN_NOT_DRAFT', field: ['input', 'planId'] })]);
    expect((await publish(server, leader.token, v1.id)).userErrors[0]?.code).toBe('PLAN_NOT_DRAFT');

    const diff = await ok<any>(server.url, `query($a: ID!, $b: ID!) { planDiff(fromId: $a, toId: $b) { from { version } to { version } changes { path kind before after } } }`, { a: v1.id, b: v2.id }, liaison.token);
    expect(diff.planDiff.changes).toEqual([
      { path: ['title'], kind: 'CHANGED', before: '乡镇纪委信访举报工作应急预案', after: '乡镇纪委信访举报工作应急预案（2026年修订）' },
      { path: ['levels', changed[0].key, 'duties', changed[0].duties[0].key, 'due'], kind: 'CHANGED', before: levels[0].duties[0].due, after: { amount: 10, unit: 'MINUTES' } },
    ]);

    const out = await publish(server, leader.token, v2.id, { expectedRevision: 2, reason: '年度修订' });
    expect(out.userErrors).toEqual([]);
    expect(out.plan).toMatchObject({ id: v2.id, status: 'PUBLISHED' });
    expect(out.superseded).toMatchObject({ id: v1.id, status: 'SUPERSEDED' });
    const rows = await dbRows(`select id, status, superseded_by_id, published_at, superseded_at from plan where tenant_id = $1 order by version`, [raw(tenant.id)]);
    expect(rows.map((r) => r.status)).toEqual(['SUPERSEDED', 'PUBLISHED']);
    expect(rows[0].superseded_by_id).toBe(raw(v2.id));
    expect(rows[0].superseded_at.getTime()).toBe(rows[1].published_at.getTime());
    // One transaction, one log entry holding both changes.
    const entries = await dbRows(`select changes, reason from log_entry where tenant_id = $1 and action = 'plan.publish' and target_id = $2`, [raw(tenant.id), raw(v2.id)]);
    expect(entries).toHaveLength(1);
    expect(entries[0].reason).toBe('年度修订');
    expect(entries[0].changes.map((c: any) => [c.id, c.after.status])).toEqual([[raw(v1.id), 'SUPERSEDED'], [raw(v2.id), 'PUBLISHED']]);

    const active = await ok<any>(server.url, `{ activePlan { id supersededBy { id } basedOn { id } publishedBy { displayName } } plans(status: SUPERSEDED) { edges { node { id supersededBy { id } } } } }`, {}, liaison.token);
    expect(active.activePlan).toMatchObject({ id: v2.id, basedOn: { id: v1.id }, supersededBy: null, publishedBy: { displayName: leader.email.split('@')[0] } });
    expect(active.plans.edges).toEqual([{ node: { id: v1.id, supersededBy: { id: v2.id } } }]);
  });

  it('a failed publish changes nothing', async () => {
    const before = await dbRows(`select id, status from plan where tenant_id = $1 order by version`, [raw(tenant.id)]);
    const broken = await createDraft(server, office.token, { source: 'BLANK' });
    const out = await publish(server, leader.token, broken.id);
    expect(out.userErrors).toEqual([expect.objectContaining({ code: 'PLAN_HAS_NO_LEVELS', field: ['input', 'levels'] })]);
    const after = await dbRows(`select id, status from plan where tenant_id = $1 and id <> $2 order by version`, [raw(tenant.id), raw(broken.id)]);
    expect(after).toEqual(before);
    const entries = await dbRows(`select count(*)::int as n from log_entry where tenant_id = $1 and action = 'plan.publish' and target_id = $2`, [raw(tenant.id), raw(broken.id)]);
    expect(entries[0].n).toBe(0);
  });

  it('two concurrent publishes leave exactly one PUBLISHED version', async () => {
    for (let round = 0; round < 3; round++) {
      const a = await createDraft(server, office.token, { source: 'PUBLISHED' });
      const b = await createDraft(server, office.token, { source: 'PUBLISHED' });
      const [ra, rb] = await Promise.all([publish(server, leader.token, a.id), publish(server, leader.token, b.id)]);
      expect([ra.userErrors, rb.userErrors]).toEqual([[], []]);
      const published = await dbRows(`select id from plan where tenant_id = $1 and status = 'PUBLISHED'`, [raw(tenant.id)]);
      expect(published).toHaveLength(1);
      // The later of the two superseded the earlier: the chain stays a chain.
      const winner = published[0].id;
      const loser = winner === raw(a.id) ? raw(b.id) : raw(a.id);
      const chain = await dbRows(`select status, superseded_by_id from plan where tenant_id = $1 and id = $2`, [raw(tenant.id), loser]);
      expect(chain[0]).toEqual({ status: 'SUPERSEDED', superseded_by_id: winner });
    }
    // The same draft published twice at once: once.
    const c = await createDraft(server, office.token, { source: 'PUBLISHED' });
    const results = await Promise.all([publish(server, leader.token, c.id), publish(server, leader.token, c.id)]);
    expect(results.map((r) => r.userErrors.map((e) => e.code)).sort()).toEqual([[], ['PLAN_NOT_DRAFT']]);
    expect(await dbRows(`select count(*)::int as n from plan where tenant_id = $1 and status = 'PUBLISHED'`, [raw(tenant.id)])).toEqual([{ n: 1 }]);
  });

  it('the database itself refuses a second PUBLISHED version', async () => {
    const superseded = await dbRows(`select id from plan where tenant_id = $1 and status = 'SUPERSEDED' limit 1`, [raw(tenant.id)]);
    await expect(dbRows(`update plan set status = 'PUBLISHED' where tenant_id = $1 and id = $2`, [raw(tenant.id), superseded[0].id])).rejects.toThrow(/plan_one_published_per_tenant/);
  });

  it('reports every validation failure with its code and field path', async () => {
    const draft = await createDraft(server, office.token, { source: 'BLANK' });
    const removed = await addMember(server, tenant, ['MEMBER']);
    await ok(server.url, `mutation($id: ID!) { removeMember(input: { memberId: $id }) { member { id } userErrors { code } } }`, { id: removed.memberId }, tenant.adminToken);
    const d = (over: Record<string, unknown> = {}) => ({ key: 'd', kind: 'NOTIFY', roleKey: 'OFFICE_DIRECTOR', action: '报告', due: { amount: 1, unit: 'HOURS' }, ...over });
    const all = (conditions: unknown[]) => ({ combine: 'ALL', conditions });
    const levels = [
      { key: 'A', name: '甲', severity: 10, trigger: all([]), duties: [d(), d({ key: 'd' })] },
      { key: 'A', name: '乙', severity: 20, trigger: all([{ kind: 'HEADCOUNT', min: 5, max: 3 }]), duties: [d({ roleKey: 'NO_SUCH_ROLE' })] },
      { key: 'C', name: '丙', severity: 20, trigger: all([{ kind: 'ALERT_PERIOD', active: true }, { kind: 'ALERT_PERIOD', active: false }]), duties: [d({ due: { amount: 0, unit: 'MINUTES' } })] },
      { key: 'D', name: '丁', severity: 40, trigger: all([{ kind: 'CATEGORY', categories: [] }]), duties: [d({ escalation: { notifyRoleKey: 'OFFICE_DIRECTOR' } }), d({ key: 'e', escalation: { notifyRoleKey: 'LIAISON' } }), d({ key: 'f', recurringEvery: { amount: 0, unit: 'DAYS' }, escalation: { notifyRoleKey: 'DEPUTY_LEADER' } })] },
    ];
    const organisation = {
      leadingGroup: { name: '领导小组', positions: [{ roleKey: 'GROUP_LEADER', title: '组长', memberIds: [leader.memberId, removed.memberId] }] },
      office: { name: '办公室', positions: [{ roleKey: 'SECRETARY', title: '秘书' }] },
    };
    const edit = await updateDraft(server, office.token, { planId: draft.id, levels, organisation });
    expect(edit.userErrors).toEqual([]);
    const expected = [
      ['UNKNOWN_MEMBER', 'input.organisation.leadingGroup.positions.0.memberIds.1'],
      ['UNKNOWN_ROLE', 'input.organisation.office.positions.0.roleKey'],
      ['DUPLICATE_DUTY_KEY', 'input.levels.0.duties.1.key'],
      ['DUPLICATE_LEVEL_KEY', 'input.levels.1.key'],
      ['UNMATCHABLE_LEVEL', 'input.levels.1.trigger.conditions.0'],
      ['UNKNOWN_ROLE', 'input.levels.1.duties.0.roleKey'],
      ['DUPLICATE_SEVERITY', 'input.levels.2.severity'],
      ['UNMATCHABLE_LEVEL', 'input.levels.2.trigger.conditions.1'],
      ['NON_POSITIVE_DEADLINE', 'input.levels.2.duties.0.due.amount'],
      ['UNMATCHABLE_LEVEL', 'input.levels.3.trigger.conditions.0'],
      ['ESCALATION_LOOP', 'input.levels.3.duties.0.escalation.notifyRoleKey'],
      ['ESCALATION_NOT_UPWARD', 'input.levels.3.duties.1.escalation.notifyRoleKey'],
      ['NON_POSITIVE_DEADLINE', 'input.levels.3.duties.2.recurringEvery.amount'],
    ];
    expect(edit.plan.problems.map((p: any) => [p.code, p.field.join('.')])).toEqual(expected);
    const out = await publish(server, leader.token, draft.id);
    expect(out.userErrors.map((p) => [p.code, p.field.join('.')])).toEqual(expected);
    for (const e of out.userErrors) expect(e.message.length).toBeGreaterThan(5);

    // Shapes are refused at once, with paths, and nothing is stored.
    const bad = await updateDraft(server, office.token, {
      planId: draft.id,
      levels: [{ key: 'x', name: '', severity: -1, trigger: { combine: 'ALL', conditions: [{ kind: 'CATEGORY', categories: ['LETTER'], active: true }] }, duties: [d({ key: '1bad', due: { amount: 400, unit: 'DAYS' } })] }],
    });
    expect(bad.plan).toBeNull();
    expect(bad.userErrors.map((e) => [e.code, e.field.join('.')])).toEqual([
      ['INVALID_INPUT', 'input.levels.0.key'],
      ['INVALID_INPUT', 'input.levels.0.severity'],
      ['INVALID_INPUT', 'input.levels.0.name'],
      ['INVALID_CONDITION', 'input.levels.0.trigger.conditions.0.active'],
      ['INVALID_INPUT', 'input.levels.0.duties.0.key'],
      ['INVALID_INPUT', 'input.levels.0.duties.0.due'],
    ]);
  });

  it('is NOT_FOUND across tenants', async () => {
    const other = await provisionTenant(server, platform.token, 'TOWN');
    const res = await gql(server.url, `query($id: ID!) { plan(id: $id) { id } }`, { id: v1.id }, other.adminToken);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN'); // a tenant admin lacks PLAN_READ
    const otherLeader = await addMember(server, other, ['GROUP_LEADER']);
    for (const q of [`query($id: ID!) { plan(id: $id) { id } }`, `query($id: ID!) { node(id: $id) { id } }`, `query($id: ID!) { planDiff(fromId: $id, toId: $id) { changes { kind } } }`]) {
      const hidden = await gql(server.url, q, { id: v1.id }, otherLeader.token);
      expect(hidden.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    }
    const edit = await updateDraft(server, otherLeader.token, { planId: v1.id, title: 'x' });
    expect(edit.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'planId'] })]);
    const node = await ok<any>(server.url, `query($id: ID!) { node(id: $id) { id ... on Plan { version } } }`, { id: v1.id }, liaison.token);
    expect(node.node).toEqual({ id: v1.id, version: 1 });
  });

  it('lists plans in a fixed number of statements, whatever the page size', async () => {
    const query = `query($n: Int) { plans(first: $n) { totalCount edges { node { id version status createdBy { displayName } publishedBy { displayName } basedOn { version } supersededBy { version }
      problems { code } organisation { leadingGroup { positions { roleName members { displayName } } } }
      levels { key trigger { conditions { description } } duties { roleName escalation { notifyRoleName } } } } } } }`;
    const small = await gql<any>(server.url, query, { n: 2 }, leader.token);
    const large = await gql<any>(server.url, query, { n: 12 }, leader.token);
    expect(small.errors).toBeUndefined();
    expect(large.data.plans.edges.length).toBeGreaterThan(small.data.plans.edges.length + 5);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });
});

describe('preview', () => {
  it('answers the level of facts under the published version, or a named draft', async () => {
    const tenant = await provisionTenant(server, platform.token, 'ENTERPRISE');
    const leader = await addMember(server, tenant, ['GROUP_LEADER']);
    const none = await gql(server.url, `{ previewResponseLevel(facts: { category: GROUP_VISIT, headcount: 3 }) { level { key } } }`, {}, leader.token);
    expect(none.errors?.[0]?.extensions?.code).toBe('NO_PUBLISHED_PLAN');
    const draft = (await ok<any>(server.url, `{ plans { edges { node { id } } } }`, {}, leader.token)).plans.edges[0].node;
    const onDraft = await ok<any>(server.url, `query($id: ID) { previewResponseLevel(planId: $id, facts: { category: GROUP_VISIT, headcount: 3 }) { level { key name } matchedLevelKeys explanation { path description matched } } }`, { id: draft.id }, leader.token);
    expect(onDraft.previewResponseLevel).toEqual({
      level: { key: 'COLLECTIVE_VISIT', name: '三人以上集体访' },
      matchedLevelKeys: ['COLLECTIVE_VISIT'],
      explanation: [
        { path: 'conditions[0]', description: '人数3人以上（含） / headcount at least 3', matched: true },
        { path: 'conditions[1]', description: '到达层级为本级 / level reached is one of [OWN]', matched: true },
      ],
    });
    await publish(server, leader.token, draft.id);
    const published = await ok<any>(server.url, `{ previewResponseLevel(facts: { category: INDIVIDUAL_VISIT, levelReached: CITY, headcount: 4 }) { plan { status } level { key } alertPeriodActive } }`, {}, leader.token);
    expect(published.previewResponseLevel).toEqual({ plan: { status: 'PUBLISHED' }, level: { key: 'BEYOND_MINE_GROUP' }, alertPeriodActive: false });
    const bad = await gql(server.url, `{ previewResponseLevel(facts: { category: LETTER, headcount: 0 }) { level { key } } }`, {}, leader.token);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: ['facts', 'headcount'] });
  });
});
