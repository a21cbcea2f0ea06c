// readReportContext reads, in one statement composed of other modules' SQL
// fragments, what seven services would answer one by one. On a tenant with a
// roster, alert periods, custom roles and members on several units, its
// answers must equal theirs, for every unit and at several times.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { TEST_LEVELS, publishPlan, raw } from '../support/incidents.js';
import { withSystemContext } from '../../src/platform/system-context.js';
import { tenantActor } from '../../src/modules/tenant/system-actor.service.js';
import type { Ctx } from '../../src/platform/context.js';
import { readReportContext, type ReportContext } from '../../src/modules/incident/report-context.js';
import { candidatesFor } from '../../src/modules/incident/duty-assignment.service.js';
import { planService } from '../../src/modules/plan/plan.service.js';
import { alertPeriodService } from '../../src/modules/alert-period/alert-period.service.js';
import { rosterService } from '../../src/modules/roster/roster.service.js';
import { calendarService } from '../../src/modules/calendar/calendar.service.js';
import { roleService, type RoleGraph } from '../../src/modules/role/role.service.js';
import { Unit } from '../../src/modules/unit/unit.entity.js';

let server: TestServer;
let tenant: TenantFixture;
const units: Record<string, string> = {};
let leader: { memberId: string };
let deputy: { memberId: string; token: string };
let office: { memberId: string };

const SAVE = `mutation($input: SaveRosterInput!) { saveRoster(input: $input) { userErrors { code field message } } }`;
const DECLARE = `mutation($input: DeclareAlertPeriodInput!) { declareAlertPeriod(input: $input) { userErrors { code field message } } }`;
const hours = (n: number) => new Date(Date.now() + n * 3_600_000);

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWN');
  units.root = tenant.rootUnitId;
  units.south = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '南村', 'VILLAGE');
  units.southGroup = await createUnit(server, tenant.adminToken, units.south, '南村一组', 'OTHER');
  units.north = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '北村', 'VILLAGE');
  units.office = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '维稳办', 'OFFICE');
  units.archived = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '旧站', 'OTHER');
  const archived = await ok<any>(server.url, `mutation($id: ID!) { archiveUnit(input: {unitId: $id}) { userErrors { code } } }`, { id: units.archived }, tenant.adminToken);
  expect(archived.archiveUnit.userErrors).toEqual([]);

  // A custom role below the office director, and members on every level of the tree.
  const custom = await ok<any>(server.url, `mutation($p: ID) { createRole(input: { name: "网格员", parentId: $p, permissions: [INCIDENT_READ, INCIDENT_ACT] }) { role { id } userErrors { code message } } }`, { p: tenant.roles.LIAISON }, tenant.adminToken);
  tenant.roles['网格员'] = custom.createRole.role.id;
  leader = await addMember(server, tenant, ['GROUP_LEADER']);
  deputy = await addMember(server, tenant, ['DEPUTY_LEADER']);
  office = await addMember(server, tenant, ['OFFICE_DIRECTOR', 'MEMBER'], units.office);
  await addMember(server, tenant, ['LIAISON'], units.south);
  await addMember(server, tenant, ['网格员'], units.southGroup);
  await addMember(server, tenant, ['MEMBER'], units.north);
  await publishPlan(server, tenant, TEST_LEVELS);

  // Shifts running now on the root and on 南村; alert periods on 南村 (now) and 北村 (later).
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const shift = (unitId: string, onDuty: string) =>
    ({ unitId, from: day, to: day, shifts: [{ date: day, startTime: '00:00', endTime: '23:59', onDutyMemberId: onDuty, leaderOnCallMemberId: leader.memberId }] });
  for (const input of [shift(units.root, office.memberId), shift(units.south, deputy.memberId)]) {
    const out = await ok<any>(server.url, SAVE, { input }, deputy.token);
    expect(out.saveRoster.userErrors).toEqual([]);
  }
  const declare = async (input: Record<string, unknown>) => {
    const out = await ok<any>(server.url, DECLARE, { input }, deputy.token);
    expect(out.declareAlertPeriod.userErrors).toEqual([]);
  };
  await declare({ name: '南村敏感期', unitId: units.south, startsAt: hours(-1).toISOString(), endsAt: hours(5).toISOString() });
  await declare({ name: '北村会议期间', unitId: units.north, startsAt: hours(2).toISOString(), endsAt: hours(8).toISOString() });
});
afterAll(async () => {
  await server?.stop();
});

