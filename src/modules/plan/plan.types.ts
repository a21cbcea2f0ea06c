import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { IsNotEmpty, IsOptional, Length, MaxLength } from 'class-validator';
import { Connection, Node, UserError } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { TenantKind } from '../tenant/tenant.enums.js';
import { DutyKind, DutyStage } from './plan.model.js';
import { ConditionKindEnum, ConductMatchEnum, DurationUnitEnum, TriggerCombineEnum } from './plan.enums.js';
import { PlanStatus, type Plan } from './plan.entity.js';
import type { PlanDocument, PlanOrganisation } from './plan.document.js';
import type { ConditionExplanation, ResponseLevel, SupplementaryMeasure } from './plan.model.js';
import { ConductFlag, IncidentCategory, IntakeChannel, LevelReached, RiskFlag } from '../incident/incident.model.js';

// Output types are filled with the domain objects of plan.model.ts as they are;
// computed fields (role names, descriptions, global ids) are field resolvers.

@ObjectType('Duration', { description: 'A relative deadline or interval. 相对时限。' })
export class DurationNode {
  @Field(() => Int) amount!: number;
  @Field(() => DurationUnitEnum) unit!: string;
}

@ObjectType('Recurrence', { description: 'The duty recurs every `every` until the incident closes. 周期性职责。' })
export class RecurrenceNode {
  @Field(() => DurationNode) every!: DurationNode;
}

@ObjectType('EscalationRule', { description: 'Who is told when the duty is not done in time: a role above the responsible one. 逾期上报规则。' })
export class EscalationRuleNode {
  @Field(() => String, { description: 'Role key (template roles) or role id (custom roles). 通知角色。' }) notifyRoleKey!: string;
  @Field(() => DurationNode, { nullable: true, description: 'Extra time after the due time before escalating. 宽限时间。' }) after!: DurationNode | null;
}

@ObjectType('Duty', { description: 'What a role must do when a level applies, by when, and who is told otherwise. 职责。' })
export class DutyNode {
  @Field(() => String) key!: string;
  @Field(() => DutyKind) kind!: DutyKind;
  @Field(() => String, { description: 'Role key (template roles) or role id (custom roles) responsible. 责任角色。' }) roleKey!: string;
  @Field(() => String, { description: 'What must be done, in the plan\'s words. 工作内容。' }) action!: string;
  @Field(() => DurationNode, { description: 'Due this long after the incident was received (or the level applied). 完成时限。' }) due!: DurationNode;
  @Field(() => RecurrenceNode, { nullable: true }) recurring!: RecurrenceNode | null;
  @Field(() => Boolean, { description: 'Completing it needs evidence (records of talks, photos...). 需留存证据。' }) evidenceRequired!: boolean;
  @Field(() => EscalationRuleNode, { nullable: true }) escalation!: EscalationRuleNode | null;
  @Field(() => DutyStage, { nullable: true }) stage!: DutyStage | null;
}

@ObjectType('TriggerCondition', { description: 'One condition of a trigger; only the fields of its kind are set. 触发条件。' })
export class TriggerConditionNode {
  @Field(() => ConditionKindEnum) kind!: string;
  @Field(() => [IncidentCategory], { nullable: true }) categories?: IncidentCategory[];
  @Field(() => [LevelReached], { nullable: true }) levels?: LevelReached[];
  @Field(() => LevelReached, { nullable: true }) atLeast?: LevelReached;
  @Field(() => Int, { nullable: true, description: 'Inclusive.' }) min?: number;
  @Field(() => Int, { nullable: true, description: 'Inclusive.' }) max?: number;
  @Field(() => [ConductFlag], { nullable: true }) flags?: ConductFlag[];
  @Field(() => ConductMatchEnum, { nullable: true }) match?: string;
  @Field(() => [String], { nullable: true }) topics?: string[];
  @Field(() => Boolean, { nullable: true }) active?: boolean;
  @Field(() => [RiskFlag], { nullable: true }) riskFlags?: RiskFlag[];
  @Field(() => Boolean, { nullable: true }) known?: boolean;
  @Field(() => Boolean, { nullable: true }) first?: boolean;
  @Field(() => [IntakeChannel], { nullable: true }) channels?: IntakeChannel[];
  @Field(() => Boolean, { nullable: true }) needed?: boolean;
  @Field(() => Boolean, { nullable: true }) called?: boolean;
}

