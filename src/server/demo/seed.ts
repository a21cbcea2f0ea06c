import { hashPassword } from '../../modules/session/password.service.js';
import { tenantService } from '../../modules/tenant/tenant.service.js';
import { unitService } from '../../modules/unit/unit.service.js';
import { memberService } from '../../modules/member/member.service.js';
import { roleService } from '../../modules/role/role.service.js';
import { TenantKind } from '../../modules/tenant/tenant.enums.js';
import { UnitKind } from '../../modules/unit/unit.entity.js';
import { User } from '../../modules/user/user.entity.js';
import { TemplateRoleKey } from '../../modules/role/role-templates.model.js';
import { toGlobalId } from '../../platform/ids.js';
import { inputOf } from '../../platform/validation.js';
import { ProvisionTenantInput, TenantAdminInput } from '../../modules/tenant/tenant.types.js';
import { CreateUnitInput } from '../../modules/unit/unit.types.js';
import { InviteMemberInput } from '../../modules/member/member.types.js';
import type { Outcome } from '../../platform/audit/mutation.js';
import { ensurePlatformAdmin } from '../../modules/user/platform-admin.service.js';
import { platformActor, withSystemContext, type SystemDeps } from '../../platform/system-context.js';
import { tenantActor } from '../../modules/tenant/system-actor.service.js';
import { demoSeedHooks } from './seed-steps.js';

export const DEMO_PASSWORD = 'xinfang-demo-2026';
export const DEMO_PLATFORM_ADMIN = 'platform@xinfang.demo';

interface DemoTenant {
  slug: string;
  name: string;
  kind: TenantKind;
  units: { name: string; kind: UnitKind; code: string }[];
  people: { email: string; name: string; title: string; role: TemplateRoleKey; unitCode?: string }[];
}

/** Three demo tenants from the reference plans: a township discipline commission, a coal mine, a town. */
export const DEMO_TENANTS: DemoTenant[] = [
  {
    slug: 'zhaocun-jiwei',
    name: '赵村乡纪委',
    kind: TenantKind.DISCIPLINE_COMMISSION,
    units: [
      { name: '信访办公室', kind: UnitKind.OFFICE, code: 'xfb' },
      { name: '监察室', kind: UnitKind.OFFICE, code: 'jcs' },
      { name: '东村', kind: UnitKind.VILLAGE, code: 'dongcun' },
      { name: '西村', kind: UnitKind.VILLAGE, code: 'xicun' },
    ],
    people: [
      { email: 'leader@zhaocun.demo', name: '吕组长', title: '党委副书记', role: TemplateRoleKey.GROUP_LEADER },
      { email: 'deputy@zhaocun.demo', name: '李副组长', title: '纪委书记', role: TemplateRoleKey.DEPUTY_LEADER },
      { email: 'office@zhaocun.demo', name: '徐主任', title: '信访办公室主任', role: TemplateRoleKey.OFFICE_DIRECTOR, unitCode: 'xfb' },
      { email: 'liaison@zhaocun.demo', name: '王联络员', title: '包村干部', role: TemplateRoleKey.LIAISON, unitCode: 'dongcun' },
      { email: 'auditor@zhaocun.demo', name: '邓监督员', title: '监察室主任', role: TemplateRoleKey.AUDITOR },
    ],
  },
  {
    slug: 'demo-coal-mine',
    name: '某煤矿',
    kind: TenantKind.ENTERPRISE,
    units: [
      { name: '信访工作办公室', kind: UnitKind.OFFICE, code: 'xfb' },
      { name: '保卫科', kind: UnitKind.DEPARTMENT, code: 'bwk' },
      { name: '工会', kind: UnitKind.COMMITTEE, code: 'gh' },
      { name: '综采一队', kind: UnitKind.WORK_AREA, code: 'zc1' },
    ],
    people: [
      { email: 'leader@coal.demo', name: '张矿长', title: '矿长', role: TemplateRoleKey.GROUP_LEADER },
      { email: 'deputy@coal.demo', name: '刘副矿长', title: '副矿长', role: TemplateRoleKey.DEPUTY_LEADER },
      { email: 'office@coal.demo', name: '陈主任', title: '信访办主任', role: TemplateRoleKey.OFFICE_DIRECTOR, unitCode: 'xfb' },
      { email: 'liaison@coal.demo', name: '赵队长', title: '综采一队队长', role: TemplateRoleKey.LIAISON, unitCode: 'zc1' },
    ],
  },
  {
    slug: 'demo-town',
    name: 'xx镇',
    kind: TenantKind.TOWN,
    units: [
      { name: '维稳办公室', kind: UnitKind.OFFICE, code: 'wwb' },
      { name: '南村', kind: UnitKind.VILLAGE, code: 'nancun' },
      { name: '北村', kind: UnitKind.VILLAGE, code: 'beicun' },
    ],
    people: [
      { email: 'leader@town.demo', name: '周镇长', title: '镇长', role: TemplateRoleKey.GROUP_LEADER },
      { email: 'deputy@town.demo', name: '吴副镇长', title: '副镇长', role: TemplateRoleKey.DEPUTY_LEADER },
      { email: 'office@town.demo', name: '郑主任', title: '维稳办主任', role: TemplateRoleKey.OFFICE_DIRECTOR, unitCode: 'wwb' },
      { email: 'liaison@town.demo', name: '孙村干部', title: '南村支书', role: TemplateRoleKey.LIAISON, unitCode: 'nancun' },
    ],
  },
];

