// Demo chain: the county bureau supervises the demo town (its 纪委 beside it as
// a peer) and has assigned it one matter (交办) whose closing report it sent
// back once; the town has reported again and waits for the county's decision.
import type { EntityManager } from '@mikro-orm/postgresql';
import { platformActor, withSystemContext, type SystemDeps } from '../../platform/system-context.js';
import { setTenantScope } from '../../platform/db/tenant-scope.js';
import { toGlobalId } from '../../platform/ids.js';
import type { Outcome } from '../../platform/audit/mutation.js';
import { tenantActor } from '../tenant/system-actor.service.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { Member } from '../member/member.entity.js';
import { Incident } from '../incident/incident.entity.js';
import { IncidentStatus } from '../incident/incident.enums.js';
import { tenantLinkService } from './tenant-link.service.js';
import { referralService } from './referral.service.js';
import { TenantLinkKind } from './referral.enums.js';

function must<T>(outcome: Outcome<T>, what: string): T {
  if (!outcome.ok) throw new Error(`seed: ${what} failed: ${outcome.errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  return outcome.value;
}

async function memberActor(deps: SystemDeps, slug: string, email: string, role: string) {
  const found = await withSystemContext(deps, null, async (ctx) => {
    const tenant = await ctx.em.findOneOrFail(Tenant, { slug });
    await setTenantScope(ctx.em as EntityManager, tenant.id, null);
    const member = await ctx.em.findOneOrFail(Member, { tenant: tenant.id, user: { email } }, { populate: ['user'], filters: false });
    return { tenantId: tenant.id, memberId: member.id, userId: member.user.id };
  });
  return { tenantId: found.tenantId, actor: await tenantActor(deps, found.tenantId, { userId: found.userId, email, memberId: found.memberId, roleLabels: [role] }) };
}

export async function seedDemoReferrals(
  deps: SystemDeps,
  platformAdmin: { id: string; email: string },
  chain: { county: string; countyLeader: string; town: string; townOffice: string; peer: string },
): Promise<void> {
  const county = await memberActor(deps, chain.county, chain.countyLeader, 'GROUP_LEADER');
  const town = await memberActor(deps, chain.town, chain.townOffice, 'OFFICE_DIRECTOR');
  const peerId = await withSystemContext(deps, null, async (ctx) => (await ctx.em.findOneOrFail(Tenant, { slug: chain.peer })).id);
  await withSystemContext(deps, platformActor(platformAdmin.id, platformAdmin.email), async (ctx) => {
    must(await tenantLinkService.link(ctx, { upperTenantId: toGlobalId('Tenant', county.tenantId), lowerTenantId: toGlobalId('Tenant', town.tenantId), kind: TenantLinkKind.SUPERVISES }), 'link county over town');
    must(await tenantLinkService.link(ctx, { upperTenantId: toGlobalId('Tenant', town.tenantId), lowerTenantId: toGlobalId('Tenant', peerId), kind: TenantLinkKind.PEER }), 'link town and its 纪委');
  });
  const day = 86_400_000;
  const referral = await withSystemContext(deps, county.actor, async (ctx) => {
    const incident = await ctx.em.findOneOrFail(Incident, { status: IncidentStatus.REPORTED }, { orderBy: { receivedAt: 'asc' } });
    return must(await referralService.assign(ctx, {
      incidentId: toGlobalId('Incident', incident.id), toTenantId: toGlobalId('Tenant', town.tenantId),
      dueAt: new Date(Date.now() + 15 * day), instructions: '请属地核实村道工程质量问题，依法答复信访人并报送办结报告',
    }), 'assign to town');
  });
  const referralId = toGlobalId('Referral', referral.id);
  const report = (findings: string) => withSystemContext(deps, town.actor, async (ctx) => must(await referralService.submitClosingReport(ctx, { referralId, findings, outcome: '已组织返工并公开工程账目', replySent: true }), 'closing report'));
  await withSystemContext(deps, town.actor, async (ctx) => must(await referralService.acceptAssignment(ctx, { referralId }), 'sign in'));
  await report('经现场核查，部分路段存在开裂');
  await withSystemContext(deps, county.actor, async (ctx) => must(await referralService.returnClosingReport(ctx, { referralId, reasons: '未附返工验收记录和账目公开照片', dueAt: new Date(Date.now() + 10 * day) }), 'return'));
  await report('经现场核查，部分路段存在开裂，已返工并验收合格，账目已在村务公开栏公示');
}
