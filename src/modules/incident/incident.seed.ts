// Demo data: two incidents per demo tenant, reported through the service by
// the office director, so dashboards and subscriptions have something to show.
import type { DemoSeedHook } from '../../platform/hooks.js';
import { withSystemContext } from '../../platform/system-context.js';
import { tenantActor } from '../tenant/system-actor.service.js';
import { setTenantScope } from '../../platform/db/tenant-scope.js';
import { toGlobalId } from '../../platform/ids.js';
import { inputOf } from '../../platform/validation.js';
import { MemberRole, type Member } from '../member/member.entity.js';
import { TemplateRoleKey } from '../role/role-templates.model.js';
import { Unit } from '../unit/unit.entity.js';
import { TenantKind } from '../tenant/tenant.enums.js';
import { incidentService } from './incident.service.js';
import { AcknowledgeIncidentInput, PetitionerInput, ReportIncidentInput } from './incident.inputs.js';
import { IncidentCategory, LevelReached } from './incident.model.js';

const STORIES: Record<string, { summary: string; demands: string }[]> = {
  [TenantKind.ENTERPRISE]: [
    { summary: '一名职工反映工伤认定进度缓慢', demands: '要求尽快完成工伤认定' },
    { summary: '综采一队四名职工反映井下津贴未足额发放', demands: '要求补发津贴并公开核算标准' },
  ],
  default: [
    { summary: '村民反映低保评定结果未公示', demands: '要求公开评定过程和名单' },
    { summary: '五名村民反映村道硬化工程质量问题', demands: '要求返工并公开工程账目' },
  ],
};

export const seedDemoIncidents: DemoSeedHook = async (deps, demo) => {
  const found = await withSystemContext(deps, null, async (ctx) => {
    await setTenantScope(ctx.em, demo.tenantId, null);
    const link = await ctx.em.findOne(
      MemberRole,
      { tenant: demo.tenantId, role: { key: TemplateRoleKey.OFFICE_DIRECTOR } },
      { populate: ['member', 'member.user'], filters: false },
    );
    // The liaison's village or work area: the incidents land where someone works them.
    const liaison = await ctx.em.findOne(MemberRole, { tenant: demo.tenantId, role: { key: TemplateRoleKey.LIAISON } }, { populate: ['member'], filters: false });
    const unit = liaison
      ? await ctx.em.findOne(Unit, { tenant: demo.tenantId, id: liaison.member.getEntity().unit.id }, { filters: false })
      : await ctx.em.findOne(Unit, { tenant: demo.tenantId, depth: 0 }, { filters: false });
    return link && unit ? { member: link.member.getEntity() as Member, unitId: unit.id } : null;
  });
  if (!found) return;
  const user = found.member.user.getEntity();
  const actor = await tenantActor(deps, demo.tenantId, { userId: user.id, email: user.email, memberId: found.member.id, roleLabels: [TemplateRoleKey.OFFICE_DIRECTOR], leader: false });
  const stories = STORIES[demo.kind] ?? STORIES.default!;
  await withSystemContext(deps, actor, async (ctx) => {
    const now = Date.now();
    for (const [n, story] of stories.entries()) {
      const group = n === 1;
      const out = await incidentService.report(ctx, inputOf(ReportIncidentInput, {
        category: group ? IncidentCategory.GROUP_VISIT : IncidentCategory.INDIVIDUAL_VISIT,
        levelReached: LevelReached.OWN,
        headcount: group ? 5 : 1,
        place: '信访接待室',
        occurredAt: new Date(now - (3 - n) * 3_600_000),
        receivedAt: new Date(now - (2 - n) * 3_600_000),
        summary: story.summary,
        demands: story.demands,
        conductFlags: [],
        topics: [],
        unitId: toGlobalId('Unit', found.unitId),
        petitioners: [inputOf(PetitionerInput, { name: group ? '村民代表甲' : '演示信访人', contact: null, representative: group })],
        subjectMemberIds: [],
        recusedMemberIds: [],
      }));
      if (!out.ok) throw new Error(`seed: incident for ${demo.slug} failed: ${out.errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
      if (n === 0) {
        const ack = await incidentService.acknowledge(ctx, inputOf(AcknowledgeIncidentInput, { incidentId: toGlobalId('Incident', out.value.incident.id) }));
        if (!ack.ok) throw new Error(`seed: acknowledge failed: ${ack.errors.map((e) => e.code).join(', ')}`);
      }
    }
  });
};
