import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SafeIntResolver } from 'graphql-scalars';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { UserError } from '../../platform/graphql/relay.js';
import { EvidenceKind, IncidentStatus, ReportKind, TaskStatus } from './incident.enums.js';
import { MemberNode } from '../member/member.types.js';
import { EvidenceNode, IncidentActionInput, IncidentNode, IncidentWarning, ReportNode, TaskNode } from './incident.types.js';
import { ConductFlag, IncidentCategory, IntakeChannel, LevelReached, RiskFlag } from './incident.model.js';
import { DutyStage } from '../plan/plan.model.js';
import '../plan/plan.types.js';

export enum IncidentOrderField {
  RECEIVED_AT = 'RECEIVED_AT',
  UPDATED_AT = 'UPDATED_AT',
  LEVEL_SEVERITY = 'LEVEL_SEVERITY',
  RELEVANCE = 'RELEVANCE',
}
registerEnumType(IncidentOrderField, {
  name: 'IncidentOrderField',
  valuesConfig: { RELEVANCE: { description: 'Similarity to filter.text (1 for a row holding the text, else pg_trgm word similarity; DESC: best first); needs filter.text, and then also lists rows that only resemble the text (similarity at least 0.6). 按与关键词的相似度排序（含相近结果）。' } },
});

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'IncidentOrderDirection' });

const SHA256 = /^[0-9a-f]{64}$/;

@InputType({ description: 'A petitioner: name and contact are the only personal data kept. 信访人。' })
export class PetitionerInput {
  @Field(() => String) @Length(1, 100) name!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) contact?: string | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) @IsOptional() representative?: boolean;
}

@InputType()
export class ReportIncidentInput {
  @Field(() => IncidentCategory) @IsIn(Object.values(IncidentCategory)) category!: IncidentCategory;
  @Field(() => LevelReached, { defaultValue: LevelReached.OWN, description: 'How far the petition went (a fact). 已到达层级。' })
  @IsIn(Object.values(LevelReached))
  levelReached!: LevelReached;
  @Field(() => Int) @IsInt() @Min(1) @Max(100000) headcount!: number;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(300) place?: string | null;
  @Field(() => Date) occurredAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it was received; default now. The acceptance clock starts here. 收到时间。' })
  @IsOptional()
  receivedAt?: Date | null;
  @Field(() => String) @Length(1, 4000) summary!: string;
  @Field(() => String, { description: '诉求. What the petitioners ask for.' }) @Length(1, 4000) demands!: string;
  @Field(() => [ConductFlag], { defaultValue: [] }) @ArrayMaxSize(20) @ArrayUnique() @IsIn(Object.values(ConductFlag), { each: true }) conductFlags!: ConductFlag[];
  @Field(() => [RiskFlag], { defaultValue: [], description: 'Risks to people\'s safety, whatever the headcount: the plan\'s safety measure turns on them. 风险情形。' })
  @IsOptional() @ArrayMaxSize(10) @ArrayUnique() @IsIn(Object.values(RiskFlag), { each: true }) riskFlags?: RiskFlag[];
  @Field(() => Boolean, { defaultValue: false, description: 'The institution knew of the visit before it happened (001: 提前掌握信息). 事前已掌握来访信息。' }) @IsOptional() @IsBoolean() knownInAdvance?: boolean;
  @Field(() => [String], { defaultValue: [], description: 'Tenant-defined topics (free text, as the plan\'s triggers name them). 事项分类。' })
  @ArrayMaxSize(20) @Length(1, 50, { each: true })
  topics!: string[];
  @Field(() => ID, { description: 'The unit concerned. 涉及单位。' }) unitId!: string;
  @Field(() => String, { nullable: true, description: 'The body that transferred the matter; opens the 5-working-day objection clock (art. 23 ¶3). 转送机关。' })
  @IsOptional() @Length(1, 200)
  transferredFrom?: string | null;
  @Field(() => IntakeChannel, { nullable: true, description: 'How it came in; default from the category (LETTER, ONLINE) or a transfer, else not recorded. 信访渠道。' })
  @IsOptional() @IsIn(Object.values(IntakeChannel))
  intakeChannel?: IntakeChannel | null;
  @Field(() => String, { nullable: true, description: 'A language to serve in, as a BCP-47 tag of language and script only (en, ug, zh-Hant): a service need, never a category of person. 需要的服务语言。' })
  @IsOptional() @MaxLength(35)
  interpreterLanguage?: string | null;
  @Field(() => ID, { nullable: true, description: 'An incident this one is opened from (the part of a group that went on); it must be visible to the caller. 关联事件。' })
  @IsOptional() relatedIncidentId?: string | null;
  @Field(() => [PetitionerInput], { defaultValue: [] }) @ArrayMaxSize(500) @ValidateNested({ each: true }) petitioners!: PetitionerInput[];
  @Field(() => [ID], { defaultValue: [], description: '举报 only: members reported; they will not see the case. 被举报人。' })
  @ArrayMaxSize(50) @ArrayUnique()
  subjectMemberIds!: string[];
  @Field(() => [ID], { defaultValue: [], description: '举报 only: members recused; they will not see the case. 回避人员。' })
  @ArrayMaxSize(50) @ArrayUnique()
  recusedMemberIds!: string[];
}

