import { Arg, Ctx as GqlCtx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { PlatformRole } from '../../platform/platform-roles.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { pageRequest, toConnection } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { tenantService } from './tenant.service.js';
import { Tenant } from './tenant.entity.js';
import { TenantStatus } from './tenant.enums.js';
import {
  ProvisionTenantInput, ProvisionTenantPayload, ReactivateTenantInput, SetPlatformLogAccessInput, SetTenantSubscriptionInput, SuspendTenantInput,
  TenantConnection, TenantNode, TenantPayload, UpdateTenantSettingsInput,
} from './tenant.types.js';

nodeFetchers.set('Tenant', async (ctx, id) => {
  // A member sees its own tenant; platform administrators see every tenant.
  if (ctx.actor?.platformAdmin || ctx.actor?.tenant?.id === id) {
    const tenant = await ctx.em.findOne(Tenant, { id });
    return tenant ? TenantNode.from(tenant) : null;
  }
  return null;
});

@Resolver(() => TenantNode)
export class TenantResolver {
  @Query(() => TenantNode, { description: 'The tenant of the current session. 当前租户。' })
  @Allow.member()
  async tenant(@GqlCtx() ctx: Ctx): Promise<TenantNode> {
    return TenantNode.from(await tenantService.current(ctx));
  }

  @Query(() => TenantConnection, { description: 'Every tenant (platform administrators). 全部租户。' })
  @Allow.platform(PlatformRole.SYSTEM_ADMIN)
  async tenants(
    @GqlCtx() ctx: Ctx,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    const { limit, after: cursor } = pageRequest({ first, after }, ctx.config.limits.maxPageSize);
    const rows = await ctx.em.find(Tenant, cursor ? { slug: { $gt: String(cursor[0]) } } : {}, { orderBy: { slug: 'asc' }, limit: limit + 1 });
    return toConnection(TenantConnection, rows, limit, !!cursor, (t) => [t.slug], (t) => TenantNode.from(t), () => ctx.em.count(Tenant, {}));
  }

  @Mutation(() => ProvisionTenantPayload, {
    description: 'Creates a tenant with its root unit, template roles, template plan draft and first administrator. 开通租户。',
  })
  @Allow.platform(PlatformRole.SYSTEM_ADMIN)
  async provisionTenant(@GqlCtx() ctx: Ctx, @Arg('input', () => ProvisionTenantInput) input: ProvisionTenantInput): Promise<ProvisionTenantPayload> {
    return toPayload(ProvisionTenantPayload, await tenantService.provision(ctx, input), (r) => ({
      tenant: TenantNode.from(r.tenant),
      adminMemberId: toGlobalId('Member', r.adminMemberId),
      setPasswordToken: r.setPasswordToken,
    }));
  }

  @Mutation(() => TenantPayload, { description: 'Suspends a tenant: its members are signed out and can do nothing. 停用租户。' })
  @Allow.platform(PlatformRole.SYSTEM_ADMIN)
  async suspendTenant(@GqlCtx() ctx: Ctx, @Arg('input', () => SuspendTenantInput) input: SuspendTenantInput): Promise<TenantPayload> {
    return toPayload(TenantPayload, await tenantService.setStatus(ctx, input, TenantStatus.SUSPENDED), (t) => ({ tenant: TenantNode.from(t) }));
  }

  @Mutation(() => TenantPayload, {
    description: 'Grants or revokes platform administrators\' read access to this tenant\'s audit log (tenant administrators). 授予/撤销平台管理员查阅本租户审计日志的权限。',
  })
  @Allow.member(Permission.TENANT_MANAGE)
  async setPlatformLogAccess(@GqlCtx() ctx: Ctx, @Arg('input', () => SetPlatformLogAccessInput) input: SetPlatformLogAccessInput): Promise<TenantPayload> {
    return toPayload(TenantPayload, await tenantService.setPlatformLogAccess(ctx, input), (t) => ({ tenant: TenantNode.from(t) }));
  }

  @Mutation(() => TenantPayload, { description: 'Changes the tenant\'s name, time zone or locale (tenant administrators). 修改租户设置。' })
  @Allow.member(Permission.TENANT_MANAGE)
  async updateTenantSettings(@GqlCtx() ctx: Ctx, @Arg('input', () => UpdateTenantSettingsInput) input: UpdateTenantSettingsInput): Promise<TenantPayload> {
    return toPayload(TenantPayload, await tenantService.updateSettings(ctx, input), (t) => ({ tenant: TenantNode.from(t) }));
  }

  @Mutation(() => TenantPayload, { description: 'Sets the subscription tier and quota overrides (platform administrators). 设置订阅等级。' })
  @Allow.platform(PlatformRole.SYSTEM_ADMIN)
  async setTenantSubscription(@GqlCtx() ctx: Ctx, @Arg('input', () => SetTenantSubscriptionInput) input: SetTenantSubscriptionInput): Promise<TenantPayload> {
    return toPayload(TenantPayload, await tenantService.setSubscription(ctx, input), (t) => ({ tenant: TenantNode.from(t) }));
  }

  @Mutation(() => TenantPayload, { description: 'Reactivates a suspended tenant. 恢复租户。' })
  @Allow.platform(PlatformRole.SYSTEM_ADMIN)
  async reactivateTenant(@GqlCtx() ctx: Ctx, @Arg('input', () => ReactivateTenantInput) input: ReactivateTenantInput): Promise<TenantPayload> {
    return toPayload(TenantPayload, await tenantService.setStatus(ctx, input, TenantStatus.ACTIVE), (t) => ({ tenant: TenantNode.from(t) }));
  }
}
