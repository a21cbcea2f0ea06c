import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, Length, MaxLength, ValidateNested } from 'class-validator';
import { UserError } from '../../platform/graphql/relay.js';
import { IncidentNode } from '../incident/incident.types.js';
import { CaseRecordKind } from './case-record.enums.js';
import { CaseRecordNode } from './case-record.types.js';

@InputType({ description: '谈话记录: who talked with whom, when, where, who was present, what was said.' })
export class InterviewFieldsInput {
  @Field(() => Date) heldAt!: Date;
  @Field(() => String) @Length(1, 500) place!: string;
  @Field(() => [String], { description: 'Who conducted the talk. 谈话人。' }) @ArrayMaxSize(20) @Length(1, 200, { each: true }) interviewers!: string[];
  @Field(() => [String], { description: 'Who was talked with. 被谈话人。' }) @ArrayMaxSize(50) @Length(1, 200, { each: true }) interviewees!: string[];
  @Field(() => [String], { defaultValue: [], description: 'Others present. 在场人员。' }) @ArrayMaxSize(50) @Length(1, 200, { each: true }) peoplePresent!: string[];
  @Field(() => String) @Length(1, 50000) text!: string;
}

@InputType({ description: '现场记录: what was seen on the scene, when, where, who was present.' })
export class SceneFieldsInput {
  @Field(() => Date) observedAt!: Date;
  @Field(() => String) @Length(1, 500) place!: string;
  @Field(() => [String], { defaultValue: [] }) @ArrayMaxSize(100) @Length(1, 200, { each: true }) peoplePresent!: string[];
  @Field(() => String) @Length(1, 50000) text!: string;
}

@InputType({ description: '工作总结: the summary of the work on the case.' })
export class WorkSummaryFieldsInput {
  @Field(() => String) @Length(1, 300) title!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) period?: string | null;
  @Field(() => String) @Length(1, 100000) text!: string;
}

/** One of the three, matching the kind. */
@InputType()
export abstract class RecordFieldsInput {
  @Field(() => InterviewFieldsInput, { nullable: true }) @IsOptional() @ValidateNested() interview?: InterviewFieldsInput | null;
  @Field(() => SceneFieldsInput, { nullable: true }) @IsOptional() @ValidateNested() scene?: SceneFieldsInput | null;
  @Field(() => WorkSummaryFieldsInput, { nullable: true }) @IsOptional() @ValidateNested() workSummary?: WorkSummaryFieldsInput | null;
}

@InputType({ description: 'A new draft record on an incident (the fields of its kind). 新建记录草稿。' })
export class CreateCaseRecordInput extends RecordFieldsInput {
  @Field(() => ID) incidentId!: string;
  @Field(() => CaseRecordKind) @IsIn(Object.values(CaseRecordKind)) kind!: CaseRecordKind;
}

@InputType({ description: 'A new version of a draft (its author only). 修改草稿（保留各版本）。' })
export class UpdateCaseRecordInput extends RecordFieldsInput {
  @Field(() => ID) recordId!: string;
  @Field(() => Int, { nullable: true, description: 'Refuse with STALE_OBJECT when the record is at another version. 期望版本。' }) @IsOptional() @IsInt() expectedVersion?: number | null;
}

@InputType({ description: 'Files (locks) a draft. 归档（锁定）。' })
export class FileCaseRecordInput {
  @Field(() => ID) recordId!: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() expectedVersion?: number | null;
}

@ObjectType()
export class CaseRecordPayload {
  @Field(() => CaseRecordNode, { nullable: true }) record!: CaseRecordNode | null;
  @Field(() => IncidentNode, { nullable: true }) incident!: IncidentNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
