import { Arg, Ctx as GqlCtx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { idOf } from '../../platform/ids.js';
import { UnitNode } from '../unit/unit.types.js';
import { unitService } from '../unit/unit.service.js';
import { MemberNode } from '../member/member.types.js';
import { incidentAccess } from '../incident/incident.access.js';
import { memberNode } from '../incident/incident.loaders.js';
import { concernAccess } from './concern.access.js';
import { concernService } from './concern.service.js';
import {
  AddConcernUpdateInput,
  ConcernConnection,
  ConcernFilter,
  ConcernNode,
  ConcernPayload,
  ConcernUpdateNode,
  IncidentNode,
  OpenIncidentFromConcernInput,
  OpenIncidentFromConcernPayload,
  RecordConcernInput,
  ResolveConcernInput,
} from './concern.types.js';

nodeFetchers.set('Concern', async (ctx, id) => {
  if (!ctx.actor?.permissions.has(Permission.CONCERN_READ)) return null;
  const concern = await concernAccess.find(ctx, id);
  return concern ? ConcernNode.from(concern) : null;
});

const concernPayload = (c: Parameters<typeof ConcernNode.from>[0]) => ({ concern: ConcernNode.from(c) });

@Resolver(() => ConcernNode)
export class ConcernResolver {
  @Query(() => ConcernConnection, { description: 'Prevention records over the caller\'s units, latest first. 矛盾纠纷预防记录。' })
  @Allow.member(Permission.CONCERN_READ)
  concerns(
    @GqlCtx() ctx: Ctx,
    @Arg('filter', () => ConcernFilter, { nullable: true }) filter: ConcernFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    return concernService.list(ctx, filter, { first, after });
  }

  @Query(() => ConcernNode, { description: 'One concern; NOT_FOUND when the caller may not see it. 预防记录。' })
  @Allow.member(Permission.CONCERN_READ)
  async concern(@GqlCtx() ctx: Ctx, @Arg('id', () => ID) id: string): Promise<ConcernNode> {
    return ConcernNode.from(await concernAccess.get(ctx, idOf('Concern', id, ['id']), ['id']));
  }

  @Mutation(() => ConcernPayload, { description: '预防: records a grievance to resolve locally, with an owner and a due date; no statutory clock starts. 记录矛盾纠纷。' })
  @Allow.member(Permission.CONCERN_MANAGE)
  async recordConcern(@GqlCtx() ctx: Ctx, @Arg('input', () => RecordConcernInput) input: RecordConcernInput): Promise<ConcernPayload> {
    return toPayload(ConcernPayload, await concernService.record(ctx, input), concernPayload);
  }

  @Mutation(() => ConcernPayload, { description: 'Records work done on an open concern. 记录化解工作。' })
  @Allow.member(Permission.CONCERN_MANAGE)
  async addConcernUpdate(@GqlCtx() ctx: Ctx, @Arg('input', () => AddConcernUpdateInput) input: AddConcernUpdateInput): Promise<ConcernPayload> {
    return toPayload(ConcernPayload, await concernService.addUpdate(ctx, input), concernPayload);
  }

  @Mutation(() => ConcernPayload, { description: 'The concern was resolved where it arose. 就地化解。' })
  @Allow.member(Permission.CONCERN_MANAGE)
  async resolveConcern(@GqlCtx() ctx: Ctx, @Arg('input', () => ResolveConcernInput) input: ResolveConcernInput): Promise<ConcernPayload> {
    return toPayload(ConcernPayload, await concernService.resolve(ctx, input), concernPayload);
  }

  @Mutation(() => OpenIncidentFromConcernPayload, {
    description: 'A petition was made after all: reports the incident (clocks from its receipt) linked to the concern and its history. 形成信访事件。',
  })
  @Allow.member(Permission.CONCERN_MANAGE, Permission.INCIDENT_REPORT)
  async openIncidentFromConcern(@GqlCtx() ctx: Ctx, @Arg('input', () => OpenIncidentFromConcernInput) input: OpenIncidentFromConcernInput): Promise<OpenIncidentFromConcernPayload> {
    return toPayload(OpenIncidentFromConcernPayload, await concernService.openIncident(ctx, input), (v) => ({
      concern: ConcernNode.from(v.concern),
      incident: IncidentNode.from(v.report.incident),
    }));
  }

  @FieldResolver(() => UnitNode, { nullable: true, description: 'Where it arose. 所在单位。' })
  unit(@Root() c: ConcernNode, @GqlCtx() ctx: Ctx) {
    return unitService.nodeInScope(ctx, c.unitId);
  }

  @FieldResolver(() => MemberNode, { nullable: true, description: 'Who answers for resolving it. 责任人。' })
  owner(@Root() c: ConcernNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, c.ownerId);
  }

  @FieldResolver(() => MemberNode, { nullable: true }) recordedBy(@Root() c: ConcernNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, c.recordedById);
  }

  @FieldResolver(() => MemberNode, { nullable: true }) closedBy(@Root() c: ConcernNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, c.closedById);
  }

  @FieldResolver(() => [ConcernUpdateNode], { description: 'The work done on it, oldest first. 化解工作记录。' })
  async updates(@Root() c: ConcernNode, @GqlCtx() ctx: Ctx): Promise<ConcernUpdateNode[]> {
    return (await concernService.updates(ctx).load(c.rawId)).map((u) => ConcernUpdateNode.from(u));
  }

  @FieldResolver(() => IncidentNode, { nullable: true, description: 'The incident it became, when the caller may see it. 形成的信访事件。' })
  async incident(@Root() c: ConcernNode, @GqlCtx() ctx: Ctx): Promise<IncidentNode | null> {
    if (!c.incidentId) return null;
    const incident = await incidentAccess.find(ctx, c.incidentId);
    return incident ? IncidentNode.from(incident) : null;
  }
}

@Resolver(() => ConcernUpdateNode)
export class ConcernUpdateResolver {
  @FieldResolver(() => MemberNode, { nullable: true }) recordedBy(@Root() u: ConcernUpdateNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, u.recordedById);
  }
}

/** The incident's side: the prevention record it grew from, with its history. */
@Resolver(() => IncidentNode)
export class IncidentConcernResolver {
  @FieldResolver(() => ConcernNode, { nullable: true, description: 'The prevention record it was opened from (with its work), when the caller may read concerns. 来源预防记录。' })
  async concern(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<ConcernNode | null> {
    if (!ctx.actor?.permissions.has(Permission.CONCERN_READ)) return null;
    const concern = await concernService.ofIncident(ctx).load(i.rawId);
    return concern ? ConcernNode.from(concern) : null;
  }
}