@ObjectType('Trigger', { description: 'Conditions combined with ALL or ANY; groups nest. 触发规则。' })
export class TriggerNode {
  @Field(() => TriggerCombineEnum) combine!: string;
  @Field(() => [TriggerConditionNode]) conditions!: TriggerConditionNode[];
  @Field(() => [TriggerNode]) groups!: TriggerNode[];
}

@ObjectType('ResponseLevel', { description: 'A response level: key, severity, trigger and duties. 响应等级。' })
export class ResponseLevelNode {
  @Field(() => String) key!: string;
  @Field(() => String) name!: string;
  @Field(() => Int, { description: 'Higher is more severe; the most severe matching level wins. 严重程度。' }) severity!: number;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => TriggerNode) trigger!: TriggerNode;
  @Field(() => [DutyNode]) duties!: DutyNode[];
}

@ObjectType('SupplementaryMeasure', {
  description: 'A supplementary measure (补充措施) for a special circumstance: not ranked; every matching measure adds its duties beside the response level\'s. 补充措施。',
})
export class SupplementaryMeasureNode {
  @Field(() => String) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => TriggerNode) trigger!: TriggerNode;
  @Field(() => [DutyNode]) duties!: DutyNode[];
}

@ObjectType('StaffRef', { description: 'A member as named in a plan or roster: name and title only. 人员。' })
export class StaffRef {
  @Field(() => ID, { description: 'The Member global id.' }) id!: string;
  @Field(() => String) displayName!: string;
  @Field(() => String, { nullable: true }) title!: string | null;
}

@ObjectType('OrgPosition', { description: 'A position in the leading group or office: a role and who holds it. 职位。' })
export class OrgPositionNode {
  @Field(() => String) roleKey!: string;
  @Field(() => String) title!: string;
  memberIds!: string[];
}

@ObjectType('OrgBody', { description: 'The leading group (领导小组) or its office (办公室). 机构。' })
export class OrgBodyNode {
  @Field(() => String) name!: string;
  @Field(() => [String]) responsibilities!: string[];
  @Field(() => [OrgPositionNode]) positions!: OrgPositionNode[];
}

@ObjectType('PlanOrganisation', { description: 'Organisation of the response (组织机构及职责). 组织机构。' })
export class PlanOrganisationNode {
  @Field(() => OrgBodyNode) leadingGroup!: OrgBodyNode;
  @Field(() => OrgBodyNode) office!: OrgBodyNode;
}

/** The fields every plan text has, versions and templates alike. */
@ObjectType('PlanContent', { description: 'Shared fields of plan versions and templates.' })
export abstract class PlanContent {
  @Field(() => String) title!: string;
  @Field(() => String, { description: 'Purpose (目的/指导思想).' }) purpose!: string;
  @Field(() => String, { description: 'Scope (适用范围).' }) scope!: string;
  @Field(() => [String], { description: 'Principles (处置原则).' }) principles!: string[];
  @Field(() => PlanOrganisationNode) organisation!: PlanOrganisation;
  @Field(() => [ResponseLevelNode], { description: 'Response levels, most severe first. 响应等级。' }) levels!: ResponseLevel[];
  @Field(() => [SupplementaryMeasureNode], { description: 'Supplementary measures, in plan order: each matching one adds its duties beside the level\'s. 补充措施。' }) measures!: SupplementaryMeasure[];
  @Field(() => [String], { description: 'General requirements (工作要求).' }) generalRequirements!: string[];
}

function sortedLevels(levels: ResponseLevel[]): ResponseLevel[] {
  return levels.map((l, i) => ({ l, i })).sort((a, b) => b.l.severity - a.l.severity || a.i - b.i).map(({ l }) => l);
}