@InputType()
export class AcknowledgeIncidentInput extends IncidentActionInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) note?: string | null;
}

@InputType()
export class StartIncidentResponseInput extends IncidentActionInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) note?: string | null;
}

@InputType()
export class AssignCaseOwnerInput extends IncidentActionInput {
  @Field(() => ID, { description: 'A leader-rank member whose unit covers the incident\'s. 包案领导。' }) memberId!: string;
}

@InputType({ description: 'Evidence: an uploaded file (fileId), or metadata of bytes stored elsewhere. 证据。' })
export class EvidenceInput {
  @Field(() => EvidenceKind) @IsIn(Object.values(EvidenceKind)) kind!: EvidenceKind;
  @Field(() => ID, { nullable: true, description: 'A file uploaded to POST /files: its hash, size, type and storage come from the server. 上传文件编号。' })
  @IsOptional()
  fileId?: string | null;
  @Field(() => String, { nullable: true, description: 'Lower-case hex sha256; with fileId, if given, it must match the file. 哈希。' })
  @IsOptional() @Matches(SHA256, { message: 'sha256 must be 64 lower-case hex digits' }) sha256?: string | null;
  @Field(() => SafeIntResolver, { nullable: true, description: 'Required without fileId. 字节数。' }) @IsOptional() @IsInt() @Min(0) sizeBytes?: number | null;
  @Field(() => String, { nullable: true, description: 'Deprecated way: a key in storage the client manages; required without fileId. 存储键。' })
  @IsOptional() @Length(1, 500) storageKey?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) contentType?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) description?: string | null;
  @Field(() => Date, { nullable: true }) @IsOptional() capturedAt?: Date | null;
}

@InputType({ description: 'Filters for task lists. 任务筛选。' })
export class TaskFilter {
  @Field(() => [TaskStatus], { nullable: true }) @IsOptional() @ArrayMaxSize(10) statuses?: TaskStatus[] | null;
  @Field(() => Date, { nullable: true, description: 'Due before this time. 截止时间早于。' }) @IsOptional() dueBefore?: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'Open and past due (true), or not (false). 是否逾期。' }) @IsOptional() overdue?: boolean | null;
  @Field(() => ID, { nullable: true, description: 'Tasks of this incident. 所属事件。' }) @IsOptional() incidentId?: string | null;
}

@InputType({ description: 'Hands an open task to another member, with a reason. 改派任务。' })
export class ReassignTaskInput {
  @Field(() => ID) taskId!: string;
  @Field(() => ID) memberId!: string;
  @Field(() => String) @Length(1, 1000) reason!: string;
}

