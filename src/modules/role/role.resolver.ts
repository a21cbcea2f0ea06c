import { Arg, Ctx as GqlCtx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { roleService } from './role.service.js';
import { CreateRoleInput, RoleConnection, RoleNode, RolePayload, UpdateRoleInput } from './role.types.js';
import { Role } from './role.entity.js';

nodeFetchers.set('Role', async (ctx, id) => {
  if (!ctx.actor?.permissions.has(Permission.ROLE_READ)) return null;
  const role = await ctx.em.findOne(Role, { id });
  return role ? RoleNode.from(role) : null;
});

@Resolver(() => RoleNode)
export class RoleResolver {
  @Query(() => RoleConnection, { description: 'Roles of the tenant. 角色列表。' })
  @Allow.member(Permission.ROLE_READ)
  roles(
    @GqlCtx() ctx: Ctx,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    return roleService.list(ctx, { first, after });
  }

  @Query(() => RoleNode)
  @Allow.member(Permission.ROLE_READ)
  async role(@GqlCtx() ctx: Ctx, @Arg('id', () => ID) id: string): Promise<RoleNode> {
    return RoleNode.from(await roleService.get(ctx, id, ['id']));
  }

  @FieldResolver(() => RoleNode, { nullable: true, description: 'The role above. 上级角色。' })
  async parent(@Root() role: RoleNode, @GqlCtx() ctx: Ctx): Promise<RoleNode | null> {
    if (!role.parentId) return null;
    const parent = (await roleService.graph(ctx)).roles.get(role.parentId);
    return parent ? RoleNode.from(parent) : null;
  }

  @FieldResolver(() => [Permission], { description: 'Own permissions and those of every role below. 有效权限（含下级角色）。' })
  async effectivePermissions(@Root() role: RoleNode, @GqlCtx() ctx: Ctx): Promise<Permission[]> {
    return (await roleService.graph(ctx)).effectivePermissions(role.rawId);
  }

  @Mutation(() => RolePayload)
  @Allow.member(Permission.ROLE_MANAGE)
  async createRole(@GqlCtx() ctx: Ctx, @Arg('input', () => CreateRoleInput) input: CreateRoleInput): Promise<RolePayload> {
    return toPayload(RolePayload, await roleService.create(ctx, input), (r) => ({ role: RoleNode.from(r) }));
  }

  @Mutation(() => RolePayload)
  @Allow.member(Permission.ROLE_MANAGE)
  async updateRole(@GqlCtx() ctx: Ctx, @Arg('input', () => UpdateRoleInput) input: UpdateRoleInput): Promise<RolePayload> {
    return toPayload(RolePayload, await roleService.update(ctx, input), (r) => ({ role: RoleNode.from(r) }));
  }
}
