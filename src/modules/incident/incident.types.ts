import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsInt, IsOptional } from 'class-validator';
import { SafeIntResolver } from 'graphql-scalars';
import { Connection, Node, UserError } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { registerEnumOnce, DurationUnitEnum } from '../plan/plan.enums.js';
import { ConditionExplanationNode } from '../plan/plan.types.js';
import { DutyKind, DutyStage } from '../plan/plan.model.js';
import type { Incident, IncidentLevel, IncidentReview } from './incident.entity.js';
import { LevelChangeKind } from './incident.entity.js';
import type { IncidentTask } from './task.entity.js';
import type { IncidentEvidence, IncidentReport } from './record.entity.js';
import type { IncidentPreload } from './incident.preload.js';
import { EvidenceKind, ExclusionKind, IncidentStatus, ReportKind, TaskAssignedVia, TaskStatus } from './incident.enums.js';
import { PetitionDecision } from '../petition/petition.enums.js';
import '../petition/petition.types.js';
import { ConductFlag, IncidentCategory, IntakeChannel, LevelReached, IncidentEventKind, RiskFlag, isConfidentialCategory } from './incident.model.js';

registerEnumType(IncidentStatus, {
  name: 'IncidentStatus',
  description: 'Lifecycle: REPORTED 已报告 → ACKNOWLEDGED 已接报 → RESPONDING 现场处置 → HANDLING 调查处理 → REPLIED 已答复 → CLOSED 已办结; WITHDRAWN 已撤回.',
});
registerEnumType(TaskStatus, { name: 'TaskStatus', description: 'OPEN 待办, DONE 已完成, CANCELLED 已取消, SUPERSEDED 已由升级后同一职责接续（不追责）.' });
registerEnumType(TaskAssignedVia, {
  name: 'TaskAssignedVia',
  description: 'How a task found its assignee: ON_DUTY 值班人员, ROLE 本角色, ROLE_ABOVE 上级角色代为承担 (nobody held the role), MANUAL 人工指派.',
});
registerEnumType(ReportKind, {
  name: 'IncidentReportKind',
  description: 'SITUATION 情况报告 (有情况报情况), DAILY 日报 (无情况报平安), ALL_CLEAR 平息报告 (ends recurring reporting duties).',
});
registerEnumType(EvidenceKind, { name: 'EvidenceKind', description: 'Talk record, photo, video, audio, document. 谈话记录、照片、视频、录音、文书。' });
registerEnumType(ExclusionKind, { name: 'ExclusionKind', description: 'SUBJECT 被举报人, RECUSED 回避人员: both are kept out of the case. 不得知悉案件的人员。' });
registerEnumType(LevelChangeKind, { name: 'LevelChangeKind', description: 'INITIAL 初次判定, ESCALATION 升级判定.' });
registerEnumOnce(IncidentEventKind, { name: 'IncidentEventKind', description: 'Kind of incident event in the log (realtime and history). 事件类型。' });

@ObjectType('IncidentReview', { description: 'Post-incident review the case was closed with (后期处置). 事后评估。' })
export class IncidentReviewNode {
  @Field(() => String, { description: 'Causes. 原因。' }) causes!: string;
  @Field(() => String, { description: 'What worked. 有效做法。' }) whatWorked!: string;
  @Field(() => String, { description: 'What did not work. 存在问题。' }) whatDidNot!: string;
  @Field(() => String, { description: 'Improvements. 改进措施。' }) improvements!: string;
  @Field(() => [String], { description: 'Proposed revisions of the plan. 预案修订建议。' }) planRevisions!: string[];
  @Field(() => ID, { nullable: true, description: 'The plan draft started from these proposals (createPlanDraft with fromReviewId). 据此起草的预案。' }) draftPlanId!: string | null;
}

@ObjectType('PoliceDecision', {
  simpleResolvers: true,
  description: 'Whether the police were called or deliberately not called (慎用警力): who decided, when and why; earlier decisions are in the log. 警力调用决定。',
})
export class PoliceDecisionNode {
  @Field(() => Boolean, { description: 'True: called; false: deliberately not called. 是否调用警力。' }) called!: boolean;
  @Field(() => Date, { description: 'When the decision was taken. 决定时间。' }) decidedAt!: Date;
  @Field(() => String, { description: 'The ground of the decision. 理由。' }) reason!: string;
  @Field(() => Date, { description: 'When it was entered. 录入时间。' }) recordedAt!: Date;

