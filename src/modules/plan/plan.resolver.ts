import { Arg, Ctx as GqlCtx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { toGlobalId } from '../../platform/ids.js';
import { userErrorsOf, UserError } from '../../platform/graphql/relay.js';
import { roleService } from '../role/role.service.js';
import type { Condition, Trigger } from './plan.model.js';
import { describeCondition } from './plan-matcher.model.js';
import { PlanStatus } from './plan.entity.js';
import { planService } from './plan.service.js';
import { staffRefOf, staffRefs } from './staff.loaders.js';
import {
  CreatePlanDraftInput,
  DeletePlanDraftInput,
  DeletePlanDraftPayload,
  DutyNode,
  EscalationRuleNode,
  IncidentFactsInput,
  OrgPositionNode,
  PlanConnection,
  PlanDiffNode,
  PlanNode,
  PlanPayload,
  PlanTemplateNode,
  PublishPlanInput,
  PublishPlanPayload,
  ResponseLevelMatchNode,
  StaffRef,
  TriggerConditionNode,
  TriggerNode,
  UpdatePlanDraftInput,
} from './plan.types.js';
import './plan.enums.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

nodeFetchers.set('Plan', async (ctx, id) => {
  if (!ctx.actor?.permissions.has(Permission.PLAN_READ)) return null;
  return planService.nodeById(ctx, id);
});

/** A stored role key as the API shows it: template keys as they are, custom roles by global id. */
function publicRoleKey(key: string): string {
  return UUID.test(key) ? toGlobalId('Role', key) : key;
}

async function roleName(ctx: Ctx, key: string): Promise<string | null> {
  return (await roleService.graph(ctx)).ofKey(key)?.name ?? null;
}

@Resolver(() => PlanNode)
export class PlanResolver {
  @Query(() => PlanConnection, { description: 'Versions of the plan, newest first. 预案版本列表。' })
  @Allow.member(Permission.PLAN_READ)
  plans(
    @GqlCtx() ctx: Ctx,
    @Arg('status', () => PlanStatus, { nullable: true }) status: PlanStatus | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    return planService.list(ctx, status, { first, after });
  }

  @Query(() => PlanNode, { description: 'One version of the plan. 预案版本。' })
  @Allow.member(Permission.PLAN_READ)
  async plan(@GqlCtx() ctx: Ctx, @Arg('id', () => ID) id: string): Promise<PlanNode> {
    return PlanNode.from(await planService.get(ctx, id, ['id']));
  }

  @Query(() => PlanNode, { nullable: true, description: 'The PUBLISHED version, the one new incidents are opened under; null before the first publish. 现行预案。' })
  @Allow.member(Permission.PLAN_READ)
  async activePlan(@GqlCtx() ctx: Ctx): Promise<PlanNode | null> {
    const plan = await planService.active(ctx);
    return plan ? PlanNode.from(plan) : null;
  }

  @Query(() => PlanDiffNode, { description: 'Structured differences between two versions. 两个版本的差异。' })
  @Allow.member(Permission.PLAN_READ)
  async planDiff(@GqlCtx() ctx: Ctx, @Arg('fromId', () => ID) fromId: string, @Arg('toId', () => ID) toId: string): Promise<PlanDiffNode> {
    const d = await planService.diff(ctx, fromId, toId);
    return Object.assign(new PlanDiffNode(), { from: PlanNode.from(d.from), to: PlanNode.from(d.to), changes: d.changes });
  }

  @Query(() => [PlanTemplateNode], { description: 'Plan templates written from the reference plans. 预案模板。' })
  @Allow.memberOrPlatformAdmin(Permission.PLAN_READ)
  planTemplates(): PlanTemplateNode[] {
    return planService.templates().map((t) => PlanTemplateNode.from(t as PlanTemplateNode));
  }

  @Query(() => ResponseLevelMatchNode, {
    description:
      'The response level incident facts would get, with the conditions that decided it, without opening an incident. Uses the published version unless planId names another. 预判响应等级。',
  })
  @Allow.member(Permission.PLAN_READ)
  async previewResponseLevel(
    @GqlCtx() ctx: Ctx,
    @Arg('facts', () => IncidentFactsInput) facts: IncidentFactsInput,
    @Arg('planId', () => ID, { nullable: true }) planId: string | null,
    @Arg('unitId', () => ID, { nullable: true, description: 'Unit concerned, for the alert-period lookup (default: the caller\'s).' }) unitId: string | null,
    @Arg('at', () => Date, { nullable: true, description: 'Moment for the alert-period lookup (default: now).' }) at: Date | null,
  ): Promise<ResponseLevelMatchNode> {
    const r = await planService.preview(ctx, facts, { planId, unitId, at });
    return Object.assign(new ResponseLevelMatchNode(), { ...r, plan: PlanNode.from(r.plan) });
  }

  @FieldResolver(() => PlanNode, { nullable: true, description: 'The version this draft was copied from. 来源版本。' })
  basedOn(@Root() plan: PlanNode, @GqlCtx() ctx: Ctx): Promise<PlanNode | null> {
    return planService.nodeById(ctx, plan.basedOnId);
  }

  @FieldResolver(() => PlanNode, { nullable: true, description: 'The version that superseded this one. 取代本版本的版本。' })
  supersededBy(@Root() plan: PlanNode, @GqlCtx() ctx: Ctx): Promise<PlanNode | null> {
    return planService.nodeById(ctx, plan.supersededById);
  }

  @FieldResolver(() => StaffRef, { nullable: true })
  createdBy(@Root() plan: PlanNode, @GqlCtx() ctx: Ctx): Promise<StaffRef | null> {
    return staffRefOf(ctx, plan.createdById);
  }

  @FieldResolver(() => StaffRef, { nullable: true })
  publishedBy(@Root() plan: PlanNode, @GqlCtx() ctx: Ctx): Promise<StaffRef | null> {
    return staffRefOf(ctx, plan.publishedById);
  }

  @FieldResolver(() => [UserError], { description: 'For a draft: what publishPlan would refuse now, with codes and field paths. Empty for published versions. 发布前检查。' })
  async problems(@Root() plan: PlanNode, @GqlCtx() ctx: Ctx): Promise<UserError[]> {
    return userErrorsOf(await planService.problems(ctx, plan));
  }

  @Mutation(() => PlanPayload, { description: 'A new draft: blank, from a template, or a copy of the published (or any) version. 新建草稿。' })
  @Allow.member(Permission.PLAN_DRAFT)
  async createPlanDraft(@GqlCtx() ctx: Ctx, @Arg('input', () => CreatePlanDraftInput) input: CreatePlanDraftInput): Promise<PlanPayload> {
    return toPayload(PlanPayload, await planService.createDraft(ctx, input), (p) => ({ plan: PlanNode.from(p) }));
  }

  @Mutation(() => PlanPayload, { description: 'Changes a draft; published and superseded versions never change. 修改草稿。' })
  @Allow.member(Permission.PLAN_DRAFT)
  async updatePlanDraft(@GqlCtx() ctx: Ctx, @Arg('input', () => UpdatePlanDraftInput) input: UpdatePlanDraftInput): Promise<PlanPayload> {
    return toPayload(PlanPayload, await planService.updateDraft(ctx, input), (p) => ({ plan: PlanNode.from(p) }));
  }

  @Mutation(() => PublishPlanPayload, {
    description:
      'Validates the draft and publishes it, superseding the published version in the same transaction (原有预案同时废止). Rule failures come back as userErrors with codes and field paths into the draft. 发布预案。',
  })
  @Allow.member(Permission.PLAN_PUBLISH)
  async publishPlan(@GqlCtx() ctx: Ctx, @Arg('input', () => PublishPlanInput) input: PublishPlanInput): Promise<PublishPlanPayload> {
    return toPayload(PublishPlanPayload, await planService.publish(ctx, input), (r) => ({
      plan: PlanNode.from(r.plan),
      superseded: r.superseded ? PlanNode.from(r.superseded) : null,
      warnings: r.warnings,
    }));
  }

  @Mutation(() => DeletePlanDraftPayload, { description: 'Deletes a draft (never a published or superseded version). 删除草稿。' })
  @Allow.member(Permission.PLAN_DRAFT)
  async deletePlanDraft(@GqlCtx() ctx: Ctx, @Arg('input', () => DeletePlanDraftInput) input: DeletePlanDraftInput): Promise<DeletePlanDraftPayload> {
    return toPayload(DeletePlanDraftPayload, await planService.deleteDraft(ctx, input), (p) => ({ plan: PlanNode.from(p), deletedPlanId: toGlobalId('Plan', p.id) }));
  }
}

@Resolver(() => DutyNode)
export class DutyFieldResolver {
  @FieldResolver(() => String, { description: 'Role key (template roles) or the global id of a custom role. 责任角色。' })
  roleKey(@Root() duty: DutyNode): string {
    return publicRoleKey(duty.roleKey);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Name of the role in this organisation; null if it does not exist (publish refuses that). 角色名称。' })
  roleName(@Root() duty: DutyNode, @GqlCtx() ctx: Ctx): Promise<string | null> {
    return roleName(ctx, duty.roleKey);
  }
}

@Resolver(() => EscalationRuleNode)
export class EscalationRuleFieldResolver {
  @FieldResolver(() => String)
  notifyRoleKey(@Root() rule: EscalationRuleNode): string {
    return publicRoleKey(rule.notifyRoleKey);
  }

  @FieldResolver(() => String, { nullable: true })
  notifyRoleName(@Root() rule: EscalationRuleNode, @GqlCtx() ctx: Ctx): Promise<string | null> {
    return roleName(ctx, rule.notifyRoleKey);
  }
}

@Resolver(() => OrgPositionNode)
export class OrgPositionFieldResolver {
  @FieldResolver(() => String)
  roleKey(@Root() p: OrgPositionNode): string {
    return publicRoleKey(p.roleKey);
  }

  @FieldResolver(() => String, { nullable: true })
  roleName(@Root() p: OrgPositionNode, @GqlCtx() ctx: Ctx): Promise<string | null> {
    return roleName(ctx, p.roleKey);
  }

  @FieldResolver(() => [ID], { description: 'Members named for the position (Member global ids). 成员。' })
  memberIds(@Root() p: OrgPositionNode): string[] {
    return p.memberIds.map((id) => toGlobalId('Member', id));
  }

  @FieldResolver(() => [StaffRef], { description: 'Members named for the position, by name and title (removed members are left out).' })
  members(@Root() p: OrgPositionNode, @GqlCtx() ctx: Ctx): Promise<StaffRef[]> {
    return staffRefs(ctx, p.memberIds);
  }
}

@Resolver(() => TriggerConditionNode)
export class TriggerConditionFieldResolver {
  @FieldResolver(() => String, { description: 'The condition in Chinese and English. 条件说明。' })
  description(@Root() c: TriggerConditionNode): string {
    return describeCondition(c as unknown as Condition);
  }
}

@Resolver(() => TriggerNode)
export class TriggerFieldResolver {
  @FieldResolver(() => [TriggerNode])
  groups(@Root() t: TriggerNode): Trigger[] {
    return (t as unknown as Trigger).groups ?? [];
  }
}
