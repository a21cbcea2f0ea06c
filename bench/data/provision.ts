// Tenants, units, people and a published plan, made through the real services
// (so roles, log heads and the plan are exactly what the API makes). The bulk
// of the data (incidents ...) is added afterwards with SQL (bulk.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/platform/config/config.js';
import { createOrm } from '../../src/server/database.js';
import { createLogger } from '../../src/server/logger.js';
import { createServices } from '../../src/server/services.js';
import { hashPassword } from '../../src/modules/session/password.service.js';
import { tenantService } from '../../src/modules/tenant/tenant.service.js';
import { unitService } from '../../src/modules/unit/unit.service.js';
import { memberService } from '../../src/modules/member/member.service.js';
import { roleService } from '../../src/modules/role/role.service.js';
import { TenantKind } from '../../src/modules/tenant/tenant.enums.js';
import { UnitKind } from '../../src/modules/unit/unit.entity.js';
import { User } from '../../src/modules/user/user.entity.js';
import { TemplateRoleKey } from '../../src/modules/role/role-templates.model.js';
import { toGlobalId } from '../../src/platform/ids.js';
import { inputOf } from '../../src/platform/validation.js';
import { ProvisionTenantInput, TenantAdminInput } from '../../src/modules/tenant/tenant.types.js';
import { CreateUnitInput } from '../../src/modules/unit/unit.types.js';
import { InviteMemberInput } from '../../src/modules/member/member.types.js';
import { publishDemoPlan } from '../../src/modules/plan/plan.seed.js';
import type { Outcome } from '../../src/platform/audit/mutation.js';
import { ensurePlatformAdmin } from '../../src/modules/user/platform-admin.service.js';
import { platformActor, withSystemContext, type SystemDeps } from '../../src/platform/system-context.js';
import { tenantActor } from '../../src/modules/tenant/system-actor.service.js';

export const BENCH_PASSWORD = 'xinfang-bench-2026';
export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
/** One master key for the loader and every API a run starts: tenants' data keys made while loading must unwrap later (bench data only). */
export const BENCH_DATA_MASTER_KEY = Buffer.from('xinfang-bench-data-master-key-32').toString('base64');

const UNITS = [
  { name: '信访办公室', kind: UnitKind.OFFICE, code: 'xfb' },
  { name: '东村', kind: UnitKind.VILLAGE, code: 'dong' },
  { name: '西村', kind: UnitKind.VILLAGE, code: 'xi' },
  { name: '南村', kind: UnitKind.VILLAGE, code: 'nan' },
];

const PEOPLE = [
  { key: 'leader', name: '组长', title: '镇长', role: TemplateRoleKey.GROUP_LEADER },
  { key: 'deputy', name: '副组长', title: '副镇长', role: TemplateRoleKey.DEPUTY_LEADER },
  { key: 'office', name: '主任', title: '信访办主任', role: TemplateRoleKey.OFFICE_DIRECTOR, unitCode: 'xfb' },
  { key: 'liaison1', name: '联络员甲', title: '包村干部', role: TemplateRoleKey.LIAISON, unitCode: 'dong' },
  { key: 'liaison2', name: '联络员乙', title: '包村干部', role: TemplateRoleKey.LIAISON, unitCode: 'xi' },
];

export interface ProvisionedTenant {
  index: number;
  id: string;
  slug: string;
  /** The group leader, at the root unit: sees every incident, may report and read the accountability report. */
  leaderEmail: string;
}

function must<T>(outcome: Outcome<T>, what: string): T {
  if (!outcome.ok) throw new Error(`bench data: ${what} failed: ${outcome.errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  return outcome.value;
}

export async function withDeps<T>(databaseUrl: string, work: (deps: SystemDeps) => Promise<T>): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinfang-bench-deps-'));
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, JWT_SECRET: BENCH_JWT_SECRET, DATA_MASTER_KEY: BENCH_DATA_MASTER_KEY, LOG_LEVEL: 'silent', XINFANG_DATA_DIR: dataDir });
  const orm = await createOrm(databaseUrl, 'app', 4);
  try {
    return await work({ orm, config, logger: createLogger('silent'), services: createServices(config, orm) });
  } finally {
    await orm.close(true);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `count` tenants like the demo seed makes them, with the bench password for everyone. */
export async function provisionTenants(deps: SystemDeps, count: number, log: (line: string) => void): Promise<ProvisionedTenant[]> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const admin = await withSystemContext(deps, null, (ctx) => ensurePlatformAdmin(ctx.em, 'platform@bench.test', '平台管理员', BENCH_PASSWORD));
  const out: ProvisionedTenant[] = [];
  for (let index = 1; index <= count; index++) {
    const slug = `bench-${String(index).padStart(2, '0')}`;
    const adminEmail = `admin@${slug}.test`;
    const provisioned = await withSystemContext(deps, platformActor(admin.id, admin.email), async (ctx) =>
      must(await tenantService.provision(ctx, inputOf(ProvisionTenantInput, {
        name: `基准镇${index}`, slug, kind: TenantKind.TOWN, timezone: 'Asia/Shanghai', locale: 'zh-CN',
        admin: inputOf(TenantAdminInput, { email: adminEmail, displayName: `基准镇${index}管理员` }),
      })), `provision ${slug}`),
    );
    const tenantId = provisioned.tenant.id;
    const adminUser = await withSystemContext(deps, null, (ctx) => ctx.em.findOneOrFail(User, { email: adminEmail }));
    const actor = await tenantActor(deps, tenantId, { userId: adminUser.id, email: adminEmail, memberId: provisioned.adminMemberId, roleLabels: ['TENANT_ADMIN'] });
    const emails = [adminEmail];
    await withSystemContext(deps, actor, async (ctx) => {
      const root = toGlobalId('Unit', actor.unitId!);
      const codes = new Map<string, string>();
      for (const u of UNITS) {
        const unit = must(await unitService.create(ctx, inputOf(CreateUnitInput, { parentId: root, name: u.name, kind: u.kind, code: u.code })), `unit ${u.name}`);
        codes.set(u.code, toGlobalId('Unit', unit.id));
      }
      const graph = await roleService.graph(ctx);
      for (const p of PEOPLE) {
        const email = `${p.key}@${slug}.test`;
        emails.push(email);
        must(await memberService.invite(ctx, inputOf(InviteMemberInput, {
          email, displayName: `${p.name}${index}`, title: p.title,
          unitId: p.unitCode ? codes.get(p.unitCode)! : root,
          roleIds: [toGlobalId('Role', graph.byKey(p.role)!.id)],
        })), `member ${email}`);
      }
    });
    await withSystemContext(deps, null, async (ctx) => {
      await ctx.em.nativeUpdate(User, { email: { $in: emails } }, { passwordHash });
    });
    await publishDemoPlan(deps, { tenantId, slug, kind: TenantKind.TOWN });
    out.push({ index, id: tenantId, slug, leaderEmail: `leader@${slug}.test` });
    log(`provisioned ${slug}`);
  }
  return out;
}