@ObjectType('Plan', { implements: Node, description: 'A version of the emergency response plan (应急预案). A published version never changes. 预案版本。' })
export class PlanNode extends PlanContent implements Node {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'Version number, 1, 2, 3... in creation order. 版本号。' }) version!: number;
  @Field(() => PlanStatus) status!: PlanStatus;
  @Field(() => String, { nullable: true, description: 'The template the plan line started from. 模板。' }) templateKey!: string | null;
  @Field(() => Int, { description: 'Bumped by every draft update; send it back as expectedRevision. 修订号。' }) revision!: number;
  @Field(() => Boolean, { description: 'Incidents run by stages: a duty of a later stage is created when the incident advances to it. 按阶段生成任务。' }) stagedDuties!: boolean;
  @Field(() => [String], { description: 'Proposed revisions of the review the draft was started from (empty otherwise). 修订建议。' }) revisionProposals!: string[];
  @Field(() => ID, { nullable: true, description: 'The incident whose post-incident review this draft was started from. 来源事后评估（事件）。' }) fromReviewId!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
  @Field(() => Date, { nullable: true }) publishedAt!: Date | null;
  @Field(() => Date, { nullable: true }) supersededAt!: Date | null;

  rawId!: string;
  /** The stored text, levels in stored order (validation paths index it). */
  document!: PlanDocument;
  basedOnId!: string | null;
  supersededById!: string | null;
  createdById!: string | null;
  publishedById!: string | null;

  static from(p: Plan): PlanNode {
    return Object.assign(new PlanNode(), {
      id: toGlobalId('Plan', p.id),
      rawId: p.id,
      document: p.document(),
      version: p.version,
      status: p.status,
      title: p.title,
      purpose: p.purpose,
      scope: p.scope,
      principles: p.principles,
      organisation: p.organisation,
      levels: sortedLevels(p.levels),
      measures: p.measures ?? [],
      generalRequirements: p.generalRequirements,
      templateKey: p.templateKey ?? null,
      revision: p.revision,
      stagedDuties: p.stagedDuties ?? false,
      revisionProposals: p.revisionProposals ?? [],
      fromReviewId: p.fromIncidentId ? toGlobalId('Incident', p.fromIncidentId) : null,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      publishedAt: p.publishedAt ?? null,
      supersededAt: p.supersededAt ?? null,
      basedOnId: p.basedOn?.id ?? null,
      supersededById: p.supersededBy?.id ?? null,
      createdById: p.createdBy?.id ?? null,
      publishedById: p.publishedBy?.id ?? null,
    });
  }
}

export const PlanConnection = Connection(PlanNode, 'Plan');

@ObjectType('PlanTemplate', { description: 'A plan template written from a reference plan; createPlanDraft copies it. 预案模板。' })
export class PlanTemplateNode extends PlanContent {
  @Field(() => String) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => [TenantKind], { description: 'Kinds of organisation it fits; provisioning drafts it for them. 适用机构。' }) tenantKinds!: TenantKind[];
  @Field(() => [String], { description: 'Reference plans it was written from. 参考预案。' }) sources!: string[];

  static from(t: PlanTemplateNode): PlanTemplateNode {
    return Object.assign(new PlanTemplateNode(), { ...t, levels: sortedLevels(t.levels) });
  }
}

@ObjectType('ConditionExplanation', { description: 'A condition of the winning level and whether it held. 条件判定。' })
export class ConditionExplanationNode {
  @Field(() => String, { description: 'Path in the trigger, e.g. groups[0].conditions[1].' }) path!: string;
  @Field(() => String, { description: 'The condition in Chinese and English.' }) description!: string;
  @Field(() => Boolean) matched!: boolean;
}

@ObjectType('MeasureMatch', { description: 'A supplementary measure whose trigger holds, with every condition and its outcome. 适用的补充措施。' })
export class MeasureMatchNode {
  @Field(() => SupplementaryMeasureNode) measure!: SupplementaryMeasure;
  @Field(() => [ConditionExplanationNode]) explanation!: ConditionExplanation[];
}

@ObjectType('ResponseLevelMatch', { description: 'Which response level and which supplementary measures apply to the facts, and why. 响应等级及补充措施判定。' })
export class ResponseLevelMatchNode {
  @Field(() => PlanNode) plan!: PlanNode;
  @Field(() => ResponseLevelNode, { nullable: true, description: 'The most severe matching level; null when none matches. 适用等级。' }) level!: ResponseLevel | null;
  @Field(() => [ConditionExplanationNode]) explanation!: ConditionExplanationNode[];
  @Field(() => [String], { description: 'Every matching level, most severe first.' }) matchedLevelKeys!: string[];
  @Field(() => [MeasureMatchNode], { description: 'Every matching supplementary measure, in plan order: their duties come beside the level\'s. 适用的补充措施。' }) measures!: MeasureMatchNode[];
  @Field(() => Boolean, { description: 'Whether an alert period was taken as on (given, or looked up for the unit and time). 是否处于重大活动期间。' }) alertPeriodActive!: boolean;
}

