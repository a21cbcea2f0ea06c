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
import { seedDemoReferrals } from '../../modules/referral/referral.seed.js';

export const DEMO_PASSWORD = 'xinfang-demo-2026';
export const DEMO_PLATFORM_ADMIN = 'platform@xinfang.demo';

interface DemoTenant {
  slug: string;
  name: string;
  kind: TenantKind;
  units: { name: string; kind: UnitKind; code: string }[];
  /** `unitCode`: the seat (default the root); `jurisdiction`: unit codes or ROOT whose cases they handle (default the seat's subtree). */
  people: { email: string; name: string; title: string; role: TemplateRoleKey; unitCode?: string; jurisdiction?: string[] }[];
}

const ROOT = 'ROOT';

/**
 * Four demo tenants from the reference plans: a township discipline commission, a coal mine, a county letters-and-visits bureau, a town.
 * The office (信访办) and the leading group handle every case of the organisation; a 包村干部 the village it holds.
 */
export const DEMO_TENANTS: DemoTenant[] = [
  {
    slug: 'zhaocun-jiwei',
    name: '赵村乡纪委',
    kind: TenantKind.DISCIPLINE_COMMISSION,
    units: [
      { name: '信访办公室', kind: UnitKind.OFFICE, code: 'xfb' },
      { name: '监察室', kind: UnitKind.OFFICE, code: 'jcs' },
      { name: '司法所', kind: UnitKind.OFFICE, code: 'sfs' },
      { name: '东村', kind: UnitKind.VILLAGE, code: 'dongcun' },
      { name: '西村', kind: UnitKind.VILLAGE, code: 'xicun' },
    ],
    people: [
      { email: 'leader@zhaocun.demo', name: '吕组长', title: '党委副书记', role: TemplateRoleKey.GROUP_LEADER, jurisdiction: [ROOT] },
      { email: 'deputy@zhaocun.demo', name: '李副组长', title: '纪委书记', role: TemplateRoleKey.DEPUTY_LEADER, jurisdiction: [ROOT] },
      { email: 'office@zhaocun.demo', name: '徐主任', title: '信访办公室主任', role: TemplateRoleKey.OFFICE_DIRECTOR, unitCode: 'xfb', jurisdiction: [ROOT] },
      { email: 'member1@zhaocun.demo', name: '何成员', title: '纪委副书记（预案小组成员）', role: TemplateRoleKey.MEMBER, unitCode: 'xfb', jurisdiction: [ROOT] },
      { email: 'member2@zhaocun.demo', name: '马成员', title: '纪检干事（预案小组成员）', role: TemplateRoleKey.MEMBER, unitCode: 'xfb', jurisdiction: [ROOT] },
      { email: 'liaison@zhaocun.demo', name: '王联络员', title: '东村包村干部', role: TemplateRoleKey.LIAISON, unitCode: 'dongcun', jurisdiction: ['dongcun'] },
      { email: 'liaison2@zhaocun.demo', name: '杨联络员', title: '西村包村干部', role: TemplateRoleKey.LIAISON, unitCode: 'xicun', jurisdiction: ['xicun'] },
      { email: 'mediator@zhaocun.demo', name: '高调解员', title: '司法所矛盾调解员', role: TemplateRoleKey.LIAISON, unitCode: 'sfs', jurisdiction: [ROOT] },
      { email: 'auditor@zhaocun.demo', name: '邓监督员', title: '监察室主任', role: TemplateRoleKey.AUDITOR, unitCode: 'jcs', jurisdiction: [ROOT] },
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
      { name: '掘进一队', kind: UnitKind.WORK_AREA, code: 'jj1' },
    ],
    people: [
      { email: 'leader@coal.demo', name: '张矿长', title: '矿长', role: TemplateRoleKey.GROUP_LEADER, jurisdiction: [ROOT] },
      { email: 'deputy@coal.demo', name: '刘副矿长', title: '副矿长', role: TemplateRoleKey.DEPUTY_LEADER, jurisdiction: [ROOT] },
      { email: 'office@coal.demo', name: '陈主任', title: '信访工作办公室主任', role: TemplateRoleKey.OFFICE_DIRECTOR, unitCode: 'xfb', jurisdiction: [ROOT] },
      { email: 'member@coal.demo', name: '钱干事', title: '信访工作办公室干事', role: TemplateRoleKey.MEMBER, unitCode: 'xfb', jurisdiction: [ROOT] },
      { email: 'security@coal.demo', name: '孙科长', title: '保卫科科长', role: TemplateRoleKey.MEMBER, unitCode: 'bwk', jurisdiction: [ROOT] },
      { email: 'liaison@coal.demo', name: '赵队长', title: '综采一队队长', role: TemplateRoleKey.LIAISON, unitCode: 'zc1' },
      { email: 'liaison2@coal.demo', name: '周队长', title: '掘进一队队长', role: TemplateRoleKey.LIAISON, unitCode: 'jj1' },
    ],
  },
  {
    slug: 'demo-county',
    name: 'xx县信访局',
    kind: TenantKind.COUNTY,
    units: [
      { name: '督查督办科', kind: UnitKind.OFFICE, code: 'dcdb' },
      { name: '来访接待科', kind: UnitKind.OFFICE, code: 'lfjd' },
    ],
    people: [
      { email: 'leader@county.demo', name: '黄局长', title: '县信访局局长', role: TemplateRoleKey.GROUP_LEADER, jurisdiction: [ROOT] },
      { email: 'office@county.demo', name: '林科长', title: '督查督办科科长', role: TemplateRoleKey.OFFICE_DIRECTOR, unitCode: 'dcdb', jurisdiction: [ROOT] },
      { email: 'member@county.demo', name: '罗科员', title: '来访接待科科员', role: TemplateRoleKey.MEMBER, unitCode: 'lfjd', jurisdiction: [ROOT] },
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
      { email: 'office@town.demo', name: '郑主任', title: '维稳办主任', role: TemplateRoleKey.OFFICE_DIRECTOR, unitCode: 'wwb', jurisdiction: [ROOT] },
      { email: 'liaison@town.demo', name: '孙村干部', title: '南村支书', role: TemplateRoleKey.LIAISON, unitCode: 'nancun' },
    ],
  },
];

