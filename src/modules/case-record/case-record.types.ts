import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { CaseRecordKind, CaseRecordStatus } from './case-record.enums.js';
import type { CaseRecord, CaseRecordVersion, InterviewContent, RecordContent, SceneContent, WorkSummaryContent } from './case-record.entity.js';

registerEnumType(CaseRecordKind, { name: 'CaseRecordKind', description: 'INTERVIEW 谈话记录, SCENE 现场记录, WORK_SUMMARY 工作总结.' });
registerEnumType(CaseRecordStatus, { name: 'CaseRecordStatus', description: 'DRAFT 草稿 (its author edits it), FILED 已归档 (locked).' });

@ObjectType('InterviewFields', { description: '谈话记录' })
export class InterviewFields {
  @Field(() => Date) heldAt!: Date;
  @Field(() => String) place!: string;
  @Field(() => [String]) interviewers!: string[];
  @Field(() => [String]) interviewees!: string[];
  @Field(() => [String]) peoplePresent!: string[];
  @Field(() => String) text!: string;
}

@ObjectType('SceneFields', { description: '现场记录' })
export class SceneFields {
  @Field(() => Date) observedAt!: Date;
  @Field(() => String) place!: string;
  @Field(() => [String]) peoplePresent!: string[];
  @Field(() => String) text!: string;
}

@ObjectType('WorkSummaryFields', { description: '工作总结' })
export class WorkSummaryFields {
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true }) period!: string | null;
  @Field(() => String) text!: string;
}

/** The typed view of stored content. */
export function contentFields(kind: CaseRecordKind, c: RecordContent) {
  return {
    interview: kind === CaseRecordKind.INTERVIEW ? Object.assign(new InterviewFields(), { ...(c as InterviewContent), heldAt: new Date((c as InterviewContent).heldAt) }) : null,
    scene: kind === CaseRecordKind.SCENE ? Object.assign(new SceneFields(), { ...(c as SceneContent), observedAt: new Date((c as SceneContent).observedAt) }) : null,
    workSummary: kind === CaseRecordKind.WORK_SUMMARY ? Object.assign(new WorkSummaryFields(), c as WorkSummaryContent) : null,
  };
}

@ObjectType('CaseRecordVersion', { description: 'A saved state of a record. 记录版本。' })
export class CaseRecordVersionNode {
  @Field(() => Int) version!: number;
  @Field(() => CaseRecordStatus) status!: CaseRecordStatus;
  @Field(() => Date) savedAt!: Date;
  @Field(() => InterviewFields, { nullable: true }) interview!: InterviewFields | null;
  @Field(() => SceneFields, { nullable: true }) scene!: SceneFields | null;
  @Field(() => WorkSummaryFields, { nullable: true }) workSummary!: WorkSummaryFields | null;
  editedById!: string;

  static from(kind: CaseRecordKind, v: CaseRecordVersion): CaseRecordVersionNode {
    return Object.assign(new CaseRecordVersionNode(), { version: v.version, status: v.status, savedAt: v.createdAt, editedById: v.editedBy.id, ...contentFields(kind, v.content) });
  }
}

@ObjectType('CaseRecord', { implements: Node, description: 'A typed record on a case (谈话记录, 现场记录, 工作总结). 案件记录。' })
export class CaseRecordNode extends Node {
  @Field(() => CaseRecordKind) kind!: CaseRecordKind;
  @Field(() => CaseRecordStatus) status!: CaseRecordStatus;
  @Field(() => Int) version!: number;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) filedAt!: Date | null;
  @Field(() => InterviewFields, { nullable: true }) interview!: InterviewFields | null;
  @Field(() => SceneFields, { nullable: true }) scene!: SceneFields | null;
  @Field(() => WorkSummaryFields, { nullable: true }) workSummary!: WorkSummaryFields | null;
  rawId!: string;
  incidentId!: string;
  authorId!: string;

  static from(r: CaseRecord): CaseRecordNode {
    return Object.assign(new CaseRecordNode(), {
      id: toGlobalId('CaseRecord', r.id),
      rawId: r.id,
      kind: r.kind,
      status: r.status,
      version: r.version,
      createdAt: r.createdAt,
      filedAt: r.filedAt ?? null,
      incidentId: r.incident.id,
      authorId: r.author.id,
      ...contentFields(r.kind, r.content),
    });
  }
}
