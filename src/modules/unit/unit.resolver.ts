import { Arg, Ctx as GqlCtx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { unitInScope } from '../../platform/authz.js';
import { unitService } from './unit.service.js';
import { ArchiveUnitInput, CreateUnitInput, MoveUnitInput, UnitConnection, UnitFilter, UnitNode, UnitPayload, UpdateUnitInput } from './unit.types.js';
import { Unit } from './unit.entity.js';

nodeFetchers.set('Unit', async (ctx, id) => {
  if (!ctx.actor?.permissions.has(Permission.UNIT_READ)) return null;
  const unit = await ctx.em.findOne(Unit, { id });
  return unit && unitInScope(ctx.actor, unit.path) ? UnitNode.from(unit) : null;
});

@Resolver(() => UnitNode)
export class UnitResolver {
  @Query(() => UnitConnection, { description: 'Units of the caller\'s subtree, in tree order. 本人所辖单位。' })
  @Allow.member(Permission.UNIT_READ)
  units(
    @GqlCtx() ctx: Ctx,
    @Arg('filter', () => UnitFilter, { nullable: true }) filter: UnitFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    return unitService.list(ctx, filter, { first, after });
  }

  @Query(() => UnitNode, { description: 'One unit of the caller\'s subtree. 单位详情。' })
  @Allow.member(Permission.UNIT_READ)
  async unit(@GqlCtx() ctx: Ctx, @Arg('id', () => ID) id: string): Promise<UnitNode> {
    return UnitNode.from(await unitService.getInScope(ctx, id, ['id']));
  }

  @FieldResolver(() => UnitNode, { nullable: true, description: 'Parent unit; null for the root or above the caller\'s subtree. 上级单位。' })
  parent(@Root() unit: UnitNode, @GqlCtx() ctx: Ctx): Promise<UnitNode | null> {
    return unitService.nodeInScope(ctx, unit.parentId);
  }

  @Mutation(() => UnitPayload)
  @Allow.member(Permission.UNIT_MANAGE)
  async createUnit(@GqlCtx() ctx: Ctx, @Arg('input', () => CreateUnitInput) input: CreateUnitInput): Promise<UnitPayload> {
    return toPayload(UnitPayload, await unitService.create(ctx, input), (u) => ({ unit: UnitNode.from(u) }));
  }

  @Mutation(() => UnitPayload)
  @Allow.member(Permission.UNIT_MANAGE)
  async updateUnit(@GqlCtx() ctx: Ctx, @Arg('input', () => UpdateUnitInput) input: UpdateUnitInput): Promise<UnitPayload> {
    return toPayload(UnitPayload, await unitService.update(ctx, input), (u) => ({ unit: UnitNode.from(u) }));
  }

  @Mutation(() => UnitPayload)
  @Allow.member(Permission.UNIT_MANAGE)
  async moveUnit(@GqlCtx() ctx: Ctx, @Arg('input', () => MoveUnitInput) input: MoveUnitInput): Promise<UnitPayload> {
    return toPayload(UnitPayload, await unitService.move(ctx, input), (u) => ({ unit: UnitNode.from(u) }));
  }

  @Mutation(() => UnitPayload)
  @Allow.member(Permission.UNIT_MANAGE)
  async archiveUnit(@GqlCtx() ctx: Ctx, @Arg('input', () => ArchiveUnitInput) input: ArchiveUnitInput): Promise<UnitPayload> {
    return toPayload(UnitPayload, await unitService.archive(ctx, input), (u) => ({ unit: UnitNode.from(u) }));
  }
}