function must<T>(outcome: Outcome<T>, what: string): T {
  if (!outcome.ok) throw new Error(`seed: ${what} failed: ${outcome.errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  return outcome.value;
}

/** The demo: a platform admin and three tenants provisioned from templates, each with units and people. */
export async function seedDemo(deps: SystemDeps): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const admin = await withSystemContext(deps, null, (ctx) => ensurePlatformAdmin(ctx.em, DEMO_PLATFORM_ADMIN, '平台管理员', DEMO_PASSWORD));
  for (const demo of DEMO_TENANTS) {
    const adminEmail = `admin@${demo.slug}.demo`;
    const provisioned = await withSystemContext(deps, platformActor(admin.id, admin.email), async (ctx) =>
      must(await tenantService.provision(ctx, inputOf(ProvisionTenantInput, {
        name: demo.name, slug: demo.slug, kind: demo.kind, timezone: 'Asia/Shanghai', locale: 'zh-CN',
        admin: inputOf(TenantAdminInput, { email: adminEmail, displayName: `${demo.name}管理员` }),
      })), `provision ${demo.slug}`),
    );
    const tenantId = provisioned.tenant.id;
    const adminUser = await withSystemContext(deps, null, (ctx) => ctx.em.findOneOrFail(User, { email: adminEmail }));
    const actor = await tenantActor(deps, tenantId, { userId: adminUser.id, email: adminEmail, memberId: provisioned.adminMemberId, roleLabels: ['TENANT_ADMIN'] });
    await withSystemContext(deps, actor, async (ctx) => {
      const root = toGlobalId('Unit', actor.unitId!);
      const codes = new Map<string, string>();
      for (const u of demo.units) {
        const unit = must(await unitService.create(ctx, inputOf(CreateUnitInput, { parentId: root, name: u.name, kind: u.kind, code: u.code })), `unit ${u.name}`);
        codes.set(u.code, toGlobalId('Unit', unit.id));
      }
      const graph = await roleService.graph(ctx);
      for (const p of demo.people) {
        const role = graph.byKey(p.role)!;
        must(await memberService.invite(ctx, inputOf(InviteMemberInput, {
          email: p.email, displayName: p.name, title: p.title,
          unitId: p.unitCode ? codes.get(p.unitCode)! : root,
          roleIds: [toGlobalId('Role', role.id)],
        })), `member ${p.email}`);
      }
    });
    // Demo users sign in with the demo password (real users set theirs with their invitation token).
    await withSystemContext(deps, null, async (ctx) => {
      const emails = [adminEmail, ...demo.people.map((p) => p.email)];
      await ctx.em.nativeUpdate(User, { email: { $in: emails } }, { passwordHash });
    });
    for (const hook of demoSeedHooks) await hook(deps, { tenantId, slug: demo.slug, kind: demo.kind });
  }
}
