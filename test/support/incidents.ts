// Helpers for incident tests: a published plan written straight to the
// database (for tests that are not about plans), and the GraphQL documents.
import { ref } from '@mikro-orm/core';
import { withSystemContext } from '../../src/platform/system-context.js';
import { tenantActor } from '../../src/modules/tenant/system-actor.service.js';
import { setTenantScope } from '../../src/platform/db/tenant-scope.js';
import { audited } from '../../src/platform/audit/mutation.js';
import { parseGlobalId } from '../../src/platform/ids.js';
import { Tenant } from '../../src/modules/tenant/tenant.entity.js';
import { Member } from '../../src/modules/member/member.entity.js';
import { Plan, PlanStatus } from '../../src/modules/plan/plan.entity.js';
import { DutyKind, type ResponseLevel } from '../../src/modules/plan/plan.model.js';
import type { TestServer } from './server.js';
import type { TenantFixture } from './fixtures.js';
import { IncidentCategory, LevelReached } from '../../src/modules/incident/incident.model.js';

export const raw = (globalId: string) => parseGlobalId(globalId)!.id;

/** Runs audited work as the tenant's first administrator (behind the API, for fixtures). */
export async function asAdmin<T>(server: TestServer, tenant: TenantFixture, work: (em: import('@mikro-orm/postgresql').EntityManager) => T | Promise<T>): Promise<T> {
  const tid = raw(tenant.id);
  const admin = await withSystemContext(server.deps, null, async (ctx) => {
    await setTenantScope(ctx.em, tid, null);
    return ctx.em.findOneOrFail(Member, { tenant: tid, user: { email: tenant.adminEmail } }, { filters: false, populate: ['user'] });
  });
  const actor = await tenantActor(server.deps, tid, { userId: admin.user.id, email: tenant.adminEmail, memberId: admin.id, roleLabels: ['TENANT_ADMIN'] });
  return withSystemContext(server.deps, actor, async (ctx) => {
    const out = await audited(ctx, 'test.fixture', async (tx) => ({ result: await work(tx.em) }));
    if (!out.ok) throw new Error(JSON.stringify(out.errors));
    return out.value;
  });
}

/** Publishes a plan version directly (supersedes the current one). */
export async function publishPlan(server: TestServer, tenant: TenantFixture, levels: ResponseLevel[], title = '测试预案'): Promise<{ id: string; version: number }> {
  const tid = raw(tenant.id);
  return asAdmin(server, tenant, async (em) => {
    const current = await em.find(Plan, { tenant: tid });
    for (const p of current) if (p.status === PlanStatus.PUBLISHED) p.status = PlanStatus.SUPERSEDED;
    await em.flush();
    const version = current.length + 1;
    const plan = em.create(Plan, { tenant: ref(Tenant, tid), version, status: PlanStatus.PUBLISHED, title, levels, publishedAt: new Date() });
    return { id: plan.id, version };
  });
}

const due = (amount: number, unit: 'MINUTES' | 'HOURS' | 'DAYS') => ({ amount, unit });

/** A small township plan: a baseline level, a group level and a county level. */
export const TEST_LEVELS: ResponseLevel[] = [
  {
    key: 'TOWNSHIP_SINGLE', name: '乡镇单访', severity: 1, trigger: { combine: 'ALL', conditions: [] },
    duties: [
      { key: 'notify', kind: DutyKind.NOTIFY, roleKey: 'OFFICE_DIRECTOR', action: '接报后30分钟内报告领导小组', due: due(30, 'MINUTES'), evidenceRequired: false, escalation: { notifyRoleKey: 'DEPUTY_LEADER' } },
      { key: 'receive', kind: DutyKind.RECEIVE_AND_EXPLAIN, roleKey: 'LIAISON', action: '接待信访人，听取诉求并做好记录', due: due(2, 'HOURS'), evidenceRequired: true },
      { key: 'daily', kind: DutyKind.DAILY_REPORT, roleKey: 'LIAISON', action: '每日报告（有情况报情况，无情况报平安）', due: due(1, 'DAYS'), recurring: { every: due(1, 'DAYS') }, evidenceRequired: false },
    ],
  },
  {
    key: 'TOWNSHIP_GROUP', name: '乡镇集体访', severity: 2,
    trigger: { combine: 'ANY', conditions: [{ kind: 'CATEGORY', categories: [IncidentCategory.GROUP_VISIT] }, { kind: 'HEADCOUNT', min: 5 }] },
    duties: [
      { key: 'own', kind: DutyKind.OWN_CASE, roleKey: 'DEPUTY_LEADER', action: '领导包案', due: due(1, 'HOURS'), evidenceRequired: false },
      { key: 'scene', kind: DutyKind.ARRIVE_ON_SCENE, roleKey: 'OFFICE_DIRECTOR', action: '30分钟内赶赴现场', due: due(30, 'MINUTES'), evidenceRequired: false },
      { key: 'daily', kind: DutyKind.DAILY_REPORT, roleKey: 'OFFICE_DIRECTOR', action: '每日报告', due: due(1, 'DAYS'), recurring: { every: due(1, 'DAYS') }, evidenceRequired: false },
    ],
  },
  {
    key: 'COUNTY', name: '越级到县', severity: 3,
    trigger: { combine: 'ALL', conditions: [{ kind: 'LEVEL_REACHED', atLeast: LevelReached.COUNTY }] },
    duties: [
      { key: 'notify_leader', kind: DutyKind.NOTIFY, roleKey: 'GROUP_LEADER', action: '1小时内报告组长', due: due(1, 'HOURS'), evidenceRequired: false },
      { key: 'coordinate', kind: DutyKind.COORDINATE, roleKey: 'DEPUTY_LEADER', action: '协调县信访局做好接待', due: due(2, 'HOURS'), evidenceRequired: false },
    ],
  },
];

