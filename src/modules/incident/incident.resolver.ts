import { Arg, Ctx as GqlCtx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { openDemands, openSummary } from './incident-text.service.js';
import type { GraphQLResolveInfo } from 'graphql';
import { selectedFields } from '../../platform/graphql/look-ahead.js';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { UnitNode } from '../unit/unit.types.js';
import { unitService } from '../unit/unit.service.js';
import { MemberNode } from '../member/member.types.js';
import { Incident } from './incident.entity.js';
import { TaskStatus } from './incident.enums.js';
import { incidentAccess } from './incident.access.js';
import { incidentLoaders, incidentNodeOf, memberNode } from './incident.loaders.js';
import { petitionLoaders } from '../petition/petition.loaders.js';
import { ClockNode, PetitionerNode } from '../petition/petition.types.js';
import { incidentClosingService } from './incident-closing.service.js';
import { incidentQuery } from './incident.query.js';
import { incidentService } from './incident.service.js';
import { policeDecisionService } from './police-decision.service.js';
import { incidentStageService } from './incident-stage.service.js';
import { workService } from './case-work.service.js';
import { isOverdue } from '../petition/statutory-clocks.model.js';
import {
  EvidenceNode,
  ExclusionNode,
  HistoryEntryNode,
  IncidentConnection,
  IncidentNode,
  IncidentPayload,
  LevelMatchNode,
  AppliedMeasureNode,
  appliedMeasures,
  ReportNode,
  TaskNode,
} from './incident.types.js';
import {
  AcknowledgeIncidentInput,
  AddIncidentReportInput,
  AssignCaseOwnerInput,
  CloseIncidentInput,
  CompleteTaskInput,
  EscalateIncidentInput,
  EscalateIncidentPayload,
  EvidencePayload,
  IncidentFilter,
  IncidentOrder,
  IncidentReportPayload,
  ReceiptNode,
  RecordEvidenceInput,
  ReportIncidentInput,
  ReportIncidentPayload,
  StartIncidentResponseInput,
  RecordPoliceDecisionInput,
  AdvanceIncidentStageInput,
  AdvanceIncidentStagePayload,
  TaskPayload,
  WithdrawIncidentInput,
} from './incident.inputs.js';

nodeFetchers.set('Incident', async (ctx, id) => {
  const incident = await incidentAccess.find(ctx, id);
  return incident ? IncidentNode.from(incident) : null;
});


const incidentPayload = (i: Incident) => ({ incident: IncidentNode.from(i) });

// A list's page carries its children (look-ahead); a single incident reads them through the loaders.
const tasksOf = (ctx: Ctx, i: IncidentNode) => i.preloaded?.tasks ?? incidentLoaders.tasks(ctx).load(i.rawId);
const clocksOf = (ctx: Ctx, i: IncidentNode) => i.preloaded?.clocks ?? petitionLoaders.clocks(ctx).load(i.rawId);

/** Maps a value now, or a promised one later: preloaded children resolve without a promise. */
function andThen<T, R>(value: T | Promise<T>, map: (v: T) => R): R | Promise<R> {
  return value instanceof Promise ? value.then(map) : map(value);
}

@Resolver(() => IncidentNode)
export class IncidentResolver {
  @Query(() => IncidentConnection, {
    description: 'Incidents of the caller\'s unit subtree that it may see (never those it is a subject of or recused from), filtered and ordered. 事件列表。',
  })
  @Allow.member(Permission.INCIDENT_READ)
  incidents(
    @GqlCtx() ctx: Ctx,
    @Arg('filter', () => IncidentFilter, { nullable: true }) filter: IncidentFilter | null,
    @Arg('orderBy', () => IncidentOrder, { nullable: true }) orderBy: IncidentOrder | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Info() info: GraphQLResolveInfo,
  ) {
    return incidentQuery.list(ctx, filter, orderBy, { first, after }, selectedFields(info, ['edges', 'node']));
  }

  @Query(() => IncidentNode, { description: 'One incident with its tasks, reports, clocks, evidence and history; NOT_FOUND when the caller may not see it. 事件详情。' })
  @Allow.member(Permission.INCIDENT_READ)
  incident(@GqlCtx() ctx: Ctx, @Arg('id', () => ID) id: string): Promise<IncidentNode> {
    return incidentQuery.get(ctx, id);
  }

  @Mutation(() => ReportIncidentPayload, {
    description:
      'Reports an incident: matches the active plan, pins its version, assigns the level\'s duties as tasks with due times, starts the statutory clocks, and returns the receipt number and a one-time access code. Without a published plan it opens with a warning. 报告信访事件。',
  })
  @Allow.member(Permission.INCIDENT_REPORT)
  async reportIncident(@GqlCtx() ctx: Ctx, @Arg('input', () => ReportIncidentInput) input: ReportIncidentInput): Promise<ReportIncidentPayload> {
    return toPayload(ReportIncidentPayload, await incidentService.report(ctx, input), (r) => {
      incidentLoaders.primeCreatedTasks(ctx, r.incident.id, r.tasks);
      petitionLoaders.primeCreatedClocks(ctx, r.incident.id, r.clocks);
      return {
        incident: IncidentNode.from(r.incident),
        receipt: Object.assign(new ReceiptNode(), { receiptNumber: r.receiptNumber, accessCode: r.accessCode }),
        warnings: r.warnings,
      };
    });
  }

  @Mutation(() => IncidentPayload, { description: 'REPORTED → ACKNOWLEDGED. 接报确认。' })
  @Allow.member(Permission.INCIDENT_ACT)
  async acknowledgeIncident(@GqlCtx() ctx: Ctx, @Arg('input', () => AcknowledgeIncidentInput) input: AcknowledgeIncidentInput): Promise<IncidentPayload> {
    return toPayload(IncidentPayload, await incidentService.acknowledge(ctx, input), incidentPayload);
  }

  @Mutation(() => IncidentPayload, { description: 'ACKNOWLEDGED → RESPONDING: staff are on the scene. 到达现场处置。' })
  @Allow.member(Permission.INCIDENT_ACT)
  async startIncidentResponse(@GqlCtx() ctx: Ctx, @Arg('input', () => StartIncidentResponseInput) input: StartIncidentResponseInput): Promise<IncidentPayload> {
    return toPayload(IncidentPayload, await incidentService.startResponse(ctx, input), incidentPayload);
  }

  @Mutation(() => IncidentPayload, {
    description: '慎用警力: records whether the police were called or deliberately not called, who decided, when and why (the latest decision is on the incident, each one in the log). 记录警力调用决定。',
  })
  @Allow.member(Permission.INCIDENT_ACT)
  async recordPoliceDecision(@GqlCtx() ctx: Ctx, @Arg('input', () => RecordPoliceDecisionInput) input: RecordPoliceDecisionInput): Promise<IncidentPayload> {
    return toPayload(IncidentPayload, await policeDecisionService.record(ctx, input), incidentPayload);
  }

  @Mutation(() => AdvanceIncidentStagePayload, {
    description: 'Moves the response forward to a later stage with a reason (logged, a STAGE_ADVANCED event); the duties of the stages entered become tasks due from now. Never backwards. 推进处置阶段。',
  })
  @Allow.member(Permission.INCIDENT_ESCALATE)
  async advanceIncidentStage(@GqlCtx() ctx: Ctx, @Arg('input', () => AdvanceIncidentStageInput) input: AdvanceIncidentStageInput): Promise<AdvanceIncidentStagePayload> {
    return toPayload(AdvanceIncidentStagePayload, await incidentStageService.advance(ctx, input), (r) => ({
      incident: IncidentNode.from(r.incident),
      newTasks: r.newTasks.map((t) => TaskNode.from(t)),
      warnings: r.warnings,
    }));
  }

  @Mutation(() => IncidentPayload, { description: '领导包案: a leader (caller) makes a leader-rank member the case owner. 指定包案领导。' })
  @Allow.member(Permission.INCIDENT_ASSIGN_OWNER)
  async assignCaseOwner(@GqlCtx() ctx: Ctx, @Arg('input', () => AssignCaseOwnerInput) input: AssignCaseOwnerInput): Promise<IncidentPayload> {
    return toPayload(IncidentPayload, await incidentService.assignOwner(ctx, input), incidentPayload);
  }

  @Mutation(() => EscalateIncidentPayload, {
    description: 'New facts (higher level reached, more people, new conduct, a new risk): re-matches the pinned plan version; a higher level and newly matching measures add their duties, except duties already done. History is kept. 事态升级。',
  })
  @Allow.member(Permission.INCIDENT_ESCALATE)
  async escalateIncident(@GqlCtx() ctx: Ctx, @Arg('input', () => EscalateIncidentInput) input: EscalateIncidentInput): Promise<EscalateIncidentPayload> {
    return toPayload(EscalateIncidentPayload, await incidentService.escalate(ctx, input), (r) => ({
      incident: IncidentNode.from(r.incident),
      levelChanged: r.levelChanged,
      newTasks: r.newTasks.map((t) => TaskNode.from(t)),
      measuresAdded: r.measuresAdded,
      warnings: r.warnings,
    }));
  }

  @Mutation(() => TaskPayload, { description: 'Completes a task, with a note and evidence when the duty requires it. 完成任务。' })
  @Allow.member(Permission.INCIDENT_ACT)
  async completeTask(@GqlCtx() ctx: Ctx, @Arg('input', () => CompleteTaskInput) input: CompleteTaskInput): Promise<TaskPayload> {
    const out = await workService.completeTask(ctx, input);
    const payload = toPayload(TaskPayload, out, (r) => ({ task: TaskNode.from(r.task), nextTask: r.nextTask ? TaskNode.from(r.nextTask) : null, incident: IncidentNode.from(r.incident) }));
    if (!out.ok) payload.nextTask = null;
    return payload;
  }

  @Mutation(() => IncidentReportPayload, { description: 'Files a SITUATION, DAILY (有情况报情况，无情况报平安) or ALL_CLEAR report. 报送情况。' })
  @Allow.member(Permission.INCIDENT_ACT)
  async addIncidentReport(@GqlCtx() ctx: Ctx, @Arg('input', () => AddIncidentReportInput) input: AddIncidentReportInput): Promise<IncidentReportPayload> {
    return toPayload(IncidentReportPayload, await workService.addReport(ctx, input), (r) => ({ report: ReportNode.from(r.report), incident: IncidentNode.from(r.incident) }));
  }

  @Mutation(() => EvidencePayload, { description: 'Records evidence metadata (the bytes stay in storage). 登记证据。' })
  @Allow.member(Permission.INCIDENT_ACT)
  async recordEvidence(@GqlCtx() ctx: Ctx, @Arg('input', () => RecordEvidenceInput) input: RecordEvidenceInput): Promise<EvidencePayload> {
    return toPayload(EvidencePayload, await workService.recordEvidence(ctx, input), (r) => ({ evidence: EvidenceNode.from(r.evidence), incident: IncidentNode.from(r.incident) }));
  }

  @Mutation(() => IncidentPayload, { description: 'Closes a replied case with its review; needs no open task and no running institution clock. Closed cases are read-only. 办结归档。' })
  @Allow.member(Permission.INCIDENT_CLOSE)
  async closeIncident(@GqlCtx() ctx: Ctx, @Arg('input', () => CloseIncidentInput) input: CloseIncidentInput): Promise<IncidentPayload> {
    return toPayload(IncidentPayload, await incidentClosingService.close(ctx, input), incidentPayload);
  }

  @Mutation(() => IncidentPayload, { description: 'The petitioner withdrew: open tasks and clocks are cancelled. 撤回。' })
  @Allow.member(Permission.INCIDENT_ACT)
  async withdrawIncident(@GqlCtx() ctx: Ctx, @Arg('input', () => WithdrawIncidentInput) input: WithdrawIncidentInput): Promise<IncidentPayload> {
    return toPayload(IncidentPayload, await incidentClosingService.withdraw(ctx, input), incidentPayload);
  }

  // ---- fields of Incident ----

  @FieldResolver(() => String)
  summary(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<string> {
    return openSummary(ctx, i.summary);
  }

  @FieldResolver(() => String, { description: '诉求. What the petitioners ask for.' })
  demands(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<string> {
    return openDemands(ctx, i.demands);
  }

  @FieldResolver(() => UnitNode, { nullable: true, description: 'The unit concerned. 涉及单位。' })
  unit(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx) {
    const pre = i.preloaded;
    if (pre && 'unit' in pre) return unitService.nodeIfInScope(ctx, pre.unit);
    return unitService.nodeInScope(ctx, i.unitId);
  }

  @FieldResolver(() => MemberNode, { nullable: true }) reportedBy(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, i.reportedById);
  }

  @FieldResolver(() => IncidentNode, { nullable: true, description: 'The incident this one was opened from, when the caller may see it. 关联事件。' })
  async relatedIncident(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<IncidentNode | null> {
    if (!i.relatedIncidentId) return null;
    const visible = await incidentAccess.visibleIncidentIds(ctx, [i.relatedIncidentId]);
    return visible.has(i.relatedIncidentId) ? incidentNodeOf(ctx, i.relatedIncidentId) : null;
  }

  @FieldResolver(() => MemberNode, { nullable: true, description: '领导包案: the leader who owns the case. 包案领导。' })
  caseOwner(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx) {
    const pre = i.preloaded;
    if (pre && 'caseOwner' in pre) return pre.caseOwner ? MemberNode.fromParts(pre.caseOwner.member, pre.caseOwner.user) : null;
    return memberNode(ctx, i.caseOwnerId);
  }

  @FieldResolver(() => MemberNode, { nullable: true, description: 'Who was on duty at report time: told first. 值班人员。' })
  onDutyMember(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, i.onDutyMemberId);
  }

  @FieldResolver(() => MemberNode, { nullable: true, description: 'Leader on call at report time. 带班领导。' })
  leaderOnCall(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, i.leaderOnCallId);
  }

  @FieldResolver(() => [TaskNode], { description: 'Every task, by due time. 全部任务。' })
  tasks(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx, @Arg('status', () => TaskStatus, { nullable: true }) status: TaskStatus | null) {
    const now = new Date();
    return andThen(tasksOf(ctx, i), (tasks) => tasks.filter((t) => !status || t.status === status).map((t) => TaskNode.from(t, now)));
  }

  @FieldResolver(() => [TaskNode], { description: 'Open tasks, by due time. 待办任务。' })
  openTasks(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx) {
    const now = new Date();
    return andThen(i.preloaded?.openTasks ?? tasksOf(ctx, i), (tasks) => tasks.filter((t) => t.status === TaskStatus.OPEN).map((t) => TaskNode.from(t, now)));
  }

  @FieldResolver(() => [ClockNode], { description: 'Statutory clocks. 法定期限。' })
  clocks(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx) {
    const now = new Date();
    return andThen(clocksOf(ctx, i), (clocks) => clocks.map((c) => ClockNode.from(c, now)));
  }

  @FieldResolver(() => Boolean, { description: 'An open task or an institution clock is past due. 是否逾期。' })
  async overdue(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<boolean> {
    const now = new Date();
    const [tasks, clocks] = await Promise.all([tasksOf(ctx, i), clocksOf(ctx, i)]);
    return tasks.some((t) => t.status === TaskStatus.OPEN && now > t.dueAt) || clocks.some((c) => isOverdue(c, now));
  }

  @FieldResolver(() => [ReportNode]) async reports(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<ReportNode[]> {
    return (await incidentLoaders.reports(ctx).load(i.rawId)).map((r) => ReportNode.from(r));
  }

  @FieldResolver(() => [EvidenceNode]) async evidence(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<EvidenceNode[]> {
    return (await incidentLoaders.evidence(ctx).load(i.rawId)).map((e) => EvidenceNode.from(e));
  }

  @FieldResolver(() => [PetitionerNode], { description: 'Petitioners; their names need PETITIONER_PII_READ. 信访人。' })
  async petitioners(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<PetitionerNode[]> {
    return (await petitionLoaders.petitioners(ctx).load(i.rawId)).map((p) => PetitionerNode.from(p));
  }

  @FieldResolver(() => [ExclusionNode], { description: 'Members kept out of a confidential case (subjects, recused). 被举报人与回避人员。' })
  async exclusions(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<ExclusionNode[]> {
    return (await incidentAccess.exclusionsLoader(ctx).load(i.rawId)).map((x) => Object.assign(new ExclusionNode(), { kind: x.kind, memberId: x.member.id }));
  }

  @FieldResolver(() => [LevelMatchNode], { description: 'Every match of the plan: at report and at each escalation. 响应等级判定记录。' })
  async levelHistory(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<LevelMatchNode[]> {
    return (await incidentLoaders.levels(ctx).load(i.rawId)).map((l) => LevelMatchNode.from(l));
  }

  @FieldResolver(() => [AppliedMeasureNode], { description: 'Supplementary measures applied to the incident, beside its level: when each came and whether it still matches. 适用的补充措施。' })
  async measures(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<AppliedMeasureNode[]> {
    return appliedMeasures(await incidentLoaders.levels(ctx).load(i.rawId), i.measureKeys);
  }

  @FieldResolver(() => [HistoryEntryNode], { description: 'Incident events from the tenant log, in order. 事件时间线。' })
  async history(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<HistoryEntryNode[]> {
    return (await incidentLoaders.history(ctx).load(i.rawId)).map((h) => Object.assign(new HistoryEntryNode(), h));
  }
}