  decidedById!: string;
  recordedById!: string;

  static of(i: Incident): PoliceDecisionNode | null {
    if (i.policeCalled === null || i.policeCalled === undefined || !i.policeDecidedBy || !i.policeRecordedBy) return null;
    return Object.assign(new PoliceDecisionNode(), {
      called: i.policeCalled,
      decidedAt: i.policeDecidedAt!,
      reason: i.policeReason ?? '',
      recordedAt: i.policeRecordedAt!,
      decidedById: i.policeDecidedBy.id,
      recordedById: i.policeRecordedBy.id,
    });
  }
}

@ObjectType('IncidentStageStep', { simpleResolvers: true, description: 'One stage advance: from which stage, when, by whom, why. 阶段推进。' })
export class StageStepNode {
  @Field(() => DutyStage) stage!: DutyStage;
  @Field(() => DutyStage, { nullable: true }) from!: DutyStage | null;
  @Field(() => Date) at!: Date;
  /** The member's global id (the member who advanced it). */
  @Field(() => ID, { nullable: true }) byMemberId!: string | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
}

@ObjectType('Incident', { implements: Node, simpleResolvers: true, description: 'A petition incident and the response to it. 信访事件及处置。' })
export class IncidentNode extends Node {
  @Field(() => String, { description: 'Receipt number given to the petitioner. 受理回执编号。' }) receiptNumber!: string;
  @Field(() => IncidentCategory) category!: IncidentCategory;
  @Field(() => LevelReached, { description: 'How far the petition went: a fact, never a duty to stop anyone. 已到达层级。' }) levelReached!: LevelReached;
  @Field(() => Int, { description: 'People involved. 人数。' }) headcount!: number;
  @Field(() => Int, { nullable: true, description: 'How many of them went on to the level reached, when an escalation said so. 到达该层级的人数。' }) headcountReached!: number | null;
  @Field(() => String, { nullable: true }) place!: string | null;
  @Field(() => Date) occurredAt!: Date;
  @Field(() => Date, { description: 'When the institution received it: the acceptance clock starts here. 收到时间。' }) receivedAt!: Date;
  /** As stored: sealed for a confidential case; the `summary` and `demands` fields open it (incident.resolver.ts). */
  summary!: string;
  demands!: string;
  @Field(() => [ConductFlag]) conductFlags!: ConductFlag[];
  @Field(() => [String], { description: 'Tenant-defined topics. 事项分类。' }) topics!: string[];
  @Field(() => [RiskFlag], { description: 'Risks to people\'s safety, whatever the headcount. 风险情形。' }) riskFlags!: RiskFlag[];
  @Field(() => Boolean, { description: 'The visit was known in advance (001: 提前掌握信息). 事前已掌握来访信息。' }) knownInAdvance!: boolean;
  @Field(() => DutyStage, { description: 'The current stage of the response; duties of later stages are created when it advances. 当前处置阶段。' }) stage!: DutyStage;
  @Field(() => [StageStepNode], { description: 'Every stage advance, oldest first. 阶段推进记录。' }) stageHistory!: StageStepNode[];
  @Field(() => [String], { description: 'Supplementary measures matching at the latest match; their duties stand beside the level\'s (see `measures` for every one applied). 适用的补充措施。' }) measureKeys!: string[];
  @Field(() => String, { nullable: true, description: 'The body that transferred the matter here, if any. 转送机关。' }) transferredFrom!: string | null;
  @Field(() => IntakeChannel, { nullable: true, description: 'How it came in; null when not recorded. 信访渠道。' }) intakeChannel!: IntakeChannel | null;
  @Field(() => String, { nullable: true, description: 'A language to serve in (BCP-47), when one is needed. 需要的服务语言。' }) interpreterLanguage!: string | null;
  @Field(() => PoliceDecisionNode, { nullable: true, description: 'The latest decision on calling the police; null when none was recorded. 警力调用决定。' }) policeDecision!: PoliceDecisionNode | null;
  @Field(() => Boolean, { description: 'A report against an official (举报): subjects and recused members cannot see it. 是否保密（举报）。' }) confidential!: boolean;
  @Field(() => IncidentStatus) status!: IncidentStatus;
  @Field(() => Int, { description: 'Grows with every change; send it as expectedVersion to detect concurrent changes. 版本号。' }) version!: number;
  @Field(() => Int, { nullable: true, description: 'Version of the plan the incident was opened under (kept when the plan changes). 适用预案版本。' }) planVersion!: number | null;
  @Field(() => String, { nullable: true, description: 'Response level in force; null without a published plan or a matching level. 响应等级。' }) levelKey!: string | null;
  @Field(() => String, { nullable: true }) levelName!: string | null;
  @Field(() => Int, { description: 'Severity of the level in force; 0 when none. 严重程度。' }) levelSeverity!: number;
  @Field(() => Boolean, { description: 'An alert period (重大活动期间) was on for the unit at receipt. 是否处于敏感期。' }) alertPeriodActive!: boolean;
  @Field(() => Boolean, { description: '初信初访: at report time no earlier incident of the organisation named any of its petitioners (by match key). Fixed at report: linking the incident later as a repeat (linkRepeat) does not change it, nor does an escalation. Plan triggers test it with FIRST_PETITION. 是否初信初访。' }) firstPetition!: boolean;
  @Field(() => PetitionDecision) decision!: PetitionDecision;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true }) decisionReason!: string | null;
  @Field(() => String, { nullable: true, description: 'The written answer given to the petitioner. 书面答复。' }) reply!: string | null;
  @Field(() => Date, { nullable: true }) repliedAt!: Date | null;
  @Field(() => IncidentReviewNode, { nullable: true }) review!: IncidentReview | null;
  @Field(() => Date, { nullable: true }) acknowledgedAt!: Date | null;
  @Field(() => Date, { nullable: true }) respondingAt!: Date | null;
  @Field(() => Date, { nullable: true }) caseOwnerAssignedAt!: Date | null;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
  @Field(() => Date, { nullable: true }) withdrawnAt!: Date | null;
  @Field(() => String, { nullable: true }) withdrawReason!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;

  rawId!: string;
  unitId!: string;
  reportedById!: string;
  caseOwnerId!: string | null;
  relatedIncidentId!: string | null;
  repeatOfId!: string | null;
  onDutyMemberId!: string | null;
  leaderOnCallId!: string | null;
  acknowledgedById!: string | null;
  closedById!: string | null;
  /** Children read with the page (incident.preload.ts); resolvers fall back to loaders without them. */
  preloaded?: IncidentPreload;

  static from(i: Incident, preloaded?: IncidentPreload): IncidentNode {
    return Object.assign(new IncidentNode(), {
      preloaded,
      id: toGlobalId('Incident', i.id),
      rawId: i.id,
      receiptNumber: i.receiptNumber,
      category: i.category,
      levelReached: i.levelReached,
      headcount: i.headcount,
      headcountReached: i.headcountReached ?? null,
      place: i.place ?? null,
      occurredAt: i.occurredAt,
      receivedAt: i.receivedAt,
      summary: i.summary,
      demands: i.demands,
      conductFlags: i.conductFlags,
      topics: i.topics,
      riskFlags: i.riskFlags ?? [],
      knownInAdvance: i.knownInAdvance ?? false,
      measureKeys: i.measureKeys ?? [],
      stage: i.stage ?? DutyStage.RECEPTION,
      stageHistory: (i.stageHistory ?? []).map((h) => Object.assign(new StageStepNode(), { stage: h.stage, from: h.from, at: new Date(h.at), byMemberId: h.byMemberId ? toGlobalId('Member', h.byMemberId) : null, reason: h.reason })),
      transferredFrom: i.transferredFrom ?? null,
      intakeChannel: i.intakeChannel ?? null,
      interpreterLanguage: i.interpreterLanguage ?? null,
      policeDecision: PoliceDecisionNode.of(i),
      confidential: isConfidentialCategory(i.category),
      status: i.status,
      version: i.version,
      planVersion: i.planVersion ?? null,
      levelKey: i.levelKey ?? null,
      levelName: i.levelName ?? null,
      levelSeverity: i.levelSeverity,
      alertPeriodActive: i.alertPeriodActive,
      firstPetition: i.firstPetition ?? false,
      decision: i.decision,
      decidedAt: i.decidedAt ?? null,
      decisionReason: i.decisionReason ?? null,
      reply: i.replyText ?? null,
      repliedAt: i.repliedAt ?? null,
      review: i.review ? { ...i.review, draftPlanId: i.review.draftPlanId ? toGlobalId('Plan', i.review.draftPlanId) : null } : null,
      acknowledgedAt: i.acknowledgedAt ?? null,
      respondingAt: i.respondingAt ?? null,
      caseOwnerAssignedAt: i.caseOwnerAssignedAt ?? null,
      closedAt: i.closedAt ?? null,
      withdrawnAt: i.withdrawnAt ?? null,
      withdrawReason: i.withdrawReason ?? null,
      createdAt: i.createdAt,
      updatedAt: i.updatedAt,
      unitId: i.unit.id,
      reportedById: i.reportedBy.id,
      caseOwnerId: i.caseOwner?.id ?? null,
      relatedIncidentId: i.relatedIncident?.id ?? null,
      repeatOfId: i.repeatOf?.id ?? null,
      onDutyMemberId: i.onDutyMember?.id ?? null,
      leaderOnCallId: i.leaderOnCall?.id ?? null,
      acknowledgedById: i.acknowledgedBy?.id ?? null,
      closedById: i.closedBy?.id ?? null,
    });
  }
}

