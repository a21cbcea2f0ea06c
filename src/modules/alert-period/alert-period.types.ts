import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { Connection, Node, UserError } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { DurationInput, DurationNode } from '../plan/plan.types.js';
import type { AlertPeriod, AlertPeriodReport, ReportingRule } from './alert-period.entity.js';

@ObjectType('ReportingPhase', { description: 'From `from` on, a report every `every` (002: weekly, then daily). 报告阶段。' })
export class ReportingPhaseNode {
  @Field(() => Date) from!: Date;
  @Field(() => DurationNode) every!: DurationNode;
}

@ObjectType('ReportingRule', { description: 'How units report during the period. 报告制度。' })
export class ReportingRuleNode {
  @Field(() => [ReportingPhaseNode]) phases!: ReportingPhaseNode[];
  @Field(() => Boolean, { description: 'Every unit of the period\'s subtree reports. 各单位分别报告。' }) perUnit!: boolean;
  @Field(() => Boolean, { description: 'A report is due even when nothing happened (有情况报情况，无情况报平安). 零报告。' }) zeroReportsRequired!: boolean;
  @Field(() => String, { description: 'Local time of day (HH:mm) day-based reports fall due. 报告时间。' }) dueLocalTime!: string;
  @Field(() => String) description!: string;

  static from(r: ReportingRule): ReportingRuleNode {
    return Object.assign(new ReportingRuleNode(), { ...r, phases: r.phases.map((p) => ({ from: new Date(p.from), every: p.every })) });
  }
}

@ObjectType('AlertPeriod', { implements: Node, description: 'A sensitive period (重大活动期间) declared by a leader over a unit subtree, with its reporting rule. 重大活动期间。' })
export class AlertPeriodNode extends Node {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => Date) startsAt!: Date;
  @Field(() => Date, { description: 'End (exclusive); moved to the moment the period was ended early. 结束时间。' }) endsAt!: Date;
  @Field(() => ReportingRuleNode) reportingRule!: ReportingRuleNode;
  @Field(() => Date, { nullable: true, description: 'When it was ended early. 提前结束时间。' }) cancelledAt!: Date | null;
  @Field(() => String, { nullable: true }) cancelReason!: string | null;
  @Field(() => Date) createdAt!: Date;

  rawId!: string;
  unitId!: string;
  declaredById!: string;
  cancelledById!: string | null;
  rule!: ReportingRule;

  static from(p: AlertPeriod): AlertPeriodNode {
    return Object.assign(new AlertPeriodNode(), {
      id: toGlobalId('AlertPeriod', p.id),
      rawId: p.id,
      name: p.name,
      description: p.description ?? null,
      startsAt: p.startsAt,
      endsAt: p.endsAt,
      reportingRule: ReportingRuleNode.from(p.reportingRule),
      rule: p.reportingRule,
      cancelledAt: p.cancelledAt ?? null,
      cancelReason: p.cancelReason ?? null,
      createdAt: p.createdAt,
      unitId: p.unit.id,
      declaredById: p.declaredBy.id,
      cancelledById: p.cancelledBy?.id ?? null,
    });
  }
}

export const AlertPeriodConnection = Connection(AlertPeriodNode, 'AlertPeriod');

@InputType('ReportingPhaseInput')
export class ReportingPhaseInput {
  @Field(() => Date) from!: Date;
  @Field(() => DurationInput) every!: DurationInput;
}

@InputType('ReportingRuleInput', { description: 'Default: a daily report per unit at 17:00, zero reports included, for the whole period. 报告制度。' })
export class ReportingRuleInput {
  @Field(() => [ReportingPhaseInput], { nullable: true, description: 'Default: one daily phase from the start.' })
  @IsOptional() @ArrayMinSize(1) @ArrayMaxSize(10)
  phases?: ReportingPhaseInput[] | null;
  @Field(() => Boolean, { nullable: true, defaultValue: true }) perUnit?: boolean | null;
  @Field(() => Boolean, { nullable: true, defaultValue: true }) zeroReportsRequired?: boolean | null;
  @Field(() => String, { nullable: true, defaultValue: '17:00' })
  @IsOptional() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'dueLocalTime must be HH:mm' })
  dueLocalTime?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) description?: string | null;
}

@InputType()
export class DeclareAlertPeriodInput {
  @Field(() => String) @Length(1, 200) name!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(20000) description?: string | null;
  @Field(() => ID, { nullable: true, description: 'The unit whose subtree it covers (default: the declaring member\'s unit). 适用单位。' }) unitId?: string | null;
  @Field(() => Date) startsAt!: Date;
  @Field(() => Date) endsAt!: Date;
  @Field(() => ReportingRuleInput, { nullable: true }) reportingRule?: ReportingRuleInput | null;
}