export enum PlanChangeKind {
  ADDED = 'ADDED',
  REMOVED = 'REMOVED',
  CHANGED = 'CHANGED',
}
registerEnumType(PlanChangeKind, { name: 'PlanChangeKind', description: 'How a part of the plan changed. 变更类型。' });

@ObjectType('PlanChange', { description: 'One change between two versions. Paths name levels, duties and positions by key. 变更项。' })
export class PlanChangeNode {
  @Field(() => [String], { description: 'e.g. ["levels","CITY_GROUP","duties","notify","due"].' }) path!: string[];
  @Field(() => PlanChangeKind) kind!: PlanChangeKind;
  @Field(() => GraphQLJSON, { nullable: true }) before!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) after!: unknown;
}

@ObjectType('PlanDiff', { description: 'Structured differences between two versions. 版本差异。' })
export class PlanDiffNode {
  @Field(() => PlanNode) from!: PlanNode;
  @Field(() => PlanNode) to!: PlanNode;
  @Field(() => [PlanChangeNode]) changes!: PlanChangeNode[];
}

// ---- inputs -------------------------------------------------------------

@InputType('DurationInput')
export class DurationInput {
  @Field(() => Int) amount!: number;
  @Field(() => DurationUnitEnum) unit!: 'MINUTES' | 'HOURS' | 'DAYS';
}

@InputType('EscalationRuleInput')
export class EscalationRuleInput {
  @Field(() => String, { description: 'Role key, or the global id of a custom role; must sit above the duty\'s role.' }) notifyRoleKey!: string;
  @Field(() => DurationInput, { nullable: true }) after?: DurationInput | null;
}

@InputType('DutyInput')
export class DutyInput {
  @Field(() => String, { description: 'Unique within the level: letters, digits, _ . -' }) key!: string;
  @Field(() => DutyKind) kind!: DutyKind;
  @Field(() => String, { description: 'Role key, or the global id of a custom role.' }) roleKey!: string;
  @Field(() => String) action!: string;
  @Field(() => DurationInput) due!: DurationInput;
  @Field(() => DurationInput, { nullable: true, description: 'Repeat every this long until the incident closes. 周期。' }) recurringEvery?: DurationInput | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) evidenceRequired?: boolean | null;
  @Field(() => EscalationRuleInput, { nullable: true }) escalation?: EscalationRuleInput | null;
  @Field(() => DutyStage, { nullable: true }) stage?: DutyStage | null;
}

@InputType('TriggerConditionInput', { description: 'Set `kind` and exactly the fields of that kind. 触发条件。' })
export class TriggerConditionInput {
  @Field(() => ConditionKindEnum) kind!: string;
  @Field(() => [IncidentCategory], { nullable: true, description: 'CATEGORY.' }) categories?: IncidentCategory[] | null;
  @Field(() => [LevelReached], { nullable: true, description: 'LEVEL_REACHED: one of these levels.' }) levels?: LevelReached[] | null;
  @Field(() => LevelReached, { nullable: true, description: 'LEVEL_REACHED: this level or above.' }) atLeast?: LevelReached | null;
  @Field(() => Int, { nullable: true, description: 'HEADCOUNT: at least (inclusive).' }) min?: number | null;
  @Field(() => Int, { nullable: true, description: 'HEADCOUNT: at most (inclusive).' }) max?: number | null;
  @Field(() => [ConductFlag], { nullable: true, description: 'CONDUCT.' }) flags?: ConductFlag[] | null;
  @Field(() => ConductMatchEnum, { nullable: true, description: 'CONDUCT: ANY (default) or ALL.' }) match?: 'ANY' | 'ALL' | null;
  @Field(() => [String], { nullable: true, description: 'TOPIC: any of these topics.' }) topics?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'ALERT_PERIOD: whether a period is on.' }) active?: boolean | null;
  @Field(() => [RiskFlag], { nullable: true, description: 'RISK: the risk flags (with match ANY, the default, or ALL).' }) riskFlags?: RiskFlag[] | null;
  @Field(() => Boolean, { nullable: true, description: 'KNOWN_IN_ADVANCE: whether the visit was known in advance.' }) known?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'FIRST_PETITION: whether the incident was a first petition (初信初访) at report time.' }) first?: boolean | null;
  @Field(() => [IntakeChannel], { nullable: true, description: 'INTAKE_CHANNEL: any of these channels.' }) channels?: IntakeChannel[] | null;
  @Field(() => Boolean, { nullable: true, description: 'INTERPRETER: whether a language to serve in was named.' }) needed?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'POLICE: called (true) or deliberately not called (false).' }) called?: boolean | null;
}

