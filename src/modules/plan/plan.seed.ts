// Demo data: each demo tenant's group leader publishes its template draft,
// so a new user can report incidents at once.
import type { DemoSeedHook } from '../../platform/hooks.js';
import { withSystemContext } from '../../platform/system-context.js';
import { tenantActor } from '../tenant/system-actor.service.js';
import { setTenantScope } from '../../platform/db/tenant-scope.js';
import { toGlobalId } from '../../platform/ids.js';
import { inputOf } from '../../platform/validation.js';
import type { Member } from '../member/member.entity.js';
import { MemberRole } from '../member/member.entity.js';
import { TemplateRoleKey } from '../role/role-templates.model.js';
import { Plan, PlanStatus } from './plan.entity.js';
import { planService } from './plan.service.js';
import { PublishPlanInput } from './plan.types.js';

export const publishDemoPlan: DemoSeedHook = async (deps, demo) => {
  const found = await withSystemContext(deps, null, async (ctx) => {
    await setTenantScope(ctx.em, demo.tenantId, null);
    const draft = await ctx.em.findOne(Plan, { tenant: demo.tenantId, status: PlanStatus.DRAFT }, { orderBy: { version: 'asc' }, filters: false });
    const leaderLink = await ctx.em.findOne(
      MemberRole,
      { tenant: demo.tenantId, role: { key: TemplateRoleKey.GROUP_LEADER } },
      { populate: ['member', 'member.user'], filters: false },
    );
    return draft && leaderLink ? { draftId: draft.id, leader: leaderLink.member.getEntity() as Member } : null;
  });
  if (!found) return;
  const user = found.leader.user.getEntity();
  const actor = await tenantActor(deps, demo.tenantId, { userId: user.id, email: user.email, memberId: found.leader.id, roleLabels: [TemplateRoleKey.GROUP_LEADER] });
  await withSystemContext(deps, actor, async (ctx) => {
    const out = await planService.publish(ctx, inputOf(PublishPlanInput, { planId: toGlobalId('Plan', found.draftId), reason: '演示数据：发布模板预案' }));
    if (!out.ok) throw new Error(`seed: publishing the ${demo.slug} plan failed: ${out.errors.map((e) => `${e.code} ${e.field?.join('.')} ${e.message}`).join('; ')}`);
  });
};