export const IncidentConnection = Connection(IncidentNode, 'Incident');

@ObjectType('IncidentTask', { implements: Node, simpleResolvers: true, description: 'A duty of the plan assigned to a member, with its due time. 处置任务。' })
export class TaskNode extends Node {
  @Field(() => String, { description: 'Duty key in the plan level. 职责键。' }) dutyKey!: string;
  @Field(() => DutyKind) dutyKind!: DutyKind;
  @Field(() => DutyStage, { nullable: true }) stage!: DutyStage | null;
  @Field(() => String, { description: 'What must be done, in the plan\'s words. 任务内容。' }) action!: string;
  @Field(() => String, { description: 'The duty\'s role as the plan names it. 责任角色。' }) roleKey!: string;
  @Field(() => String, { description: 'Level, or supplementary measure, whose duty this is. 所属响应等级或补充措施。' }) levelKey!: string;
  @Field(() => String, { nullable: true, description: 'Set when the duty is a supplementary measure\'s (beside the level\'s duties). 所属补充措施。' }) measureKey!: string | null;
  @Field(() => Int, { nullable: true }) planVersion!: number | null;
  @Field(() => Date) dueAt!: Date;
  @Field(() => Int, { nullable: true, description: 'For a recurring duty: every this many units. 周期。' }) recurringAmount!: number | null;
  @Field(() => DurationUnitEnum, { nullable: true }) recurringUnit!: string | null;
  @Field(() => Int, { description: 'Occurrence of a recurring duty (1, 2, ...). 第几次。' }) occurrence!: number;
  @Field(() => Boolean) evidenceRequired!: boolean;
  @Field(() => String, { nullable: true, description: 'Role told when the task is not done in time (escalation rule). 逾期上报角色。' }) escalationRoleKey!: string | null;
  @Field(() => TaskStatus) status!: TaskStatus;
  @Field(() => Date, { nullable: true, description: 'When it was done (for an arrival: when the assignee arrived). 完成时间。' }) doneAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'On-scene duties: the arrival the assignee stated (required to complete one; doneBy is who arrived). 到达现场时间。' }) arrivedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the completion was entered, apart from when it was done. 录入时间。' }) recordedAt!: Date | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => Date, { nullable: true }) cancelledAt!: Date | null;
  @Field(() => String, { nullable: true }) cancelReason!: string | null;
  @Field(() => TaskAssignedVia, { nullable: true, description: 'How the assignee was found; null while unassigned. 分派方式。' }) assignedVia!: TaskAssignedVia | null;
  @Field(() => ID, { nullable: true, description: 'The lower level\'s task with the same duty key this one took over (its history). 接续的原任务。' }) supersedesTaskId!: string | null;
  @Field(() => Boolean, { description: 'Open with nobody holding it: on the office\'s queue. 待分派。' }) unassigned!: boolean;
  @Field(() => Boolean, { description: 'Open and past its due time. 是否逾期。' }) overdue!: boolean;
  @Field(() => Boolean, { description: 'Done after its due time. 是否逾期完成。' }) late!: boolean;
  @Field(() => Date) createdAt!: Date;

  rawId!: string;
  incidentId!: string;
  assigneeId!: string | null;
  roleId!: string | null;
  responsibleUnitId!: string | null;
  doneById!: string | null;
  recordedById!: string | null;

  static from(t: IncidentTask, now = new Date()): TaskNode {
    return Object.assign(new TaskNode(), {
      id: toGlobalId('IncidentTask', t.id),
      rawId: t.id,
      dutyKey: t.dutyKey,
      dutyKind: t.dutyKind,
      stage: t.stage ?? null,
      action: t.action,
      roleKey: t.roleKey,
      levelKey: t.levelKey,
      measureKey: t.measureKey ?? null,
      planVersion: t.planVersion ?? null,
      dueAt: t.dueAt,
      recurringAmount: t.recurringEvery?.amount ?? null,
      recurringUnit: t.recurringEvery?.unit ?? null,
      occurrence: t.occurrence,
      evidenceRequired: t.evidenceRequired,
      escalationRoleKey: t.escalation?.notifyRoleKey ?? null,
      status: t.status,
      doneAt: t.doneAt ?? null,
      arrivedAt: t.arrivedAt ?? null,
      recordedAt: t.recordedAt ?? null,
      note: t.note ?? null,
      cancelledAt: t.cancelledAt ?? null,
      cancelReason: t.cancelReason ?? null,
      assignedVia: t.assignedVia ?? null,
      supersedesTaskId: t.supersedes ? toGlobalId('IncidentTask', t.supersedes.id) : null,
      unassigned: t.status === TaskStatus.OPEN && !t.assignee,
      overdue: t.status === TaskStatus.OPEN && now > t.dueAt,
      late: !!t.doneAt && t.doneAt > t.dueAt,
      createdAt: t.createdAt,
      incidentId: t.incident.id,
      assigneeId: t.assignee?.id ?? null,
      roleId: t.role?.id ?? null,
      responsibleUnitId: t.responsibleUnit?.id ?? null,
      doneById: t.doneBy?.id ?? null,
      recordedById: t.recordedBy?.id ?? null,
    });
  }
}

