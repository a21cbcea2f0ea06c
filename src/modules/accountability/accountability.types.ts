import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length } from 'class-validator';
import { SafeIntResolver } from 'graphql-scalars';
import { Connection, Node, UserError } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import '../plan/plan.enums.js';
import '../incident/incident.types.js';
import { UnitNode } from '../unit/unit.types.js';
import { DutyKind } from '../plan/plan.model.js';
import { ClockKind } from '../petition/petition.enums.js';
import { EscalationStatus, FindingOutcome, FindingStatus, ObligationSource, RulingDecision } from './accountability.enums.js';
import type { AccountabilityFinding, FindingAnswer, FindingEscalation, FindingRuling } from './finding.entity.js';

registerEnumType(ObligationSource, {
  name: 'AccountabilitySource',
  description: 'What was due: TASK 一次性任务, RECURRING_DUTY 周期性职责（如日报）, ALERT_PERIOD_REPORT 重大活动期间报告, STATUTORY_CLOCK 法定期限, CLOCK_SUSPENSION 中止计时超过时限未恢复, CONCERN 矛盾纠纷预防（就地化解期限）.',
});
registerEnumType(FindingOutcome, { name: 'FindingOutcome', description: 'MISSED 未按时完成（截至发现时仍未完成）, LATE 逾期完成.' });
registerEnumType(FindingStatus, { name: 'FindingStatus', description: 'OPEN 待说明, ANSWERED 已说明待裁定, RULED 已裁定.' });
registerEnumType(RulingDecision, { name: 'RulingDecision', description: 'EXCUSED 免责（说明成立）, UPHELD 维持（责任成立）.' });
registerEnumType(EscalationStatus, {
  name: 'FindingEscalationStatus',
  description: 'NOTIFIED 已通知上一级, NO_RECIPIENT 无人担任应通知角色, NOT_NEEDED 在升级时限前已完成.',
});

@ObjectType('AccountabilityFinding', {
  implements: Node,
  description:
    'An obligation not met in time (责任追究): who answered for it (member, role, unit), what it was, its due and done times, the plan version and the log entries that prove it. Written by the deadline sweeper; never changes. 责任追究记录。',
})
export class FindingNode extends Node {
  @Field(() => ObligationSource) source!: ObligationSource;
  @Field(() => FindingOutcome) outcome!: FindingOutcome;
  @Field(() => DutyKind, { nullable: true, description: 'Null for statutory clocks. 职责类型。' }) dutyKind!: DutyKind | null;
  @Field(() => ClockKind, { nullable: true }) clockKind!: ClockKind | null;
  @Field(() => String, { description: 'The duty\'s key in the plan level (the clock kind; alert-period-report). 职责键。' }) dutyKey!: string;
  @Field(() => String, { description: 'What had to be done. 应履行的职责。' }) action!: string;
  @Field(() => Int, { nullable: true, description: 'Which occurrence of a recurring duty or periodic report. 第几次。' }) occurrence!: number | null;
  @Field(() => String, { nullable: true }) levelKey!: string | null;
  @Field(() => Int, { nullable: true, description: 'Plan version the duty came from. 预案版本。' }) planVersion!: number | null;
  @Field(() => String, { nullable: true, description: 'The responsible role as the plan names it. 责任角色。' }) roleKey!: string | null;
  @Field(() => Date) dueAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it was done (late), or null. 完成时间。' }) doneAt!: Date | null;
  @Field(() => Date, { description: 'When the deadline sweeper found it. 发现时间。' }) detectedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the next role up is (was) told. 上报时间。' }) escalateAt!: Date | null;
  @Field(() => SafeIntResolver, { nullable: true, description: 'Sequence number of the log entry that created the task, clock or alert period. 创建记录序号。' })
  createdLogSeq!: number | null;
  @Field(() => SafeIntResolver, { nullable: true, description: 'Sequence number of the log entry that completed it late. 完成记录序号。' })
  doneLogSeq!: number | null;
  @Field(() => Date) createdAt!: Date;

  rawId!: string;
  incidentId!: string | null;
  taskId!: string | null;
  clockId!: string | null;
  alertPeriodId!: string | null;
  responsibleMemberId!: string | null;
  responsibleRoleId!: string | null;
  responsibleUnitId!: string;