@InputType('TriggerInput')
export class TriggerInput {
  @Field(() => TriggerCombineEnum) combine!: 'ALL' | 'ANY';
  @Field(() => [TriggerConditionInput], { nullable: true, defaultValue: [] }) conditions?: TriggerConditionInput[] | null;
  @Field(() => [TriggerInput], { nullable: true, defaultValue: [], description: 'Nested groups (at most 4 levels deep).' }) groups?: TriggerInput[] | null;
}

@InputType('ResponseLevelInput')
export class ResponseLevelInput {
  @Field(() => String, { description: 'Upper-case key, e.g. COUNTY_GROUP.' }) key!: string;
  @Field(() => String) name!: string;
  @Field(() => Int) severity!: number;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => TriggerInput) trigger!: TriggerInput;
  @Field(() => [DutyInput]) duties!: DutyInput[];
}

@InputType('SupplementaryMeasureInput')
export class SupplementaryMeasureInput {
  @Field(() => String, { description: 'Upper-case key, unique among the plan\'s levels and measures, e.g. DISASTER.' }) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => TriggerInput) trigger!: TriggerInput;
  @Field(() => [DutyInput]) duties!: DutyInput[];
}

@InputType('OrgPositionInput')
export class OrgPositionInput {
  @Field(() => String, { description: 'Role key, or the global id of a custom role.' }) roleKey!: string;
  @Field(() => String) title!: string;
  @Field(() => [ID], { nullable: true, defaultValue: [] }) memberIds?: string[] | null;
}

@InputType('OrgBodyInput')
export class OrgBodyInput {
  @Field(() => String) name!: string;
  @Field(() => [String], { nullable: true, defaultValue: [] }) responsibilities?: string[] | null;
  @Field(() => [OrgPositionInput], { nullable: true, defaultValue: [] }) positions?: OrgPositionInput[] | null;
}

@InputType('PlanOrganisationInput')
export class PlanOrganisationInput {
  @Field(() => OrgBodyInput) leadingGroup!: OrgBodyInput;
  @Field(() => OrgBodyInput) office!: OrgBodyInput;
}

export enum PlanDraftSource {
  BLANK = 'BLANK',
  TEMPLATE = 'TEMPLATE',
  PUBLISHED = 'PUBLISHED',
  VERSION = 'VERSION',
}
registerEnumType(PlanDraftSource, {
  name: 'PlanDraftSource',
  description: 'BLANK 空白; TEMPLATE from `templateKey`; PUBLISHED a copy of the published version; VERSION a copy of `planId`. 草稿来源。',
});

@InputType()
export class CreatePlanDraftInput {
  @Field(() => PlanDraftSource) source!: PlanDraftSource;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) templateKey?: string | null;
  @Field(() => ID, { nullable: true }) planId?: string | null;
  @Field(() => String, { nullable: true, description: 'Title of the draft (default: the source\'s).' }) @IsOptional() @Length(1, 500) title?: string | null;
  @Field(() => ID, { nullable: true, description: 'Start from a post-incident review (the closed incident\'s id): the draft copies the published version (or `planId` with VERSION) and carries the review\'s proposed revisions; the review records the draft. 依据事后评估的修订建议起草。' })
  fromReviewId?: string | null;
}

