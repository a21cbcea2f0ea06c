import { Arg, Ctx as GqlCtx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { unitInScope } from '../../platform/authz.js';
import { unitService } from '../unit/unit.service.js';
import { UnitNode } from '../unit/unit.types.js';
import { RoleNode } from '../role/role.types.js';
import { memberService } from './member.service.js';
import { Member } from './member.entity.js';
import { AssignRoleInput, InviteMemberInput, InviteMemberPayload, MemberConnection, MemberFilter, MemberNode, MemberPayload, RemoveMemberInput, SetJurisdictionInput } from './member.types.js';

nodeFetchers.set('Member', async (ctx, id) => {
  if (!ctx.actor?.permissions.has(Permission.MEMBER_READ)) return null;
  const member = await ctx.em.findOne(Member, { id }, { populate: ['user', 'unit'] });
  return member && unitInScope(ctx.actor, member.unit.getEntity().path) ? MemberNode.from(member) : null;
});

@Resolver(() => MemberNode)
export class MemberResolver {
  @Query(() => MemberConnection, { description: 'Members acting for units of the caller\'s subtree. 成员列表。' })
  @Allow.member(Permission.MEMBER_READ)
  members(
    @GqlCtx() ctx: Ctx,
    @Arg('filter', () => MemberFilter, { nullable: true }) filter: MemberFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    return memberService.list(ctx, filter, { first, after });
  }

  @Query(() => MemberNode)
  @Allow.member(Permission.MEMBER_READ)
  async member(@GqlCtx() ctx: Ctx, @Arg('id', () => ID) id: string): Promise<MemberNode> {
    return MemberNode.from(await memberService.getInScope(ctx, id, ['id']));
  }

  @FieldResolver(() => UnitNode, { nullable: true, description: 'The unit it acts for. 所属单位。' })
  unit(@Root() member: MemberNode, @GqlCtx() ctx: Ctx): Promise<UnitNode | null> {
    return unitService.nodeInScope(ctx, member.unitId);
  }

  @FieldResolver(() => [UnitNode], { description: 'Roots of the unit subtrees whose cases the member handles (the seat when none was set); units outside the caller\'s scope are left out. 管辖范围。' })
  async jurisdiction(@Root() member: MemberNode, @GqlCtx() ctx: Ctx): Promise<UnitNode[]> {
    const rows = await memberService.jurisdictionLoader(ctx).load(member.rawId);
    const ids = rows.length ? rows.map((r) => r.unit.id) : [member.unitId];
    const nodes = await Promise.all(ids.map((id) => unitService.nodeInScope(ctx, id)));
    return nodes.filter((n): n is UnitNode => !!n);
  }

  @FieldResolver(() => [RoleNode], { description: 'Roles held directly. 角色。' })
  async roles(@Root() member: MemberNode, @GqlCtx() ctx: Ctx): Promise<RoleNode[]> {
    return (await memberService.rolesOf(ctx, member.rawId)).map((r) => RoleNode.from(r));
  }

  @Mutation(() => InviteMemberPayload, { description: 'Adds a member (creating or linking the user). 邀请成员。' })
  @Allow.member(Permission.MEMBER_MANAGE)
  async inviteMember(@GqlCtx() ctx: Ctx, @Arg('input', () => InviteMemberInput) input: InviteMemberInput): Promise<InviteMemberPayload> {
    return toPayload(InviteMemberPayload, await memberService.invite(ctx, input), (r) => ({
      member: MemberNode.from(r.member),
      setPasswordToken: r.setPasswordToken,
    }));
  }

  @Mutation(() => MemberPayload, { description: 'Sets the member\'s roles (and unit). 设置成员角色。' })
  @Allow.member(Permission.MEMBER_MANAGE)
  async assignRole(@GqlCtx() ctx: Ctx, @Arg('input', () => AssignRoleInput) input: AssignRoleInput): Promise<MemberPayload> {
    return toPayload(MemberPayload, await memberService.assignRoles(ctx, input), (m) => ({ member: MemberNode.from(m) }));
  }

  @Mutation(() => MemberPayload, { description: 'Sets the unit subtrees whose cases the member handles (logged). 设置管辖范围。' })
  @Allow.member(Permission.MEMBER_MANAGE)
  async setJurisdiction(@GqlCtx() ctx: Ctx, @Arg('input', () => SetJurisdictionInput) input: SetJurisdictionInput): Promise<MemberPayload> {
    return toPayload(MemberPayload, await memberService.setJurisdiction(ctx, input), (m) => ({ member: MemberNode.from(m) }));
  }

  @Mutation(() => MemberPayload, { description: 'Removes the member and ends its sessions in this tenant. 移除成员。' })
  @Allow.member(Permission.MEMBER_MANAGE)
  async removeMember(@GqlCtx() ctx: Ctx, @Arg('input', () => RemoveMemberInput) input: RemoveMemberInput): Promise<MemberPayload> {
    return toPayload(MemberPayload, await memberService.remove(ctx, input), (m) => ({ member: MemberNode.from(m) }));
  }
}