@ObjectType()
export class ReassignTaskPayload {
  @Field(() => TaskNode, { nullable: true }) task!: TaskNode | null;
  @Field(() => MemberNode, { nullable: true, description: 'Who held it before (null: it was unassigned). 原责任人。' }) previousAssignee!: MemberNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType()
export class CompleteTaskInput {
  @Field(() => ID) taskId!: string;
  @Field(() => Date, { nullable: true, description: 'On-scene duties: when the assignee arrived, given by the one who arrived (not in the future, not before the incident occurred); the task is done at that time. 到达现场时间。' })
  @IsOptional() arrivedAt?: Date | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(4000) note?: string | null;
  @Field(() => [EvidenceInput], { defaultValue: [], description: 'Evidence recorded with the completion. 随附证据。' })
  @ArrayMaxSize(50) @ValidateNested({ each: true })
  evidence!: EvidenceInput[];
}

@InputType()
export class AddIncidentReportInput extends IncidentActionInput {
  @Field(() => ReportKind) @IsIn(Object.values(ReportKind)) kind!: ReportKind;
  @Field(() => String) @Length(1, 8000) body!: string;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'A daily report with nothing new (无情况报平安). 无新情况。' })
  @IsOptional()
  nothingNew?: boolean;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) headcount?: number | null;
}

@InputType()
export class RecordEvidenceInput extends IncidentActionInput {
  @Field(() => ID, { nullable: true, description: 'The task it supports. 关联任务。' }) @IsOptional() taskId?: string | null;
  @Field(() => EvidenceInput) @ValidateNested() evidence!: EvidenceInput;
}

@InputType({ description: 'New facts: only more (a higher level reached, more people, more conduct). 新事实（只增不减）。' })
export class EscalateIncidentInput extends IncidentActionInput {
  @Field(() => LevelReached, { nullable: true }) @IsOptional() @IsIn(Object.values(LevelReached)) levelReached?: LevelReached | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(100000) headcount?: number | null;
  @Field(() => Int, { nullable: true, description: 'How many of the group went on to the level reached (at most the total); the level is matched on it, the total stays. 到达该层级的人数。' })
  @IsOptional() @IsInt() @Min(1) @Max(100000) headcountReached?: number | null;
  @Field(() => [ConductFlag], { defaultValue: [] }) @ArrayMaxSize(20) @IsIn(Object.values(ConductFlag), { each: true }) addConductFlags!: ConductFlag[];
  @Field(() => [RiskFlag], { defaultValue: [], description: 'Risks newly present (self-harm, violence, health emergency, minors present). 新出现的风险情形。' })
  @IsOptional() @ArrayMaxSize(10) @IsIn(Object.values(RiskFlag), { each: true }) addRiskFlags?: RiskFlag[];
  @Field(() => String) @Length(1, 2000) reason!: string;
}

@InputType({ description: 'The post-incident review (后期处置). 事后评估。' })
export class IncidentReviewInput {
  @Field(() => String) @Length(1, 8000) causes!: string;
  @Field(() => String) @Length(1, 8000) whatWorked!: string;
  @Field(() => String) @Length(1, 8000) whatDidNot!: string;
  @Field(() => String) @Length(1, 8000) improvements!: string;
  @Field(() => [String], { description: 'Proposed plan revisions; may be empty. 预案修订建议。' }) @ArrayMaxSize(50) @Length(1, 4000, { each: true }) planRevisions!: string[];
}

@InputType()
export class CloseIncidentInput extends IncidentActionInput {
  @Field(() => IncidentReviewInput) @ValidateNested() review!: IncidentReviewInput;
}

@InputType()
export class WithdrawIncidentInput extends IncidentActionInput {
  @Field(() => String) @Length(1, 2000) reason!: string;
}

@InputType({ description: 'Filters for incidents. 事件筛选。' })
export class IncidentFilter {
  @Field(() => [IncidentStatus], { nullable: true }) status?: IncidentStatus[] | null;
  @Field(() => [IncidentCategory], { nullable: true }) category?: IncidentCategory[] | null;
  @Field(() => [String], { nullable: true, description: 'Response level keys. 响应等级。' }) levelKey?: string[] | null;
  @Field(() => [LevelReached], { nullable: true }) levelReached?: LevelReached[] | null;
  @Field(() => ID, { nullable: true, description: 'Incidents of this unit and the units below it. 单位（含下级）。' }) unitSubtree?: string | null;
  @Field(() => ID, { nullable: true, description: 'Owned by this member. 包案领导。' }) caseOwner?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true: an open task or an institution clock past due; false: none. 是否逾期。' }) overdue?: boolean | null;
  @Field(() => Date, { nullable: true }) receivedFrom?: Date | null;
  @Field(() => Date, { nullable: true }) receivedTo?: Date | null;
  @Field(() => String, { nullable: true, description: 'Text in the summary, demands or receipt number, case-insensitive, % and _ literal; two Chinese characters are enough. Order by RELEVANCE to rank by similarity. 关键词（摘要、诉求、回执号）。' }) text?: string | null;
}