export const TaskConnection = Connection(TaskNode, 'IncidentTask');

@ObjectType('IncidentReport', { implements: Node, description: 'A situation, daily or all-clear report. 情况报告、日报或平息报告。' })
export class ReportNode extends Node {
  @Field(() => ReportKind) kind!: ReportKind;
  @Field(() => String) body!: string;
  @Field(() => Boolean, { description: 'A daily report with nothing new (报平安). 无新情况。' }) nothingNew!: boolean;
  @Field(() => Int, { nullable: true }) headcount!: number | null;
  @Field(() => Date) createdAt!: Date;

  rawId!: string;
  incidentId!: string;
  reportedById!: string;

  static from(r: IncidentReport): ReportNode {
    return Object.assign(new ReportNode(), {
      id: toGlobalId('IncidentReport', r.id),
      rawId: r.id,
      kind: r.kind,
      body: r.body,
      nothingNew: r.nothingNew,
      headcount: r.headcount ?? null,
      createdAt: r.createdAt,
      incidentId: r.incident.id,
      reportedById: r.reportedBy.id,
    });
  }
}

@ObjectType('Evidence', { implements: Node, description: 'A piece of evidence; the bytes live in the object store (`file` downloads them). 证据。' })
export class EvidenceNode extends Node {
  @Field(() => EvidenceKind) kind!: EvidenceKind;
  @Field(() => String, { description: 'Lower-case hex sha256 of the bytes. 哈希。' }) sha256!: string;
  @Field(() => SafeIntResolver) sizeBytes!: number;
  @Field(() => String, { description: 'Where the bytes are stored. 存储键。' }) storageKey!: string;
  @Field(() => String, { nullable: true }) contentType!: string | null;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => Date, { nullable: true }) capturedAt!: Date | null;
  @Field(() => Date, { description: 'When it was recorded. 登记时间。' }) recordedAt!: Date;

  rawId!: string;
  incidentId!: string;
  taskId!: string | null;
  recordedById!: string;
  fileId!: string | null;

  static from(e: IncidentEvidence): EvidenceNode {
    return Object.assign(new EvidenceNode(), {
      id: toGlobalId('Evidence', e.id),
      rawId: e.id,
      kind: e.kind,
      sha256: e.sha256,
      sizeBytes: e.sizeBytes,
      storageKey: e.storageKey,
      contentType: e.contentType ?? null,
      description: e.description ?? null,
      capturedAt: e.capturedAt ?? null,
      recordedAt: e.createdAt,
      incidentId: e.incident.id,
      taskId: e.task?.id ?? null,
      recordedById: e.recordedBy.id,
      fileId: e.file?.id ?? null,
    });
  }
}