function asMember<T>(work: (ctx: Ctx) => Promise<T>): Promise<T> {
  return (async () => {
    const actor = await tenantActor(server.deps, raw(tenant.id), { userId: randomUUID(), email: 'parity@test.local', memberId: raw(office.memberId), roleLabels: ['OFFICE_DIRECTOR'] });
    return withSystemContext(server.deps, actor, work);
  })();
}

const graphShape = (g: RoleGraph) =>
  [...g.roles.values()]
    .map((r) => ({ id: r.id, key: r.key ?? null, name: r.name, parent: r.parent?.id ?? null, leader: r.leader, permissions: [...r.permissions].sort() }))
    .sort((a, b) => a.id.localeCompare(b.id));

const membersShape = (members: ReportContext['chainMembers']) =>
  members.map((m) => ({ ...m, roleIds: [...m.roleIds].sort() })).sort((a, b) => a.memberId.localeCompare(b.memberId));

describe('the report context', () => {
  it('answers what the services answer, for every unit and at several times', async () => {
    const times = [new Date(), hours(3), hours(-3)];
    let compared = 0;
    for (const [name, globalId] of Object.entries(units)) {
      const unitId = raw(globalId);
      for (const receivedAt of times) {
        const now = new Date();
        const [context, clock, graph] = await asMember(async (ctx) => {
          const c = await readReportContext(ctx, unitId, receivedAt, now);
          // What it primed is what the request then reads.
          return [c, await calendarService.clock(ctx), await roleService.graph(ctx)] as const;
        });
        const expected = await asMember(async (ctx) => {
          const unit = await ctx.em.findOne(Unit, { id: unitId });
          const g = await roleService.graph(ctx);
          return {
            unit: unit ? { id: unit.id, path: unit.path, archivedAt: unit.archivedAt ?? null } : null,
            snapshot: await planService.activeSnapshot(ctx),
            alertPeriodActive: unit ? await alertPeriodService.activeAt(ctx, receivedAt, unit.path) : false,
            duty: await rosterService.onDuty(ctx, now, unitId),
            chainMembers: unit ? await candidatesFor(ctx, unit.path, [...g.roles.keys()]) : [],
            clock: await calendarService.clock(ctx),
            graph: g,
          };
        });
        const where = `${name} at ${receivedAt.toISOString()}`;
        expect(context.unit, where).toEqual(expected.unit);
        expect(context.snapshot, where).toEqual(expected.snapshot);
        expect(context.alertPeriodActive, where).toBe(expected.alertPeriodActive);
        expect(context.duty, where).toEqual(expected.duty);
        expect(membersShape(context.chainMembers), where).toEqual(membersShape(expected.chainMembers));
        expect(JSON.stringify(clock), where).toBe(JSON.stringify(expected.clock));
        expect(graphShape(graph), where).toEqual(graphShape(expected.graph));
        compared++;
      }
    }
    expect(compared).toBe(Object.keys(units).length * times.length);
  });

  it('covers the cases that matter: an alert period on, someone on duty, an archived unit, members above and below', async () => {
    const south = await asMember((ctx) => readReportContext(ctx, raw(units.southGroup), new Date(), new Date()));
    expect(south.alertPeriodActive).toBe(true);
    expect(south.duty.memberIds).toEqual([raw(deputy.memberId)]);
    expect(south.chainMembers.length).toBeGreaterThanOrEqual(4);
    const north = await asMember((ctx) => readReportContext(ctx, raw(units.north), new Date(), new Date()));
    expect(north.alertPeriodActive).toBe(false);
    expect(north.duty.memberIds).toEqual([raw(office.memberId)]);
    const archived = await asMember((ctx) => readReportContext(ctx, raw(units.archived), new Date(), new Date()));
    expect(archived.unit?.archivedAt).toBeInstanceOf(Date);
    const missing = await asMember((ctx) => readReportContext(ctx, '00000000-0000-4000-8000-000000000000', new Date(), new Date()));
    expect(missing.unit).toBeNull();
    expect(missing.snapshot?.levels.length).toBe(TEST_LEVELS.length);
  });
});
