import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UnitNode } from '../unit/unit.types.js';

export enum AssessmentGroupBy {
  UNIT = 'UNIT',
  MATTER_TYPE = 'MATTER_TYPE',
  MONTH = 'MONTH',
}
registerEnumType(AssessmentGroupBy, {
  name: 'AssessmentGroupBy',
  description:
    'Referral figures are keyed by the incident on this tenant\'s side and, for MONTH, by the month of the event (sign-in, submission). UNIT: the unit the incident concerns (按单位). MATTER_TYPE: the incident\'s topics; an incident with several topics counts under each, one without under the key "" (按事项类型). MONTH: the month of receipt in the tenant\'s timezone, YYYY-MM (按月).',
});

@InputType({ description: 'Incidents received from (inclusive) to (exclusive), at most 400 days. 统计期间（按受理登记时间）。' })
export class AssessmentPeriodInput {
  @Field(() => Date) from!: Date;
  @Field(() => Date) to!: Date;
}

@ObjectType('AssessmentFigure', { simpleResolvers: true, description: 'A rate with what it is computed from. 指标（分子、分母、比率）。' })
export class FigureNode {
  @Field(() => Int) numerator!: number;
  @Field(() => Int) denominator!: number;
  @Field(() => Float, { nullable: true, description: 'numerator / denominator; null when the denominator is 0. 比率。' }) rate!: number | null;

  static of(numerator: number | string, denominator: number | string): FigureNode {
    const n = Number(numerator);
    const d = Number(denominator);
    return Object.assign(new FigureNode(), { numerator: n, denominator: d, rate: d ? n / d : null });
  }
}

@ObjectType('AssessmentFigureSet', {
  simpleResolvers: true,
  description: 'The assessment figures (三率 and more) of the incidents received in the period that the caller may see. 考核指标。',
})
export class FigureSetNode {
  @Field(() => Int, { description: 'Incidents received in the period. 信访件数。' }) incidents!: number;

  @Field(() => FigureNode, {
    description:
      'Timely acceptance rate (及时受理率): denominator — incidents whose acceptance clock (art. 23, 15 days) was met or has fallen due by now (cancelled clocks excluded); numerator — those whose acceptance decision was made by its due time.',
  })
  timelyAcceptance!: FigureNode;

  @Field(() => FigureNode, {
    description:
      'On-time closing rate (按期办结率): denominator — incidents whose reply clock (art. 34, 60 days, extension included) was met or has fallen due by now; numerator — those replied by the (extended) due time.',
  })
  onTimeClosing!: FigureNode;

  @Field(() => FigureNode, {
    description:
      'Satisfaction rate (群众满意率): denominator — ratings given on these incidents (every stage, online and by phone); numerator — SATISFIED and BASICALLY_SATISFIED among them.',
  })
  satisfaction!: FigureNode;

  @Field(() => FigureNode, {
    description:
      'Participation rate (参评率): denominator — incidents answered (written reply given, or written reasons of a refusal); numerator — those whose answer (REPLY stage) was rated.',
  })
  participation!: FigureNode;

  @Field(() => FigureNode, {
    description:
      'Repeat-petition rate (重复信访率), lower is better: denominator — incidents received in the period (as `incidents`); numerator — those linked as a repeat of an earlier incident (linkRepeat) as of now, whether the earlier one was received in the period or before it and whether or not the caller may see it; a link taken back (unlinkRepeat) no longer counts.',
  })
  repeatPetition!: FigureNode;

  @Field(() => FigureNode, {
    description:
      'On-time sign-in rate (按时签收率) of the assignments (交办) this tenant received, keyed by its own incident (unit, topics) and the event\'s month: denominator — assignments whose sign-in fell due (and was not yet signed) or was signed in within the period, whichever came first; numerator — those signed in by their sign-in due time.',
  })
  onTimeSignIn!: FigureNode;

  @Field(() => FigureNode, {
    description:
      'Sent-back-for-rework rate (退回重办率) of the assignments this tenant received: denominator — closing reports it submitted within the period (each resubmission counts again); numerator — those of them the sender returned.',
  })
  sentBackForRework!: FigureNode;

  @Field(() => FigureNode, {
    description:
      'On-time sign-in rate (按时签收率) of the assignments this tenant sent out, as onTimeSignIn but keyed by its own (sending) incident\'s unit and topics: how promptly the receivers signed.',
  })
  assignedOnTimeSignIn!: FigureNode;

  @Field(() => FigureNode, {
    description:
      'Sent-back-for-rework rate (退回重办率) of the assignments this tenant sent out, as sentBackForRework but keyed by its own (sending) incident: of the closing reports received in the period, those it returned.',
  })
  assignedSentBackForRework!: FigureNode;
}

@ObjectType('AssessmentGroup', { simpleResolvers: true, description: 'The figures of one unit, matter type or month. 分组指标。' })
export class AssessmentGroupNode {
  @Field(() => String, { description: 'Unit id (global), topic, or YYYY-MM. 分组键。' }) key!: string;
  @Field(() => String, { description: 'Unit name, topic (未分类 for none), or YYYY-MM. 分组名称。' }) label!: string;
  @Field(() => UnitNode, { nullable: true, description: 'For UNIT. 单位。' }) unit!: UnitNode | null;
  @Field(() => FigureSetNode) figures!: FigureSetNode;
}

@ObjectType('AssessmentFigures', { simpleResolvers: true, description: 'Assessment figures for a period, in total and per group, computed in the database. 考核统计。' })
export class AssessmentFiguresNode {
  @Field(() => Date) from!: Date;
  @Field(() => Date) to!: Date;
  @Field(() => Date, { description: 'Clocks due after this moment are not counted yet. 统计时点。' }) asOf!: Date;
  @Field(() => AssessmentGroupBy) groupBy!: AssessmentGroupBy;
  @Field(() => FigureSetNode, { description: 'Every incident once (also for MATTER_TYPE). 合计。' }) totals!: FigureSetNode;
  @Field(() => [AssessmentGroupNode]) groups!: AssessmentGroupNode[];
}
