import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';

let server: TestServer;
let platform: { token: string };
let tenant: TenantFixture;
let village: string;
let leader: Awaited<ReturnType<typeof addMember>>;
let office: Awaited<ReturnType<typeof addMember>>;
let staffA: Awaited<ReturnType<typeof addMember>>;
let staffB: Awaited<ReturnType<typeof addMember>>;
let villager: Awaited<ReturnType<typeof addMember>>;

const SAVE = `mutation($input: SaveRosterInput!) { saveRoster(input: $input) {
  shifts { id date startTime endTime localStart localEnd startsAt endsAt onDutyMember { id } leaderOnCall { id } }
  warnings { code from to localFrom localTo minutes message }
  userErrors { code field message } } }`;

async function save(token: string, input: Record<string, unknown>) {
  const res = await gql<any>(server.url, SAVE, { input }, token);
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data.saveRoster;
}

const shift = (date: string, startTime: string, endTime: string, onDuty: { memberId: string }, extra: Record<string, unknown> = {}) => ({
  date, startTime, endTime, onDutyMemberId: onDuty.memberId, leaderOnCallMemberId: leader.memberId, ...extra,
});

async function onDuty(token: string, at: string, unitId?: string) {
  return (await ok<any>(server.url, `query($at: DateTime, $unit: ID) { onDuty(at: $at, unitId: $unit) { at localTime unit { name } onDuty { id displayName } leadersOnCall { id } shifts { id date startTime endTime } } }`, { at, unit: unitId ?? null }, token)).onDuty;
}

beforeAll(async () => {
  server = await startTestServer();
  platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWN');
  village = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '南村', 'VILLAGE');
  leader = await addMember(server, tenant, ['DEPUTY_LEADER']);
  office = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  staffA = await addMember(server, tenant, ['LIAISON']);
  staffB = await addMember(server, tenant, ['LIAISON']);
  villager = await addMember(server, tenant, ['LIAISON'], village);
});
afterAll(async () => {
  await server?.stop();
});

