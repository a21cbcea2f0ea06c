// The functions incidents (issue 4) call: plan snapshots, alert periods, duty roster.
import 'reflect-metadata';
import { ref } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { withSystemContext } from '../../src/platform/system-context.js';
import { tenantActor } from '../../src/modules/tenant/system-actor.service.js';
import { audited } from '../../src/platform/audit/mutation.js';
import { parseGlobalId } from '../../src/platform/ids.js';
import { Tenant } from '../../src/modules/tenant/tenant.entity.js';
import { Plan, PlanStatus } from '../../src/modules/plan/plan.entity.js';
import { planService } from '../../src/modules/plan/plan.service.js';
import { AlertPeriod } from '../../src/modules/alert-period/alert-period.entity.js';
import { alertPeriodService } from '../../src/modules/alert-period/alert-period.service.js';
import { DutyShift } from '../../src/modules/roster/roster.entity.js';
import { rosterService } from '../../src/modules/roster/roster.service.js';
import { Unit } from '../../src/modules/unit/unit.entity.js';
import { Member } from '../../src/modules/member/member.entity.js';
import { DutyKind } from '../../src/modules/plan/plan.model.js';
import type { Actor } from '../../src/platform/context.js';
import { setTenantScope } from '../../src/platform/db/tenant-scope.js';

let server: TestServer;
let tenant: TenantFixture;
let actor: Actor;
let villageId: string;
let leaderId: string;
let staffId: string;
let staff2Id: string;

const raw = (globalId: string) => parseGlobalId(globalId)!.id;

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
  const villages = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '各村', 'OTHER');
  villageId = raw(await createUnit(server, tenant.adminToken, villages, '东村', 'VILLAGE'));
  leaderId = raw((await addMember(server, tenant, ['DEPUTY_LEADER'])).memberId);
  staffId = raw((await addMember(server, tenant, ['OFFICE_DIRECTOR'])).memberId);
  staff2Id = raw((await addMember(server, tenant, ['LIAISON'], villages)).memberId);
  const member = await withSystemContext(server.deps, null, async (ctx) => {
    await setTenantScope(ctx.em, raw(tenant.id), null);
    return ctx.em.findOneOrFail(Member, { id: leaderId }, { filters: false });
  });
  actor = await tenantActor(server.deps, raw(tenant.id), { userId: member.user.id, email: 'x@test.local', memberId: leaderId, roleLabels: ['DEPUTY_LEADER'] });
});
afterAll(async () => {
  await server?.stop();
});

function write<T>(work: (em: import('@mikro-orm/postgresql').EntityManager) => T): Promise<T> {
  return withSystemContext(server.deps, actor, async (ctx) => {
    const out = await audited(ctx, 'test.write', async (tx) => ({ result: work(tx.em) }));
    if (!out.ok) throw new Error(JSON.stringify(out.errors));
    return out.value;
  });
}

describe('plan snapshots', () => {
  it('activeSnapshot is null before a publish, then the PUBLISHED version; snapshot reads any version', async () => {
    const tid = raw(tenant.id);
    expect(await withSystemContext(server.deps, actor, (ctx) => planService.activeSnapshot(ctx))).toBeNull();
    const levels = [{
      key: 'L1', name: '一般', severity: 1, trigger: { combine: 'ALL' as const, conditions: [] },
      duties: [{ key: 'd1', kind: DutyKind.NOTIFY, roleKey: 'OFFICE_DIRECTOR', action: '报告', due: { amount: 1, unit: 'HOURS' as const }, evidenceRequired: false }],
    }];
    const [old, current] = await write((em) => [
      em.create(Plan, { tenant: ref(Tenant, tid), version: 101, status: PlanStatus.SUPERSEDED, title: '旧版', levels }),
      em.create(Plan, { tenant: ref(Tenant, tid), version: 102, status: PlanStatus.PUBLISHED, title: '现行', levels }),
    ]);
    const active = await withSystemContext(server.deps, actor, (ctx) => planService.activeSnapshot(ctx));
    expect(active).toEqual({ planId: current!.id, version: 102, title: '现行', levels, measures: [], staged: false });
    const pinned = await withSystemContext(server.deps, actor, (ctx) => planService.snapshot(ctx, old!.id));
    expect(pinned.version).toBe(101);
    await expect(withSystemContext(server.deps, actor, (ctx) => planService.snapshot(ctx, '00000000-0000-4000-8000-000000000000'))).rejects.toThrow(/not found/);
  });
});

