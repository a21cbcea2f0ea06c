// Demo data: a duty roster for the tenant's root unit covering the next seven
// days (08:00 to 08:00 the next morning), so a new incident has someone on
// duty: the office director and the members (成员) take turns, the group
// leader and the deputy are the leaders on call.
import type { DemoSeedHook } from '../../platform/hooks.js';
import { withSystemContext } from '../../platform/system-context.js';
import { setTenantScope } from '../../platform/db/tenant-scope.js';
import { toGlobalId } from '../../platform/ids.js';
import { inputOf } from '../../platform/validation.js';
import { tenantActor } from '../tenant/system-actor.service.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { MemberRole, MemberStatus } from '../member/member.entity.js';
import { TemplateRoleKey } from '../role/role-templates.model.js';
import { rosterService } from './roster.service.js';
import { DutyShiftInput, SaveRosterInput } from './roster.types.js';

const DAYS = 7;

/** The local date (YYYY-MM-DD) `days` after today in the zone. */
function localDate(timezone: string, days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

export const seedDemoRoster: DemoSeedHook = async (deps, demo) => {
  const found = await withSystemContext(deps, null, async (ctx) => {
    await setTenantScope(ctx.em, demo.tenantId, null);
    const links = await ctx.em.find(
      MemberRole,
      { tenant: demo.tenantId, member: { status: MemberStatus.ACTIVE } },
      { populate: ['member', 'member.user', 'role'], filters: false, orderBy: { member: { createdAt: 'asc' } } },
    );
    const holding = (key: TemplateRoleKey) => links.filter((l) => l.role.getEntity().key === key).map((l) => l.member.getEntity());
    const root = await ctx.em.findOneOrFail(Unit, { tenant: demo.tenantId, depth: 0 }, { filters: false });
    const tenant = await ctx.em.findOneOrFail(Tenant, { id: demo.tenantId });
    return { director: holding(TemplateRoleKey.OFFICE_DIRECTOR)[0], members: holding(TemplateRoleKey.MEMBER), leaders: [...holding(TemplateRoleKey.GROUP_LEADER), ...holding(TemplateRoleKey.DEPUTY_LEADER)], root, timezone: tenant.timezone };
  });
  if (!found.director || found.leaders.length === 0) return;
  const user = found.director.user.getEntity();
  const actor = await tenantActor(deps, demo.tenantId, { userId: user.id, email: user.email, memberId: found.director.id, roleLabels: [TemplateRoleKey.OFFICE_DIRECTOR], leader: false });
  const onDuty = [found.director, ...found.members];
  // Yesterday's night shift runs into this morning: start the window a day early.
  const shifts = Array.from({ length: DAYS + 1 }, (_, n) =>
    inputOf(DutyShiftInput, {
      date: localDate(found.timezone, n - 1),
      startTime: '08:00',
      endTime: '08:00',
      onDutyMemberId: toGlobalId('Member', onDuty[n % onDuty.length]!.id),
      leaderOnCallMemberId: toGlobalId('Member', found.leaders[n % found.leaders.length]!.id),
      handoverNote: null,
    }),
  );
  await withSystemContext(deps, actor, async (ctx) => {
    const out = await rosterService.save(ctx, inputOf(SaveRosterInput, {
      unitId: toGlobalId('Unit', found.root.id), from: localDate(found.timezone, -1), to: localDate(found.timezone, DAYS - 1), shifts,
    }));
    if (!out.ok) throw new Error(`seed: roster for ${demo.slug} failed: ${out.errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  });
};