describe('duty roster', () => {
  it('saves shifts in local time, crossing midnight, and warns about the gaps', async () => {
    const out = await save(office.token, {
      unitId: tenant.rootUnitId, from: '2026-09-01', to: '2026-09-02',
      shifts: [shift('2026-09-01', '08:00', '20:00', staffA), shift('2026-09-01', '20:00', '08:00', staffB, { handoverNote: '注意东村来访' }), shift('2026-09-02', '08:00', '18:00', staffA)],
    });
    expect(out.userErrors).toEqual([]);
    expect(out.shifts.map((s: any) => [s.date, s.startTime, s.endTime, s.startsAt, s.endsAt])).toEqual([
      ['2026-09-01', '08:00', '20:00', '2026-09-01T00:00:00.000Z', '2026-09-01T12:00:00.000Z'],
      ['2026-09-01', '20:00', '08:00', '2026-09-01T12:00:00.000Z', '2026-09-02T00:00:00.000Z'],
      ['2026-09-02', '08:00', '18:00', '2026-09-02T00:00:00.000Z', '2026-09-02T10:00:00.000Z'],
    ]);
    expect(out.shifts[1].localEnd).toBe('2026-09-02T08:00:00+08:00');
    expect(out.warnings.map((w: any) => [w.code, w.localFrom, w.localTo, w.minutes])).toEqual([
      ['GAP', '2026-09-01T00:00:00+08:00', '2026-09-01T08:00:00+08:00', 480],
      ['GAP', '2026-09-02T18:00:00+08:00', '2026-09-03T00:00:00+08:00', 360],
    ]);
    expect(out.warnings[0].message).toContain('值班空档');
  });

  it('answers who is on duty in the tenant\'s time zone, across midnight', async () => {
    const night = await onDuty(villager.token, '2026-09-01T17:30:00Z'); // 01:30 on 2 September in Beijing
    expect(night).toMatchObject({ localTime: '2026-09-02T01:30:00+08:00', unit: { name: expect.any(String) }, onDuty: [{ id: staffB.memberId }], leadersOnCall: [{ id: leader.memberId }] });
    expect(night.shifts).toEqual([expect.objectContaining({ date: '2026-09-01', startTime: '20:00', endTime: '08:00' })]);
    expect((await onDuty(office.token, '2026-09-01T11:59:59Z')).onDuty).toEqual([expect.objectContaining({ id: staffA.memberId })]);
    expect((await onDuty(office.token, '2026-09-01T12:00:00Z')).onDuty).toEqual([expect.objectContaining({ id: staffB.memberId })]);
    expect((await onDuty(office.token, '2026-09-02T00:00:00Z')).onDuty).toEqual([expect.objectContaining({ id: staffA.memberId })]);
    const gap = await onDuty(office.token, '2026-08-31T23:00:00Z'); // 07:00 local, before the first shift
    expect(gap).toMatchObject({ unit: null, onDuty: [], leadersOnCall: [], shifts: [] });
  });

  it('a unit\'s own roster answers first, then the units above it', async () => {
    const out = await save(office.token, { unitId: village, from: '2026-09-01', to: '2026-09-01', shifts: [shift('2026-09-01', '09:00', '17:00', villager), shift('2026-09-01', '16:00', '18:00', staffA)] });
    expect(out.warnings.map((w: any) => [w.code, w.localFrom, w.localTo])).toEqual([
      ['GAP', '2026-09-01T00:00:00+08:00', '2026-09-01T09:00:00+08:00'],
      ['OVERLAP', '2026-09-01T16:00:00+08:00', '2026-09-01T17:00:00+08:00'],
      ['GAP', '2026-09-01T18:00:00+08:00', '2026-09-02T00:00:00+08:00'],
    ]);
    expect((await onDuty(villager.token, '2026-09-01T02:00:00Z')).onDuty.map((p: any) => p.id)).toEqual([villager.memberId]);
    expect((await onDuty(villager.token, '2026-09-01T08:30:00Z')).onDuty.map((p: any) => p.id).sort()).toEqual([villager.memberId, staffA.memberId].sort());
    const fallback = await onDuty(villager.token, '2026-09-01T11:00:00Z'); // 19:00 local: the village has nobody, the town duty room has staff A
    expect(fallback.onDuty.map((p: any) => p.id)).toEqual([staffA.memberId]);
    // Outside the caller's subtree: not found.
    const denied = await gql(server.url, `query($u: ID) { onDuty(unitId: $u) { at } }`, { u: tenant.rootUnitId }, villager.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('replaces the shifts that start inside the saved window only', async () => {
    const out = await save(office.token, { unitId: tenant.rootUnitId, from: '2026-09-01', to: '2026-09-01', shifts: [shift('2026-09-01', '08:00', '08:00', staffB)] });
    expect(out.shifts.map((s: any) => [s.date, s.startTime, s.endTime])).toEqual([['2026-09-01', '08:00', '08:00']]);
    expect(out.warnings.map((w: any) => [w.code, w.localFrom, w.localTo])).toEqual([['GAP', '2026-09-01T00:00:00+08:00', '2026-09-01T08:00:00+08:00']]);
    const list = await ok<any>(server.url, `query($u: ID) { dutyShifts(unitId: $u, first: 50) { totalCount edges { node { date startTime onDutyMember { id } } } } }`, { u: tenant.rootUnitId }, office.token);
    expect(list.dutyShifts.edges.map((e: any) => [e.node.date, e.node.startTime, e.node.onDutyMember.id])).toEqual([
      ['2026-09-01', '08:00', staffB.memberId],
      ['2026-09-02', '08:00', staffA.memberId],
    ]);
  });

  it('refuses rosters it cannot keep, each with its code and field', async () => {
    const cases: [Record<string, unknown>, [string, string][]][] = [
      [{ from: '2026-09-05', to: '2026-09-01', shifts: [] }, [['INVALID_WINDOW', 'input.to']]],
      [{ from: '2026-09-01', to: '2026-09-01', shifts: [shift('2026-09-02', '08:00', '20:00', staffA)] }, [['SHIFT_OUTSIDE_WINDOW', 'input.shifts.0.date']]],
      [{ from: '2026-09-01', to: '2026-09-01', shifts: [{ ...shift('2026-09-01', '08:00', '20:00', staffA), leaderOnCallMemberId: staffB.memberId }] }, [['LEADER_REQUIRED', 'input.shifts.0.leaderOnCallMemberId']]],
      [{ from: '2026-09-01', to: '2026-09-01', shifts: [shift('2026-09-01', '8:00', '24:00', staffA)] }, [['INVALID_INPUT', 'input.shifts.0.startTime'], ['INVALID_INPUT', 'input.shifts.0.endTime']]],
      [{ from: '2026-02-30', to: '2026-09-01', shifts: [] }, [['INVALID_INPUT', 'input.from']]],
    ];
    for (const [input, expected] of cases) {
      const out = await save(office.token, { unitId: tenant.rootUnitId, ...input });
      expect(out.userErrors.map((e: any) => [e.code, e.field.join('.')]), JSON.stringify(input)).toEqual(expected);
      expect(out.shifts).toBeNull();
    }
    const removed = await addMember(server, tenant, ['LIAISON']);
    await ok(server.url, `mutation($id: ID!) { removeMember(input: { memberId: $id }) { member { id } userErrors { code } } }`, { id: removed.memberId }, tenant.adminToken);
    const gone = await save(office.token, { unitId: tenant.rootUnitId, from: '2026-09-10', to: '2026-09-10', shifts: [shift('2026-09-10', '08:00', '20:00', removed)] });
    expect(gone.userErrors.map((e: any) => e.code)).toEqual(['MEMBER_NOT_ACTIVE']);
  });

  it('needs ROSTER_MANAGE to save; handover notes by the member on duty or a manager', async () => {
    const denied = await gql(server.url, SAVE, { input: { unitId: village, from: '2026-09-01', to: '2026-09-01', shifts: [] } }, villager.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const shifts = (await ok<any>(server.url, `{ dutyShifts(first: 50) { edges { node { id onDutyMember { id } } } } }`, {}, office.token)).dutyShifts.edges.map((e: any) => e.node);
    const bShift = shifts.find((s: any) => s.onDutyMember.id === staffB.memberId);
    const HANDOVER = `mutation($input: RecordHandoverInput!) { recordHandover(input: $input) { shift { handoverNote handedOverAt handedOverBy { id } } userErrors { code field } } }`;
    const own = await ok<any>(server.url, HANDOVER, { input: { shiftId: bShift.id, note: '夜间无来访，东村矛盾已移交办公室。' } }, staffB.token);
    expect(own.recordHandover.shift).toMatchObject({ handoverNote: '夜间无来访，东村矛盾已移交办公室。', handedOverBy: { id: staffB.memberId } });
    const other = await gql<any>(server.url, HANDOVER, { input: { shiftId: bShift.id, note: 'x' } }, staffA.token);
    expect(other.data.recordHandover.userErrors).toEqual([{ code: 'NOT_ON_THIS_SHIFT', field: ['input', 'shiftId'] }]);
    const manager = await ok<any>(server.url, HANDOVER, { input: { shiftId: bShift.id, note: '补记' } }, office.token);
    expect(manager.recordHandover.shift.handedOverBy.id).toBe(office.memberId);
  });

  it('uses the tenant\'s own time zone', async () => {
    const berlin = await provisionTenant(server, platform.token, 'TOWN', { timezone: 'Europe/Berlin' });
    const boss = await addMember(server, berlin, ['GROUP_LEADER']);
    const out = await ok<any>(server.url, SAVE, { input: { unitId: berlin.rootUnitId, from: '2026-09-01', to: '2026-09-01', shifts: [{ date: '2026-09-01', startTime: '20:00', endTime: '08:00', onDutyMemberId: boss.memberId, leaderOnCallMemberId: boss.memberId }] } }, boss.token);
    expect(out.saveRoster.shifts[0]).toMatchObject({ startsAt: '2026-09-01T18:00:00.000Z', endsAt: '2026-09-02T06:00:00.000Z', localEnd: '2026-09-02T08:00:00+02:00' });
    const night = await ok<any>(server.url, `{ onDuty(at: "2026-09-02T05:59:00Z") { localTime onDuty { id } } }`, {}, boss.token);
    expect(night.onDuty).toEqual({ localTime: '2026-09-02T07:59:00+02:00', onDuty: [{ id: boss.memberId }] });
    // Another tenant's shift does not exist for this one.
    const hidden = await gql(server.url, `query($id: ID!) { node(id: $id) { id } }`, { id: out.saveRoster.shifts[0].id }, office.token);
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('lists shifts in a fixed number of statements, whatever the page size', async () => {
    const many = Array.from({ length: 14 }, (_, i) => shift(`2026-10-${String(i + 1).padStart(2, '0')}`, '08:00', '08:00', i % 2 ? staffA : staffB));
    await save(office.token, { unitId: tenant.rootUnitId, from: '2026-10-01', to: '2026-10-14', shifts: many });
    const q = `query($n: Int) { dutyShifts(first: $n, from: "2026-10-01T00:00:00Z") { totalCount edges { node { id unit { name } onDutyMember { displayName } leaderOnCall { displayName } handedOverBy { displayName } } } } }`;
    const small = await gql<any>(server.url, q, { n: 2 }, office.token);
    const large = await gql<any>(server.url, q, { n: 12 }, office.token);
    expect(large.data.dutyShifts.edges).toHaveLength(12);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });
});