@ObjectType('IncidentExclusion', { description: 'A member kept out of a confidential case. 不得知悉案件的人员。' })
export class ExclusionNode {
  @Field(() => ExclusionKind) kind!: ExclusionKind;
  memberId!: string;
}

@ObjectType('IncidentFacts', { description: 'The facts a response level was matched on. 判定依据的事实。' })
export class IncidentFactsNode {
  @Field(() => IncidentCategory) category!: IncidentCategory;
  @Field(() => LevelReached) levelReached!: LevelReached;
  @Field(() => Int) headcount!: number;
  @Field(() => [ConductFlag]) conductFlags!: ConductFlag[];
  @Field(() => [String]) topics!: string[];
  @Field(() => Boolean) alertPeriodActive!: boolean;
  @Field(() => IntakeChannel, { nullable: true }) intakeChannel!: IntakeChannel | null;
  @Field(() => Boolean, { description: 'A language to serve in was named. 需要语言服务。' }) interpreterNeeded!: boolean;
  @Field(() => Boolean, { nullable: true, description: 'The police decision matched on: called, deliberately not called, or none (null). 警力调用决定。' }) policeCalled!: boolean | null;
  @Field(() => [RiskFlag]) riskFlags!: RiskFlag[];
  @Field(() => Boolean) knownInAdvance!: boolean;
  @Field(() => Boolean, { description: '初信初访 as at report time (false in matches recorded before it was a fact). 是否初信初访。' }) firstPetition!: boolean;
}

