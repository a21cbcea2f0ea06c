import { Arg, Ctx as GqlCtx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { MemberNode } from '../member/member.types.js';
import { RoleNode } from '../role/role.types.js';
import { roleService } from '../role/role.service.js';
import { UnitNode } from '../unit/unit.types.js';
import { unitService } from '../unit/unit.service.js';
import { incidentLoaders, memberNode } from '../incident/incident.loaders.js';
import { IncidentNode, TaskNode } from '../incident/incident.types.js';
import { ClockNode } from '../petition/petition.types.js';
import { AlertPeriodNode } from '../alert-period/alert-period.types.js';
import { FindingStatus } from './accountability.enums.js';
import { FindingAnswer, FindingRuling } from './finding.entity.js';
import { findingAccess } from './finding.access.js';
import { findingLoaders } from './finding.loaders.js';
import { findingService } from './finding.service.js';
import { reportService } from './report.service.js';
import {
  AccountabilityFindingFilter,
  AccountabilityPeriodInput,
  AccountabilityReportFilter,
  AnswerAccountabilityFindingInput,
  AnswerAccountabilityFindingPayload,
  CountsNode,
  FindingAnswerNode,
  FindingConnection,
  FindingEscalationNode,
  FindingNode,
  FindingRulingNode,
  MemberRowConnection,
  MemberRowNode,
  ReportNode,
  RuleOnAccountabilityFindingInput,
  RuleOnAccountabilityFindingPayload,
  SourceCountsNode,
  PoliceDecisionCountsNode,
  UnitRowConnection,
} from './accountability.types.js';

nodeFetchers.set('AccountabilityFinding', async (ctx, id) => {
  const finding = await findingAccess.find(ctx, id);
  return finding ? FindingNode.from(finding) : null;
});

/** An answer or ruling is visible exactly when its finding is. */
function findingChildFetcher<E extends { finding: { id: string } }>(entity: new () => E, toNode: (e: E) => FindingAnswerNode | FindingRulingNode) {
  return async (ctx: Ctx, id: string) => {
    if (!ctx.actor?.memberId) return null;
    const row = (await ctx.em.findOne(entity as never, { id } as never)) as E | null;
    return row && (await findingAccess.find(ctx, row.finding.id)) ? toNode(row) : null;
  };
}
nodeFetchers.set('FindingAnswer', findingChildFetcher(FindingAnswer, (a) => FindingAnswerNode.from(a)));
nodeFetchers.set('FindingRuling', findingChildFetcher(FindingRuling, (r) => FindingRulingNode.from(r)));

const page = (first: number | null, after: string | null) => ({ first, after });

@Resolver(() => FindingNode)
export class AccountabilityResolver {
  @Query(() => FindingConnection, {
    description: 'Accountability findings of the caller\'s unit subtree (and those naming the caller), latest due first, filtered. 责任追究记录。',
  })
  @Allow.member(Permission.ACCOUNTABILITY_READ)
  accountabilityFindings(
    @GqlCtx() ctx: Ctx,
    @Arg('filter', () => AccountabilityFindingFilter, { nullable: true }) filter: AccountabilityFindingFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    return findingService.list(ctx, filter, page(first, after));
  }

  @Query(() => FindingConnection, { description: 'The findings naming the caller, to answer them. 本人的责任追究记录。' })
  @Allow.member(Permission.FINDING_ANSWER)
  myAccountabilityFindings(
    @GqlCtx() ctx: Ctx,
    @Arg('filter', () => AccountabilityFindingFilter, { nullable: true }) filter: AccountabilityFindingFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    return findingService.list(ctx, filter, page(first, after), true);
  }

  @Query(() => ReportNode, {
    description:
      'Per unit and per member of the caller\'s subtree: obligations due in the period, done on time, done late, missed, with rates. Aggregated in the database. 履职情况统计。',
  })
  @Allow.member(Permission.ACCOUNTABILITY_READ)
  accountabilityReport(
    @GqlCtx() ctx: Ctx,
    @Arg('period', () => AccountabilityPeriodInput) period: AccountabilityPeriodInput,
    @Arg('filter', () => AccountabilityReportFilter, { nullable: true }) filter: AccountabilityReportFilter | null,
  ): Promise<ReportNode> {
    return reportService.open(ctx, period, filter);
  }

  @Mutation(() => AnswerAccountabilityFindingPayload, { description: 'The member a finding names explains it (once, before any ruling). 责任人作出情况说明。' })
  @Allow.member(Permission.FINDING_ANSWER)
  async answerAccountabilityFinding(
    @GqlCtx() ctx: Ctx,
    @Arg('input', () => AnswerAccountabilityFindingInput) input: AnswerAccountabilityFindingInput,
  ): Promise<AnswerAccountabilityFindingPayload> {
    return toPayload(AnswerAccountabilityFindingPayload, await findingService.answer(ctx, input), (r) => ({
      answer: FindingAnswerNode.from(r.answer),
      finding: FindingNode.from(r.finding),
    }));
  }

  @Mutation(() => RuleOnAccountabilityFindingPayload, {
    description: 'A leader-rank member rules on a finding of its subtree (EXCUSED or UPHELD, with a note; once; never on one naming itself). 领导裁定。',
  })
  @Allow.member(Permission.FINDING_RULE)
  async ruleOnAccountabilityFinding(
    @GqlCtx() ctx: Ctx,
    @Arg('input', () => RuleOnAccountabilityFindingInput) input: RuleOnAccountabilityFindingInput,
  ): Promise<RuleOnAccountabilityFindingPayload> {
    return toPayload(RuleOnAccountabilityFindingPayload, await findingService.rule(ctx, input), (r) => ({
      ruling: FindingRulingNode.from(r.ruling),
      finding: FindingNode.from(r.finding),
    }));
  }

  @FieldResolver(() => FindingStatus, { description: 'OPEN, ANSWERED or RULED. 状态。' })
  async status(@Root() f: FindingNode, @GqlCtx() ctx: Ctx): Promise<FindingStatus> {
    const [answer, ruling] = await Promise.all([findingLoaders.answer(ctx).load(f.rawId), findingLoaders.ruling(ctx).load(f.rawId)]);
    return ruling ? FindingStatus.RULED : answer ? FindingStatus.ANSWERED : FindingStatus.OPEN;
  }

  @FieldResolver(() => FindingAnswerNode, { nullable: true, description: 'The responsible member\'s explanation. 情况说明。' })
  async answer(@Root() f: FindingNode, @GqlCtx() ctx: Ctx): Promise<FindingAnswerNode | null> {
    const a = await findingLoaders.answer(ctx).load(f.rawId);
    return a ? FindingAnswerNode.from(a) : null;
  }

  @FieldResolver(() => FindingRulingNode, { nullable: true, description: 'A leader\'s ruling. 裁定。' })
  async ruling(@Root() f: FindingNode, @GqlCtx() ctx: Ctx): Promise<FindingRulingNode | null> {
    const r = await findingLoaders.ruling(ctx).load(f.rawId);
    return r ? FindingRulingNode.from(r) : null;
  }

  @FieldResolver(() => FindingEscalationNode, { nullable: true, description: 'Who was told up the chain (null until the escalation is due). 逐级上报。' })
  async escalation(@Root() f: FindingNode, @GqlCtx() ctx: Ctx): Promise<FindingEscalationNode | null> {
    const e = await findingLoaders.escalation(ctx).load(f.rawId);
    return e ? FindingEscalationNode.from(e) : null;
  }

  @FieldResolver(() => MemberNode, { nullable: true, description: 'The member who answered for it (null: nobody was assigned). 责任人。' })
  responsibleMember(@Root() f: FindingNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, f.responsibleMemberId);
  }

  @FieldResolver(() => RoleNode, { nullable: true, description: 'The responsible role. 责任角色。' })
  async responsibleRole(@Root() f: FindingNode, @GqlCtx() ctx: Ctx): Promise<RoleNode | null> {
    const role = f.responsibleRoleId ? (await roleService.graph(ctx)).roles.get(f.responsibleRoleId) : null;
    return role ? RoleNode.from(role) : null;
  }

  @FieldResolver(() => UnitNode, { description: 'The unit answerable for it. 责任单位。' })
  async responsibleUnit(@Root() f: FindingNode, @GqlCtx() ctx: Ctx): Promise<UnitNode> {
    const unit = await unitService.loader(ctx).load(f.responsibleUnitId);
    if (!unit) throw new Error('finding unit missing');
    return UnitNode.from(unit);
  }

  @FieldResolver(() => IncidentNode, { nullable: true, description: 'The incident, when there is one and the caller may see it. 所涉事件。' })
  async incident(@Root() f: FindingNode, @GqlCtx() ctx: Ctx): Promise<IncidentNode | null> {
    if (!f.incidentId || !(await findingLoaders.incidentVisible(ctx).load(f.incidentId))) return null;
    const incident = await incidentLoaders.incident(ctx).load(f.incidentId);
    return incident ? IncidentNode.from(incident) : null;
  }

  @FieldResolver(() => TaskNode, { nullable: true, description: 'The task (one-off duties), when the caller may see its incident. 任务。' })
  async task(@Root() f: FindingNode, @GqlCtx() ctx: Ctx): Promise<TaskNode | null> {
    if (!f.taskId || !f.incidentId || !(await findingLoaders.incidentVisible(ctx).load(f.incidentId))) return null;
    const task = await findingLoaders.task(ctx).load(f.taskId);
    return task ? TaskNode.from(task) : null;
  }

  @FieldResolver(() => ClockNode, { nullable: true, description: 'The statutory clock, when the caller may see its incident. 法定期限。' })
  async clock(@Root() f: FindingNode, @GqlCtx() ctx: Ctx): Promise<ClockNode | null> {
    if (!f.clockId || !f.incidentId || !(await findingLoaders.incidentVisible(ctx).load(f.incidentId))) return null;
    const clock = await findingLoaders.clock(ctx).load(f.clockId);
    return clock ? ClockNode.from(clock) : null;
  }

  @FieldResolver(() => AlertPeriodNode, { nullable: true, description: 'The alert period whose report was due. 重大活动期间。' })
  async alertPeriod(@Root() f: FindingNode, @GqlCtx() ctx: Ctx): Promise<AlertPeriodNode | null> {
    if (!f.alertPeriodId) return null;
    const period = await findingLoaders.alertPeriod(ctx).load(f.alertPeriodId);
    return period ? AlertPeriodNode.from(period) : null;
  }
}