describe('alert periods', () => {
  it('covers the subtree of the unit it was declared for, inside its window only', async () => {
    const tid = raw(tenant.id);
    const rule = { phases: [{ from: '2026-09-01T00:00:00Z', every: { amount: 1, unit: 'DAYS' as const } }], perUnit: true, zeroReportsRequired: true, dueLocalTime: '17:00', description: '' };
    await write((em) => em.create(AlertPeriod, {
      tenant: ref(Tenant, tid), name: '重大活动期间', unit: em.getReference(Unit, [tid, villageId]),
      startsAt: new Date('2026-09-01T00:00:00Z'), endsAt: new Date('2026-09-20T00:00:00Z'), reportingRule: rule, declaredBy: em.getReference(Member, [tid, leaderId]),
    }));
    const village = await withSystemContext(server.deps, actor, (ctx) => ctx.em.findOneOrFail(Unit, { id: villageId }));
    const check = (at: string, path?: string) => withSystemContext(server.deps, actor, (ctx) => alertPeriodService.activeAt(ctx, new Date(at), path));
    expect(await check('2026-09-05T00:00:00Z', village.path)).toBe(true);
    expect(await check('2026-09-05T00:00:00Z', `${village.path}child/`)).toBe(true);
    expect(await check('2026-09-05T00:00:00Z', actor.unitPath!)).toBe(false);
    expect(await check('2026-09-05T00:00:00Z')).toBe(false);
    expect(await check('2026-09-20T00:00:00Z', village.path)).toBe(false);
    expect(await check('2026-08-31T23:59:59Z', village.path)).toBe(false);
  });
});

describe('duty roster', () => {
  it('answers with the nearest unit that has a shift at that moment, shifts crossing midnight included', async () => {
    const tid = raw(tenant.id);
    const root = actor.unitId!;
    // Root duty room: 20:00 → 08:00 Beijing time (12:00Z → 00:00Z next day).
    await write((em) => [
      em.create(DutyShift, { tenant: ref(Tenant, tid), unit: em.getReference(Unit, [tid, root]), startsAt: new Date('2026-09-01T12:00:00Z'), endsAt: new Date('2026-09-02T00:00:00Z'), onDutyMember: em.getReference(Member, [tid, staffId]), leaderOnCall: em.getReference(Member, [tid, leaderId]) }),
      em.create(DutyShift, { tenant: ref(Tenant, tid), unit: em.getReference(Unit, [tid, villageId]), startsAt: new Date('2026-09-01T00:00:00Z'), endsAt: new Date('2026-09-01T16:00:00Z'), onDutyMember: em.getReference(Member, [tid, staff2Id]), leaderOnCall: em.getReference(Member, [tid, leaderId]) }),
    ]);
    const ask = (at: string, unit?: string) => withSystemContext(server.deps, actor, (ctx) => rosterService.onDuty(ctx, new Date(at), unit));
    const late = await ask('2026-09-01T17:30:00Z'); // 01:30 Beijing on 2 September
    expect(late).toMatchObject({ unitId: root, memberIds: [staffId], leaderMemberIds: [leaderId] });
    expect((await ask('2026-09-01T15:00:00Z', villageId))).toMatchObject({ unitId: villageId, memberIds: [staff2Id] });
    expect((await ask('2026-09-01T17:00:00Z', villageId))).toMatchObject({ unitId: root, memberIds: [staffId] });
    expect((await ask('2026-09-02T00:00:00Z'))).toMatchObject({ unitId: null, memberIds: [] });
  });
});