@ObjectType('IncidentMeasureMatch', { description: 'A supplementary measure that matched at one match of the plan. 补充措施判定记录。' })
export class MeasureRecordNode {
  @Field(() => String) key!: string;
  @Field(() => String) name!: string;
  @Field(() => [ConditionExplanationNode], { description: 'Each condition of its trigger and whether it held. 条件判定说明。' }) explanation!: ConditionExplanationNode[];
  @Field(() => Boolean, { description: 'Whether this match created its duties (false: they came with an earlier match). 是否新增职责。' }) added!: boolean;
}

@ObjectType('IncidentMeasure', { description: 'A supplementary measure applied to the incident, with its latest explanation. 适用的补充措施。' })
export class AppliedMeasureNode {
  @Field(() => String) key!: string;
  @Field(() => String) name!: string;
  @Field(() => Int, { description: 'The match (levelHistory sequence) that added its duties. 首次适用的判定序号。' }) appliedAt!: number;
  @Field(() => Boolean, { description: 'Whether it still matches the latest facts; one no longer matching keeps its tasks and history. 当前是否仍适用。' }) matchesNow!: boolean;
  @Field(() => [ConditionExplanationNode], { description: 'The conditions as of the latest match where it held. 条件判定说明。' }) explanation!: ConditionExplanationNode[];
}

@ObjectType('IncidentLevelMatch', { description: 'One match of the plan for the incident: at report and at each escalation. 响应等级判定记录。' })
export class LevelMatchNode {
  @Field(() => Int) sequence!: number;
  @Field(() => LevelChangeKind) kind!: LevelChangeKind;
  @Field(() => Int, { nullable: true }) planVersion!: number | null;
  @Field(() => String, { nullable: true }) levelKey!: string | null;
  @Field(() => String, { nullable: true }) levelName!: string | null;
  @Field(() => Int) severity!: number;
  @Field(() => Boolean, { description: 'Whether this match raised the level. 是否升级。' }) levelChanged!: boolean;
  @Field(() => [String]) matchedLevelKeys!: string[];
  @Field(() => IncidentFactsNode) facts!: IncidentFactsNode;
  @Field(() => [ConditionExplanationNode], { description: 'Each condition of the matched level and whether it held. 条件判定说明。' })
  explanation!: ConditionExplanationNode[];
  @Field(() => [MeasureRecordNode], { description: 'Every supplementary measure that matched, with its conditions. 适用的补充措施。' }) measures!: MeasureRecordNode[];
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => Date) createdAt!: Date;

  appliedById!: string;

  static from(l: IncidentLevel): LevelMatchNode {
    return Object.assign(new LevelMatchNode(), {
      sequence: l.sequence,
      kind: l.kind,
      planVersion: l.planVersion ?? null,
      levelKey: l.levelKey ?? null,
      levelName: l.levelName ?? null,
      severity: l.severity,
      levelChanged: l.levelChanged,
      matchedLevelKeys: l.matchedLevelKeys,
      facts: Object.assign(new IncidentFactsNode(), { riskFlags: [], knownInAdvance: false, firstPetition: false, intakeChannel: null, interpreterNeeded: false, policeCalled: null }, l.facts),
      measures: (l.measures ?? []).map((m) => Object.assign(new MeasureRecordNode(), { ...m, explanation: m.explanation.map((e) => Object.assign(new ConditionExplanationNode(), e)) })),
      reason: l.reason ?? null,
      createdAt: l.createdAt,
      appliedById: l.appliedBy.id,
      explanation: l.explanation.map((e) => Object.assign(new ConditionExplanationNode(), e)),
    });
  }
}