@Resolver(() => FindingAnswerNode)
export class FindingAnswerResolver {
  @FieldResolver(() => MemberNode, { nullable: true }) member(@Root() a: FindingAnswerNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, a.memberId);
  }
}

@Resolver(() => FindingRulingNode)
export class FindingRulingResolver {
  @FieldResolver(() => MemberNode, { nullable: true, description: 'The leader who ruled. 裁定人。' }) member(@Root() r: FindingRulingNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, r.memberId);
  }
}

@Resolver(() => FindingEscalationNode)
export class FindingEscalationResolver {
  @FieldResolver(() => RoleNode, { nullable: true }) async notifyRole(@Root() e: FindingEscalationNode, @GqlCtx() ctx: Ctx): Promise<RoleNode | null> {
    const role = e.notifyRoleId ? (await roleService.graph(ctx)).roles.get(e.notifyRoleId) : null;
    return role ? RoleNode.from(role) : null;
  }

  @FieldResolver(() => [MemberNode], { description: 'The members told. 被通知人。' }) async recipients(@Root() e: FindingEscalationNode, @GqlCtx() ctx: Ctx): Promise<MemberNode[]> {
    const members = await Promise.all(e.recipientIds.map((id) => memberNode(ctx, id)));
    return members.filter((m): m is MemberNode => !!m);
  }
}