@InputType({ description: 'Ends a period now (or withdraws one not yet begun). 提前结束。' })
export class EndAlertPeriodInput {
  @Field(() => ID) alertPeriodId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) reason?: string | null;
}

@ObjectType()
export class AlertPeriodPayload {
  @Field(() => AlertPeriodNode, { nullable: true }) alertPeriod!: AlertPeriodNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType('AlertPeriodReport', { implements: Node, description: 'A unit\'s report for one due time of an alert period: a situation report or a zero report (无情况报平安). 报告。' })
export class AlertPeriodReportNode extends Node {
  @Field(() => Date) dueAt!: Date;
  @Field(() => Boolean, { description: 'A zero report: nothing happened (无情况报平安).' }) nothingToReport!: boolean;
  @Field(() => String, { nullable: true }) content!: string | null;
  @Field(() => Date, { description: 'When it was filed. 报送时间。' }) submittedAt!: Date;
  @Field(() => Boolean, { description: 'Filed after its due time. 迟报。' }) late!: boolean;
  @Field(() => ID, { nullable: true, description: 'The report this one corrects. 所更正的报告。' }) supersedesId!: string | null;
  @Field(() => String, { nullable: true, description: 'Why the earlier report was corrected. 更正理由。' }) correctionReason!: string | null;
  @Field(() => Date, { nullable: true, description: 'When a correction replaced it. 被更正时间。' }) supersededAt!: Date | null;

  rawId!: string;
  periodId!: string;
  unitId!: string;
  submittedById!: string;

  static from(r: AlertPeriodReport): AlertPeriodReportNode {
    return Object.assign(new AlertPeriodReportNode(), {
      id: toGlobalId('AlertPeriodReport', r.id),
      rawId: r.id,
      dueAt: r.dueAt,
      nothingToReport: r.nothingToReport,
      content: r.content ?? null,
      submittedAt: r.createdAt,
      late: r.createdAt > r.dueAt,
      supersedesId: r.supersedes ? toGlobalId('AlertPeriodReport', r.supersedes.id) : null,
      correctionReason: r.correctionReason ?? null,
      supersededAt: r.supersededAt ?? null,
      periodId: r.period.id,
      unitId: r.unit.id,
      submittedById: r.submittedBy.id,
    });
  }
}

@ObjectType('AlertPeriodReportStatus', { description: 'Whether a unit filed its report for a due time. 报告情况。' })
export class AlertPeriodReportStatusNode {
  @Field(() => Date) dueAt!: Date;
  @Field(() => AlertPeriodReportNode, { nullable: true, description: 'Null: not filed (yet). 未报。' }) report!: AlertPeriodReportNode | null;
  unitId!: string;
}

export const AlertPeriodReportStatusConnection = Connection(AlertPeriodReportStatusNode, 'AlertPeriodReportStatus');

@InputType({ description: 'Files a unit\'s report for a due time of an alert period. 报送报告。' })
export class SubmitAlertPeriodReportInput {
  @Field(() => ID) alertPeriodId!: string;
  @Field(() => ID, { nullable: true, description: 'Default: the member\'s unit.' }) unitId?: string | null;
  @Field(() => Date, { nullable: true, description: 'The due time answered (see reportsDue); default: the next one from now (the report being prepared). 对应的报告时间。' }) dueAt?: Date | null;
  @Field(() => Boolean, { description: 'A zero report (无情况报平安).' }) nothingToReport!: boolean;
  @Field(() => String, { nullable: true, description: 'The situation; required unless nothingToReport.' }) @IsOptional() @MaxLength(20000) content?: string | null;
}

@InputType()
export class CorrectAlertPeriodReportInput {
  @Field(() => ID, { description: 'The report corrected (the latest of its due time). 被更正的报告。' }) reportId!: string;
  @Field(() => Boolean, { description: 'A zero report (无情况报平安).' }) nothingToReport!: boolean;
  @Field(() => String, { nullable: true, description: 'The situation; required unless nothingToReport.' }) @IsOptional() @MaxLength(20000) content?: string | null;
  @Field(() => String, { description: 'Why the report is corrected. 更正理由。' }) @MinLength(2) @MaxLength(2000) reason!: string;
}

@ObjectType()
export class AlertPeriodReportPayload {
  @Field(() => AlertPeriodReportNode, { nullable: true }) report!: AlertPeriodReportNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