export const INCIDENT_FIELDS = `id status version receiptNumber levelKey levelName levelSeverity planVersion category levelReached headcount
  decision reply overdue confidential
  unit { id name }
  caseOwner { id displayName }
  onDutyMember { id }
  tasks { id dutyKey dutyKind status dueAt occurrence evidenceRequired escalationRoleKey assignee { id } role { key } overdue }
  clocks { id kind party state dueAt originalDueAt metAt extensionDays explanation fallbackYears overdue }`;

export const REPORT_INCIDENT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) {
  incident { ${INCIDENT_FIELDS} } receipt { receiptNumber accessCode } warnings { code message } userErrors { code field message } } }`;

export function reportInput(unitId: string, extra: Record<string, unknown> = {}) {
  return {
    category: 'INDIVIDUAL_VISIT',
    levelReached: 'OWN',
    headcount: 1,
    place: '乡政府信访接待室',
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    summary: '反映土地征收补偿款未按时发放',
    demands: '要求尽快发放补偿款并公开标准',
    unitId,
    petitioners: [{ name: '张三', contact: '13800000000' }],
    ...extra,
  };
}

export const mutationDoc = (name: string, inputType: string, selection = `incident { ${INCIDENT_FIELDS} }`) =>
  `mutation($input: ${inputType}!) { ${name}(input: $input) { ${selection} userErrors { code field message } } }`;

/**
 * Completes a task as `member`, who takes it over first when it is someone
 * else's (only the assignee completes a task; `member` must be allowed to
 * reassign); an on-scene duty gets the arrival a minute ago. The completion's payload.
 */
export async function takeOverAndComplete(url: string, member: { memberId: string; token: string }, taskId: string, input: Record<string, unknown> = {}, selection = 'task { id status }'): Promise<any> {
  const { gql } = await import('./client.js');
  const read = await gql<any>(url, 'query($id: ID!) { node(id: $id) { ... on IncidentTask { dutyKind assignee { id } } } }', { id: taskId }, member.token);
  const task = read.data?.node;
  if (!task) throw new Error(`task ${taskId}: ${JSON.stringify(read.errors)}`);
  if (task.assignee?.id !== member.memberId) {
    const r = await gql<any>(url, mutationDoc('reassignTask', 'ReassignTaskInput', 'task { id }'), { input: { taskId, memberId: member.memberId, reason: '接手办结' } }, member.token);
    if (r.errors || r.data.reassignTask.userErrors.length) throw new Error(`reassignTask: ${JSON.stringify(r.errors ?? r.data.reassignTask.userErrors)}`);
  }
  const arrival = task.dutyKind === 'ARRIVE_ON_SCENE' ? { arrivedAt: new Date(Date.now() - 60_000).toISOString() } : {};
  const done = await gql<any>(url, mutationDoc('completeTask', 'CompleteTaskInput', selection), { input: { taskId, ...arrival, ...input } }, member.token);
  if (done.errors) throw new Error(`completeTask: ${JSON.stringify(done.errors)}`);
  return done.data.completeTask;
}