  static from(f: AccountabilityFinding): FindingNode {
    return Object.assign(new FindingNode(), {
      id: toGlobalId('AccountabilityFinding', f.id),
      rawId: f.id,
      source: f.source,
      outcome: f.outcome,
      dutyKind: f.dutyKind ?? null,
      clockKind: f.clockKind ?? null,
      dutyKey: f.dutyKey,
      action: f.action,
      occurrence: f.occurrenceNumber ?? null,
      levelKey: f.levelKey ?? null,
      planVersion: f.planVersion ?? null,
      roleKey: f.roleKey ?? null,
      dueAt: f.dueAt,
      doneAt: f.doneAt ?? null,
      detectedAt: f.detectedAt,
      escalateAt: f.escalateAt ?? null,
      createdLogSeq: f.createdLogSeq ?? null,
      doneLogSeq: f.doneLogSeq ?? null,
      createdAt: f.createdAt,
      incidentId: f.incident?.id ?? null,
      taskId: f.task?.id ?? null,
      clockId: f.clock?.id ?? null,
      alertPeriodId: f.alertPeriod?.id ?? null,
      responsibleMemberId: f.responsibleMember?.id ?? null,
      responsibleRoleId: f.responsibleRole?.id ?? null,
      responsibleUnitId: f.responsibleUnit.id,
    });
  }
}

export const FindingConnection = Connection(FindingNode, 'AccountabilityFinding');

@ObjectType('FindingAnswer', { implements: Node, description: 'The responsible member\'s explanation of a finding. 情况说明。' })
export class FindingAnswerNode extends Node {
  @Field(() => String) explanation!: string;
  @Field(() => Date) createdAt!: Date;

  rawId!: string;
  findingId!: string;
  memberId!: string;

  static from(a: FindingAnswer): FindingAnswerNode {
    return Object.assign(new FindingAnswerNode(), {
      id: toGlobalId('FindingAnswer', a.id),
      rawId: a.id,
      explanation: a.explanation,
      createdAt: a.createdAt,
      findingId: a.finding.id,
      memberId: a.member.id,
    });
  }
}

@ObjectType('FindingRuling', { implements: Node, description: 'A leader\'s ruling on a finding. 裁定。' })
export class FindingRulingNode extends Node {
  @Field(() => RulingDecision) decision!: RulingDecision;
  @Field(() => String) note!: string;
  @Field(() => Date) createdAt!: Date;

  rawId!: string;
  findingId!: string;
  memberId!: string;

  static from(r: FindingRuling): FindingRulingNode {
    return Object.assign(new FindingRulingNode(), {
      id: toGlobalId('FindingRuling', r.id),
      rawId: r.id,
      decision: r.decision,
      note: r.note,
      createdAt: r.createdAt,
      findingId: r.finding.id,
      memberId: r.member.id,
    });
  }
}

@ObjectType('FindingEscalation', { description: 'Who was told up the chain, as the plan\'s escalation rule says. 逐级上报。' })
export class FindingEscalationNode {
  @Field(() => EscalationStatus) status!: EscalationStatus;
  @Field(() => String, { nullable: true, description: 'The role told, as the rule names it. 通知角色。' }) notifyRoleKey!: string | null;
  @Field(() => Date) escalatedAt!: Date;
  @Field(() => String, { description: 'Why this role, or why nobody. 说明。' }) note!: string;

  notifyRoleId!: string | null;
  recipientIds!: string[];

  static from(e: FindingEscalation): FindingEscalationNode {
    return Object.assign(new FindingEscalationNode(), {
      status: e.status,
      notifyRoleKey: e.notifyRoleKey ?? null,
      escalatedAt: e.escalatedAt,
      note: e.note,
      notifyRoleId: e.notifyRole?.id ?? null,
      recipientIds: [...e.recipientIds],
    });
  }
}

@InputType({ description: 'Filters for accountability findings. 责任追究筛选。' })
export class AccountabilityFindingFilter {
  @Field(() => ID, { nullable: true, description: 'The responsible unit and its subtree. 单位（含下级）。' }) unitId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The responsible member. 责任人。' }) memberId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The responsible role. 责任角色。' }) roleId?: string | null;
  @Field(() => ID, { nullable: true }) incidentId?: string | null;
  @Field(() => [DutyKind], { nullable: true }) dutyKinds?: DutyKind[] | null;
  @Field(() => [ObligationSource], { nullable: true }) sources?: ObligationSource[] | null;
  @Field(() => [FindingOutcome], { nullable: true }) outcomes?: FindingOutcome[] | null;
  @Field(() => [FindingStatus], { nullable: true, description: 'OPEN, ANSWERED (not yet ruled), RULED. 状态。' }) statuses?: FindingStatus[] | null;
  @Field(() => Date, { nullable: true, description: 'Due at or after. 应完成时间起。' }) dueFrom?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Due before. 应完成时间止。' }) dueTo?: Date | null;
}

@InputType({ description: 'A finding\'s explanation, by the member it names. 情况说明。' })
export class AnswerAccountabilityFindingInput {
  @Field(() => ID) findingId!: string;
  @Field(() => String) @Length(1, 5000) explanation!: string;
}

@InputType({ description: 'A leader\'s ruling on a finding. 裁定。' })
export class RuleOnAccountabilityFindingInput {
  @Field(() => ID) findingId!: string;
  @Field(() => RulingDecision) decision!: RulingDecision;
  @Field(() => String) @Length(1, 5000) note!: string;
}