function must<T>(outcome: Outcome<T>, what: string): T {
  if (!outcome.ok) throw new Error(`seed: ${what} failed: ${outcome.errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  return outcome.value;
}

/** The demo: a platform admin and three tenants provisioned from templates, each with units and people. */
/** Who is who, for the start log: one line per demo person. */
export function demoDirectory(): string[] {
  const lines: string[] = [];
  for (const t of DEMO_TENANTS) {
    const unitName = (code?: string) => (code ? t.units.find((u) => u.code === code)?.name ?? code : '（本级）');
    lines.push(`  ${t.name}  admin@${t.slug}.demo（系统管理员）`);
    for (const p of t.people) {
      const handles = p.jurisdiction ? p.jurisdiction.map((c) => (c === ROOT ? '全部' : unitName(c))).join('、') : unitName(p.unitCode);
      lines.push(`    ${p.email.padEnd(24)} ${p.name} ${p.title}；${p.role}；坐席 ${unitName(p.unitCode)}；管辖 ${handles}`);
    }
  }
  return lines;
}

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
          jurisdictionUnitIds: p.jurisdiction?.map((code) => (code === ROOT ? root : codes.get(code)!)) ?? null,
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
  // Between bodies: the county bureau over the town, with one 交办 returned once.
  await seedDemoReferrals(deps, admin, { county: 'demo-county', countyLeader: 'leader@county.demo', town: 'demo-town', townOffice: 'office@town.demo', peer: 'zhaocun-jiwei' });
}