@InputType()
export class IncidentOrder {
  @Field(() => IncidentOrderField, { defaultValue: IncidentOrderField.RECEIVED_AT }) field!: IncidentOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC }) direction!: OrderDirection;
}

@ObjectType('PetitionReceipt', { description: 'Given to the petitioner once: the access code is not stored and cannot be shown again. 回执（查询码仅显示一次）。' })
export class ReceiptNode {
  @Field(() => String) receiptNumber!: string;
  @Field(() => String) accessCode!: string;
}

@ObjectType()
export class ReportIncidentPayload {
  @Field(() => IncidentNode, { nullable: true }) incident!: IncidentNode | null;
  @Field(() => ReceiptNode, { nullable: true }) receipt!: ReceiptNode | null;
  @Field(() => [IncidentWarning]) warnings: IncidentWarning[] = [];
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class EscalateIncidentPayload {
  @Field(() => IncidentNode, { nullable: true }) incident!: IncidentNode | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether a higher response level now applies. 是否升级响应等级。' }) levelChanged!: boolean | null;
  @Field(() => [TaskNode], { description: 'Tasks added for the new level and for measures that newly match (duties already done are not created again). 新增任务。' }) newTasks: TaskNode[] = [];
  @Field(() => [String], { description: 'Supplementary measures that newly match and added their duties. 新适用的补充措施。' }) measuresAdded: string[] = [];
  @Field(() => [IncidentWarning]) warnings: IncidentWarning[] = [];
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class TaskPayload {
  @Field(() => TaskNode, { nullable: true }) task!: TaskNode | null;
  @Field(() => TaskNode, { nullable: true, description: 'The next occurrence of a recurring duty. 下一次任务。' }) nextTask!: TaskNode | null;
  @Field(() => IncidentNode, { nullable: true }) incident!: IncidentNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class IncidentReportPayload {
  @Field(() => ReportNode, { nullable: true }) report!: ReportNode | null;
  @Field(() => IncidentNode, { nullable: true }) incident!: IncidentNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class EvidencePayload {
  @Field(() => EvidenceNode, { nullable: true }) evidence!: EvidenceNode | null;
  @Field(() => IncidentNode, { nullable: true }) incident!: IncidentNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType({ description: 'Whether the police were called or deliberately not called (慎用警力), who decided, when and why. 警力调用决定。' })
export class RecordPoliceDecisionInput extends IncidentActionInput {
  @Field(() => Boolean, { description: 'True: the police were called; false: deliberately not called. 是否调用警力。' }) called!: boolean;
  @Field(() => ID, { nullable: true, description: 'The member who decided; default the caller. 决定人。' }) @IsOptional() decidedById?: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was decided; default now. 决定时间。' }) @IsOptional() decidedAt?: Date | null;
  @Field(() => String, { description: 'The ground of the decision. 理由。' }) @Length(1, 2000) reason!: string;
}

@InputType({ description: 'Moves the response to a later stage (004 预防 → 接待 → 决策; 后期处置). 推进处置阶段。' })
export class AdvanceIncidentStageInput extends IncidentActionInput {
  @Field(() => DutyStage, { description: 'A stage later than the current one.' }) @IsIn(Object.values(DutyStage)) stage!: DutyStage;
  @Field(() => String) @Length(1, 2000) reason!: string;
}

@ObjectType()
export class AdvanceIncidentStagePayload {
  @Field(() => IncidentNode, { nullable: true }) incident!: IncidentNode | null;
  @Field(() => [TaskNode], { description: 'The duties of the stages entered, as tasks due from the advance. 新阶段任务。' }) newTasks: TaskNode[] = [];
  @Field(() => [IncidentWarning]) warnings: IncidentWarning[] = [];
  @Field(() => [UserError]) userErrors!: UserError[];
}