@InputType({ description: 'Replaces the sections given; omitted sections stay. 修改草稿（仅草稿可改）。' })
export class UpdatePlanDraftInput {
  @Field(() => ID) planId!: string;
  @Field(() => Int, { nullable: true, description: 'The revision the edit was based on; a different current revision is STALE_OBJECT.' }) expectedRevision?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 500) title?: string | null;
  @Field(() => String, { nullable: true }) purpose?: string | null;
  @Field(() => String, { nullable: true }) scope?: string | null;
  @Field(() => [String], { nullable: true }) principles?: string[] | null;
  @Field(() => PlanOrganisationInput, { nullable: true }) organisation?: PlanOrganisationInput | null;
  @Field(() => [ResponseLevelInput], { nullable: true }) levels?: ResponseLevelInput[] | null;
  @Field(() => [SupplementaryMeasureInput], { nullable: true, description: 'Supplementary measures (replace the list). 补充措施。' }) measures?: SupplementaryMeasureInput[] | null;
  @Field(() => [String], { nullable: true }) generalRequirements?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Run incidents by stages: a duty of a later stage is created when the incident advances to it (advanceIncidentStage). 按阶段生成任务。' }) stagedDuties?: boolean | null;
}

@InputType()
export class PublishPlanInput {
  @Field(() => ID) planId!: string;
  @Field(() => Int, { nullable: true, description: 'The revision reviewed; a different current revision is STALE_OBJECT.' }) expectedRevision?: number | null;
  @Field(() => String, { nullable: true, description: 'Why this version is published (kept in the audit log). 发布说明。' }) @IsOptional() @MaxLength(2000) reason?: string | null;
}

@InputType()
export class DeletePlanDraftInput {
  @Field(() => ID) @IsNotEmpty() planId!: string;
}

@ObjectType()
export class PlanPayload {
  @Field(() => PlanNode, { nullable: true }) plan!: PlanNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

export enum PlanWarningCode {
  STANCE_TEXT = 'STANCE_TEXT',
}
registerEnumType(PlanWarningCode, {
  name: 'PlanWarningCode',
  description: 'STANCE_TEXT: text outside the duties uses a word for watching, following, controlling, intercepting or bringing back petitioners; published, but read it again. 预案提示。',
});

@ObjectType('PlanWarning', { description: 'Something the publisher should know; the plan was published. 提示（已发布）。' })
export class PlanWarning {
  @Field(() => PlanWarningCode) code!: PlanWarningCode;
  @Field(() => [String], { description: 'Path into the plan as updatePlanDraft writes it.' }) field!: string[];
  @Field(() => String) message!: string;
}

@ObjectType()
export class PublishPlanPayload {
  @Field(() => PlanNode, { nullable: true }) plan!: PlanNode | null;
  @Field(() => PlanNode, { nullable: true, description: 'The version it superseded, if any. 被废止的版本。' }) superseded!: PlanNode | null;
  @Field(() => [PlanWarning]) warnings: PlanWarning[] = [];
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class DeletePlanDraftPayload {
  @Field(() => PlanNode, { nullable: true, description: 'The draft as it was before it was deleted.' }) plan!: PlanNode | null;
  @Field(() => ID, { nullable: true }) deletedPlanId!: string | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType('IncidentFactsInput', { description: 'The facts a trigger is tested against. 事件要素。' })
export class IncidentFactsInput {
  @Field(() => IncidentCategory) category!: IncidentCategory;
  @Field(() => LevelReached, { nullable: true, defaultValue: LevelReached.OWN }) levelReached?: LevelReached | null;
  @Field(() => Int, { nullable: true, defaultValue: 1 }) headcount?: number | null;
  @Field(() => [ConductFlag], { nullable: true, defaultValue: [] }) conductFlags?: ConductFlag[] | null;
  @Field(() => [String], { nullable: true, defaultValue: [] }) topics?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Null: looked up from the alert periods covering the unit at the time.' }) alertPeriodActive?: boolean | null;
  @Field(() => [RiskFlag], { nullable: true, defaultValue: [], description: 'Risks to people\'s safety, whatever the headcount. 风险情形。' }) riskFlags?: RiskFlag[] | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'The visit was known in advance (001: 提前掌握信息). 事前已掌握。' }) knownInAdvance?: boolean | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'A first petition (初信初访): no earlier incident named any of its petitioners. 是否初信初访。' }) firstPetition?: boolean | null;
  @Field(() => IntakeChannel, { nullable: true, description: 'How it came in; null: not known. 信访渠道。' }) intakeChannel?: IntakeChannel | null;
  @Field(() => String, { nullable: true, description: 'A language to serve in (BCP-47), if one is needed. 需要的服务语言。' }) interpreterLanguage?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Police called (true), deliberately not called (false), or no decision (null). 警力调用决定。' }) policeCalled?: boolean | null;
}