@ObjectType()
export class AnswerAccountabilityFindingPayload {
  @Field(() => FindingAnswerNode, { nullable: true }) answer!: FindingAnswerNode | null;
  @Field(() => FindingNode, { nullable: true }) finding!: FindingNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class RuleOnAccountabilityFindingPayload {
  @Field(() => FindingRulingNode, { nullable: true }) ruling!: FindingRulingNode | null;
  @Field(() => FindingNode, { nullable: true }) finding!: FindingNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

// The report.

@InputType({ description: 'A period of due times: from (inclusive) to (exclusive), at most 400 days. 统计期间。' })
export class AccountabilityPeriodInput {
  @Field(() => Date) from!: Date;
  @Field(() => Date) to!: Date;
}

@ObjectType('AccountabilityCounts', { description: 'Obligations due in the period (and by now), and how they went. 履职统计。' })
export class CountsNode {
  @Field(() => Int, { description: 'Due in the period. 应履职数。' }) due!: number;
  @Field(() => Int, { description: 'Done by the due time. 按时完成。' }) onTime!: number;
  @Field(() => Int, { description: 'Done after it. 逾期完成。' }) late!: number;
  @Field(() => Int, { description: 'Not done (as of now). 未完成。' }) missed!: number;
  @Field(() => Float, { nullable: true, description: 'onTime / due (null when nothing was due). 按时率。' }) onTimeRate!: number | null;
  @Field(() => Float, { nullable: true }) lateRate!: number | null;
  @Field(() => Float, { nullable: true }) missedRate!: number | null;
  @Field(() => Float, { nullable: true, description: '(onTime + late) / due. 完成率。' }) completionRate!: number | null;

  static of(row: { due: number | string; on_time: number | string | null; late: number | string | null; missed: number | string | null }): CountsNode {
    const due = Number(row.due);
    const onTime = Number(row.on_time ?? 0);
    const late = Number(row.late ?? 0);
    const missed = Number(row.missed ?? 0);
    const rate = (n: number) => (due ? Math.round((n / due) * 10_000) / 10_000 : null);
    return Object.assign(new CountsNode(), { due, onTime, late, missed, onTimeRate: rate(onTime), lateRate: rate(late), missedRate: rate(missed), completionRate: rate(onTime + late) });
  }
}

@ObjectType('AccountabilitySourceCounts')
export class SourceCountsNode {
  @Field(() => ObligationSource) source!: ObligationSource;
  @Field(() => CountsNode) counts!: CountsNode;
}

@ObjectType('AccountabilityUnitRow', { description: 'A unit\'s own obligations (not its subtree\'s). 单位履职情况。' })
export class UnitRowNode {
  @Field(() => UnitNode) unit!: UnitNode;
  @Field(() => CountsNode) counts!: CountsNode;
}

@ObjectType('AccountabilityMemberRow', { description: 'A member\'s obligations (tasks, recurring duties, unit reports it heads, clocks of cases it owns). 个人履职情况。' })
export class MemberRowNode {
  @Field(() => CountsNode) counts!: CountsNode;
  memberId!: string;
}

export const UnitRowConnection = Connection(UnitRowNode, 'AccountabilityUnitRow');
export const MemberRowConnection = Connection(MemberRowNode, 'AccountabilityMemberRow');

@ObjectType('PoliceDecisionCounts', { description: 'Incidents received in the period by the police decision recorded on them (慎用警力). 警力调用情况。' })
export class PoliceDecisionCountsNode {
  @Field(() => Int, { description: 'Incidents received in the period. 事件数。' }) incidents!: number;
  @Field(() => Int, { description: 'The police were called. 调用警力。' }) called!: number;
  @Field(() => Int, { description: 'Deliberately not called, with a recorded ground. 决定不调用警力。' }) notCalled!: number;
  @Field(() => Int, { description: 'No decision recorded. 未记录。' }) undecided!: number;
}

@ObjectType('AccountabilityReport', {
  description:
    'Per unit and per member: obligations due in the period (by now), done on time, done late, missed, with rates. Tasks, recurring duties, alert-period reports and the institution\'s statutory clocks; within the caller\'s subtree. 履职情况统计。',
})
export class ReportNode {
  @Field(() => Date) from!: Date;
  @Field(() => Date) to!: Date;
  @Field(() => Date, { description: 'Counted as of this time. 统计时间。' }) asOf!: Date;

  /** The subtrees the report covers: the filter's unit, or the caller's jurisdiction. */
  unitPaths!: string[];
  sources!: ObligationSource[] | null;
}

@InputType()
export class AccountabilityReportFilter {
  @Field(() => ID, { nullable: true, description: 'Only this unit and its subtree. 单位（含下级）。' }) unitId?: string | null;
  @Field(() => [ObligationSource], { nullable: true }) @IsOptional() @ArrayMaxSize(5) sources?: ObligationSource[] | null;
}