@Resolver(() => ReportNode)
export class AccountabilityReportResolver {
  @FieldResolver(() => CountsNode, { description: 'All obligations in scope. 合计。' }) totals(@Root() r: ReportNode, @GqlCtx() ctx: Ctx) {
    return reportService.totals(ctx, r);
  }

  @FieldResolver(() => PoliceDecisionCountsNode, { description: 'Incidents received in the period by their police decision (慎用警力). 警力调用情况。' })
  policeDecisions(@Root() r: ReportNode, @GqlCtx() ctx: Ctx) {
    return reportService.policeDecisions(ctx, r);
  }

  @FieldResolver(() => [SourceCountsNode], { description: 'By kind of obligation. 按类型。' }) bySource(@Root() r: ReportNode, @GqlCtx() ctx: Ctx) {
    return reportService.bySource(ctx, r);
  }

  @FieldResolver(() => UnitRowConnection, { description: 'Per unit (its own obligations), in tree order. 按单位。' })
  units(@Root() r: ReportNode, @GqlCtx() ctx: Ctx, @Arg('first', () => Int, { nullable: true }) first: number | null, @Arg('after', () => String, { nullable: true }) after: string | null) {
    return reportService.units(ctx, r, page(first, after));
  }

  @FieldResolver(() => MemberRowConnection, { description: 'Per member, by name. 按个人。' })
  members(@Root() r: ReportNode, @GqlCtx() ctx: Ctx, @Arg('first', () => Int, { nullable: true }) first: number | null, @Arg('after', () => String, { nullable: true }) after: string | null) {
    return reportService.members(ctx, r, page(first, after));
  }
}

@Resolver(() => MemberRowNode)
export class AccountabilityMemberRowResolver {
  @FieldResolver(() => MemberNode, { nullable: true }) member(@Root() row: MemberRowNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, row.memberId);
  }
}