@ObjectType('IncidentHistoryEntry', { description: 'An incident event from the tenant log. 事件记录。' })
export class HistoryEntryNode {
  @Field(() => SafeIntResolver, { description: 'Sequence in the tenant log. 日志序号。' }) seq!: number;
  @Field(() => Date) at!: Date;
  @Field(() => IncidentEventKind) event!: IncidentEventKind;
  @Field(() => String, { description: 'The mutation, e.g. incident.acknowledge. 操作。' }) action!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
  actorMemberId!: string | null;
}

export enum IncidentWarningCode {
  NO_PUBLISHED_PLAN = 'NO_PUBLISHED_PLAN',
  NO_LEVEL_MATCHED = 'NO_LEVEL_MATCHED',
  ROLE_NOT_FOUND = 'ROLE_NOT_FOUND',
  DUTY_UNASSIGNED = 'DUTY_UNASSIGNED',
  /** Nobody held the duty's role for the unit; a member of a role above took it. */
  DUTY_ASSIGNED_ABOVE = 'DUTY_ASSIGNED_ABOVE',
  NO_ONE_ON_DUTY = 'NO_ONE_ON_DUTY',
  CALENDAR_FALLBACK = 'CALENDAR_FALLBACK',
  LEVEL_UNCHANGED = 'LEVEL_UNCHANGED',
  /** Entered on a later day than received: the statutory clock counts from receipt and has less time left. */
  STATUTORY_CLOCK_SHORT = 'STATUTORY_CLOCK_SHORT',
  /** Entered after a statutory clock counted from receipt had already run out. */
  STATUTORY_CLOCK_PAST_DUE = 'STATUTORY_CLOCK_PAST_DUE',
}
registerEnumType(IncidentWarningCode, { name: 'IncidentWarningCode', description: 'Something the caller should know; the change was made. 提示（操作已完成）。' });

@ObjectType('IncidentWarning', { description: 'A warning about a change that was made. 提示。' })
export class IncidentWarning {
  @Field(() => IncidentWarningCode) code!: IncidentWarningCode;
  @Field(() => String) message!: string;
}

/** A warning for a payload. */
export function warning(code: IncidentWarningCode, message: string): IncidentWarning {
  return Object.assign(new IncidentWarning(), { code, message });
}

/** Fields every incident mutation input has (inherited). */
@InputType('IncidentActionInput')
export abstract class IncidentActionInput {
  @Field(() => ID) incidentId!: string;
  @Field(() => Int, { nullable: true, description: 'Refuse with STALE_OBJECT when the incident\'s version differs. 期望版本。' })
  @IsOptional() @IsInt()
  expectedVersion?: number | null;
}

@ObjectType()
export class IncidentPayload {
  @Field(() => IncidentNode, { nullable: true }) incident!: IncidentNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

/** The measures ever applied to an incident, from its match history (oldest first). */
export function appliedMeasures(levels: readonly IncidentLevel[], current: readonly string[]): AppliedMeasureNode[] {
  const out = new Map<string, AppliedMeasureNode>();
  for (const l of [...levels].sort((a, b) => a.sequence - b.sequence)) {
    for (const m of l.measures ?? []) {
      const explanation = m.explanation.map((e) => Object.assign(new ConditionExplanationNode(), e));
      const seen = out.get(m.key);
      if (seen) seen.explanation = explanation;
      else out.set(m.key, Object.assign(new AppliedMeasureNode(), { key: m.key, name: m.name, appliedAt: l.sequence, matchesNow: current.includes(m.key), explanation }));
    }
  }
  return [...out.values()];
}
