import { Arg, Ctx as GqlCtx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { unitSubtree } from '../../platform/unit-subtree.js';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { invalid } from '../../platform/errors.js';
import { UnitNode } from '../unit/unit.types.js';
import { unitService } from '../unit/unit.service.js';
import { StaffRef } from '../plan/plan.types.js';
import { staffRefOf } from '../plan/staff.loaders.js';
import { alertPeriodService } from './alert-period.service.js';
import { reportDueTimes } from './alert-period-schedule.model.js';
import {
  AlertPeriodConnection,
  AlertPeriodNode,
  AlertPeriodPayload,
  AlertPeriodReportNode,
  AlertPeriodReportPayload,
  AlertPeriodReportStatusConnection,
  AlertPeriodReportStatusNode,
  DeclareAlertPeriodInput,
  EndAlertPeriodInput,
  SubmitAlertPeriodReportInput,
  CorrectAlertPeriodReportInput,
} from './alert-period.types.js';
import { AlertPeriodReport } from './alert-period.entity.js';

nodeFetchers.set('AlertPeriod', async (ctx, id) => {
  if (!ctx.actor?.permissions.has(Permission.PLAN_READ)) return null;
  return alertPeriodService.nodeVisible(ctx, id);
});

nodeFetchers.set('AlertPeriodReport', async (ctx, id) => {
  if (!ctx.actor?.permissions.has(Permission.PLAN_READ)) return null;
  const report = await alertPeriodService.reportNodeVisible(ctx, id);
  return report ? AlertPeriodReportNode.from(report) : null;
});

/** A unit as a node when the caller sees it: in its subtree or above it, or in its jurisdiction. */
async function visibleUnit(ctx: Ctx, unitId: string): Promise<UnitNode | null> {
  const unit = await unitService.loader(ctx).load(unitId);
  const path = ctx.actor?.unitPath;
  return unit && path && (unitSubtree.related(unit.path, path) || unitSubtree.containsAny(ctx.actor?.jurisdiction ?? [], unit.path)) ? UnitNode.from(unit) : null;
}

@Resolver(() => AlertPeriodNode)
export class AlertPeriodResolver {
  @Query(() => AlertPeriodConnection, { description: 'Alert periods over the caller\'s units (seat and jurisdiction) and the units above them, latest first. 重大活动期间列表。' })
  @Allow.member(Permission.PLAN_READ)
  alertPeriods(
    @GqlCtx() ctx: Ctx,
    @Arg('activeAt', () => Date, { nullable: true, description: 'Only periods on at this moment.' }) activeAt: Date | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    return alertPeriodService.list(ctx, activeAt, { first, after });
  }

  @Query(() => AlertPeriodNode, { description: 'One alert period. 重大活动期间。' })
  @Allow.member(Permission.PLAN_READ)
  async alertPeriod(@GqlCtx() ctx: Ctx, @Arg('id', () => ID) id: string): Promise<AlertPeriodNode> {
    return AlertPeriodNode.from(await alertPeriodService.getVisible(ctx, id, ['id']));
  }

  @FieldResolver(() => UnitNode, { nullable: true, description: 'The unit whose subtree it covers (null when above the caller\'s view). 适用单位。' })
  unit(@Root() p: AlertPeriodNode, @GqlCtx() ctx: Ctx): Promise<UnitNode | null> {
    return visibleUnit(ctx, p.unitId);
  }

  @FieldResolver(() => StaffRef, { nullable: true, description: 'The leader who declared it. 宣布人。' })
  declaredBy(@Root() p: AlertPeriodNode, @GqlCtx() ctx: Ctx): Promise<StaffRef | null> {
    return staffRefOf(ctx, p.declaredById);
  }

  @FieldResolver(() => StaffRef, { nullable: true })
  cancelledBy(@Root() p: AlertPeriodNode, @GqlCtx() ctx: Ctx): Promise<StaffRef | null> {
    return staffRefOf(ctx, p.cancelledById);
  }

  @FieldResolver(() => Boolean, { description: 'Whether it is on now. 是否进行中。' })
  active(@Root() p: AlertPeriodNode): boolean {
    const now = Date.now();
    return p.startsAt.getTime() <= now && now < p.endsAt.getTime();
  }

  @FieldResolver(() => [Date], { description: 'When reports fall due under the reporting rule, between from and to (at most 1000). 报告截止时间。' })
  reportsDue(@Root() p: AlertPeriodNode, @GqlCtx() ctx: Ctx, @Arg('from', () => Date) from: Date, @Arg('to', () => Date) to: Date): Date[] {
    if (!(to > from)) throw invalid('to must be after from', ['to']);
    return reportDueTimes(p.rule, p, ctx.actor?.tenant?.timezone ?? 'Asia/Shanghai', from, to);
  }

  @FieldResolver(() => AlertPeriodReportStatusConnection, {
    description: 'For one due time: each unit of the caller\'s jurisdiction that owes a report, with its report or null (not filed). 报告情况（含未报）。',
  })
  reportStatus(
    @Root() p: AlertPeriodNode,
    @GqlCtx() ctx: Ctx,
    @Arg('dueAt', () => Date) dueAt: Date,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    return alertPeriodService.reportStatus(ctx, p, dueAt, { first, after });
  }

  @Mutation(() => AlertPeriodReportPayload, { description: 'Files a unit\'s report, or zero report, for a due time of an alert period. 报送（含零报告）。' })
  @Allow.member(Permission.INCIDENT_REPORT)
  async submitAlertPeriodReport(@GqlCtx() ctx: Ctx, @Arg('input', () => SubmitAlertPeriodReportInput) input: SubmitAlertPeriodReportInput): Promise<AlertPeriodReportPayload> {
    return toPayload(AlertPeriodReportPayload, await alertPeriodService.submitReport(ctx, input), (r) => ({ report: AlertPeriodReportNode.from(r) }));
  }

  @Mutation(() => AlertPeriodReportPayload, { description: 'Corrects a filed report (e.g. a zero report) with a new one superseding it, with a reason. 更正报告。' })
  @Allow.member(Permission.INCIDENT_REPORT)
  async correctAlertPeriodReport(@GqlCtx() ctx: Ctx, @Arg('input', () => CorrectAlertPeriodReportInput) input: CorrectAlertPeriodReportInput): Promise<AlertPeriodReportPayload> {
    return toPayload(AlertPeriodReportPayload, await alertPeriodService.correctReport(ctx, input), (r) => ({ report: AlertPeriodReportNode.from(r) }));
  }

  @Mutation(() => AlertPeriodPayload, { description: 'Declares an alert period over a unit subtree (leader-rank members). 宣布重大活动期间。' })
  @Allow.member(Permission.ALERT_PERIOD_MANAGE)
  async declareAlertPeriod(@GqlCtx() ctx: Ctx, @Arg('input', () => DeclareAlertPeriodInput) input: DeclareAlertPeriodInput): Promise<AlertPeriodPayload> {
    return toPayload(AlertPeriodPayload, await alertPeriodService.declare(ctx, input), (p) => ({ alertPeriod: AlertPeriodNode.from(p) }));
  }

  @Mutation(() => AlertPeriodPayload, { description: 'Ends an alert period now. 结束重大活动期间。' })
  @Allow.member(Permission.ALERT_PERIOD_MANAGE)
  async endAlertPeriod(@GqlCtx() ctx: Ctx, @Arg('input', () => EndAlertPeriodInput) input: EndAlertPeriodInput): Promise<AlertPeriodPayload> {
    return toPayload(AlertPeriodPayload, await alertPeriodService.end(ctx, input), (p) => ({ alertPeriod: AlertPeriodNode.from(p) }));
  }
}

@Resolver(() => AlertPeriodReportNode)
export class AlertPeriodReportFieldResolver {
  @FieldResolver(() => UnitNode, { nullable: true })
  unit(@Root() r: AlertPeriodReportNode, @GqlCtx() ctx: Ctx): Promise<UnitNode | null> {
    return visibleUnit(ctx, r.unitId);
  }

  @FieldResolver(() => StaffRef, { nullable: true })
  submittedBy(@Root() r: AlertPeriodReportNode, @GqlCtx() ctx: Ctx): Promise<StaffRef | null> {
    return staffRefOf(ctx, r.submittedById);
  }
}

@Resolver(() => AlertPeriodReportStatusNode)
export class AlertPeriodReportStatusFieldResolver {
  @FieldResolver(() => UnitNode, { nullable: true })
  unit(@Root() s: AlertPeriodReportStatusNode, @GqlCtx() ctx: Ctx): Promise<UnitNode | null> {
    return visibleUnit(ctx, s.unitId);
  }
}
