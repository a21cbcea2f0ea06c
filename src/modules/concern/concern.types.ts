import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Connection, Node, UserError } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { IncidentNode, IncidentActionInput } from '../incident/incident.types.js';
import { ConductFlag, IncidentCategory, IntakeChannel, LevelReached } from '../incident/incident.model.js';
import type { Concern, ConcernUpdate } from './concern.entity.js';
import { ConcernStatus } from './concern.enums.js';

registerEnumType(ConcernStatus, { name: 'ConcernStatus', description: 'OPEN 化解中, RESOLVED 已就地化解, BECAME_INCIDENT 已形成信访事件.' });

@ObjectType('Concern', {
  implements: Node,
  simpleResolvers: true,
  description:
    'A prevention record (预防): a grievance learned of before anyone petitioned, to be resolved locally by its owner by a date. No statutory clock, no person named; it records the institution\'s obligation, never who plans to petition, when or where. 矛盾纠纷预防记录。',
})
export class ConcernNode extends Node {
  @Field(() => String, { description: 'The grievance. 问题。' }) issue!: string;
  @Field(() => Int, { description: 'How many people it affects. 涉及人数。' }) affectedCount!: number;
  @Field(() => String, { description: 'What the institution will do. 化解措施。' }) plannedResolution!: string;
  @Field(() => Date, { description: 'Due: past it unresolved, it is an accountability finding against the owner. 化解期限。' }) resolveBy!: Date;
  @Field(() => ConcernStatus) status!: ConcernStatus;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'How it was resolved. 化解情况。' }) resolution!: string | null;
  @Field(() => Int) version!: number;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;

  rawId!: string;
  unitId!: string;
  ownerId!: string;
  recordedById!: string;
  closedById!: string | null;
  incidentId!: string | null;

  static from(c: Concern): ConcernNode {
    return Object.assign(new ConcernNode(), {
      id: toGlobalId('Concern', c.id),
      rawId: c.id,
      issue: c.issue,
      affectedCount: c.affectedCount,
      plannedResolution: c.plannedResolution,
      resolveBy: c.resolveBy,
      status: c.status,
      closedAt: c.closedAt ?? null,
      resolution: c.resolution ?? null,
      version: c.version,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      unitId: c.unit.id,
      ownerId: c.owner.id,
      recordedById: c.recordedBy.id,
      closedById: c.closedBy?.id ?? null,
      incidentId: c.incident?.id ?? null,
    });
  }
}

@ObjectType('ConcernUpdate', { simpleResolvers: true, description: 'Work done on a concern. 化解工作记录。' })
export class ConcernUpdateNode {
  @Field(() => String) note!: string;
  @Field(() => Date) createdAt!: Date;
  recordedById!: string;

  static from(u: ConcernUpdate): ConcernUpdateNode {
    return Object.assign(new ConcernUpdateNode(), { note: u.note, createdAt: u.createdAt, recordedById: u.recordedBy.id });
  }
}

export const ConcernConnection = Connection(ConcernNode, 'Concern');

@InputType({ description: 'A grievance to resolve locally before anyone petitions. 记录矛盾纠纷。' })
export class RecordConcernInput {
  @Field(() => ID, { description: 'The unit where it arose. 所在单位。' }) unitId!: string;
  @Field(() => String, { description: 'The grievance, not the people. 问题。' }) @Length(1, 4000) issue!: string;
  @Field(() => Int, { description: 'How many people it affects. 涉及人数。' }) @IsInt() @Min(1) @Max(100000) affectedCount!: number;
  @Field(() => String, { description: 'What the institution will do. 化解措施。' }) @Length(1, 4000) plannedResolution!: string;
  @Field(() => Date, { description: 'To be resolved by. 化解期限。' }) resolveBy!: Date;
  @Field(() => ID, { nullable: true, description: 'The member who owns it; default the caller. 责任人。' }) @IsOptional() ownerId?: string | null;
}

@InputType()
export class ConcernActionInput {
  @Field(() => ID) concernId!: string;
  @Field(() => Int, { nullable: true, description: 'Refuse with STALE_OBJECT when the concern\'s version differs. 期望版本。' })
  @IsOptional() @IsInt()
  expectedVersion?: number | null;
}

@InputType({ description: 'Work done on a concern. 记录化解工作。' })
export class AddConcernUpdateInput extends ConcernActionInput {
  @Field(() => String) @Length(1, 4000) note!: string;
}

@InputType({ description: 'The concern was resolved where it arose. 就地化解。' })
export class ResolveConcernInput extends ConcernActionInput {
  @Field(() => String, { description: 'How it was resolved. 化解情况。' }) @Length(1, 4000) resolution!: string;
}

@InputType({ description: 'A petitioner who came forward: name and contact only. 信访人。' })
export class ConcernPetitionerInput {
  @Field(() => String) @Length(1, 100) name!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) contact?: string | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) @IsOptional() representative?: boolean;
}

@InputType({ description: 'A petition was made after all: the concern becomes an incident with its history; the clocks start at receipt. 形成信访事件。' })
export class OpenIncidentFromConcernInput extends ConcernActionInput {
  @Field(() => IncidentCategory) @IsIn(Object.values(IncidentCategory)) category!: IncidentCategory;
  @Field(() => LevelReached, { defaultValue: LevelReached.OWN }) @IsIn(Object.values(LevelReached)) levelReached!: LevelReached;
  @Field(() => Int, { nullable: true, description: 'Default the concern\'s affected count. 人数。' }) @IsOptional() @IsInt() @Min(1) @Max(100000) headcount?: number | null;
  @Field(() => Date, { nullable: true, description: 'When the petition was made; default now. 发生时间。' }) @IsOptional() occurredAt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it was received; default now. The statutory clocks start here. 收到时间。' }) @IsOptional() receivedAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'Default the concern\'s issue. 事由。' }) @IsOptional() @Length(1, 4000) summary?: string | null;
  @Field(() => String, { description: '诉求. What the petitioners ask for.' }) @Length(1, 4000) demands!: string;
  @Field(() => [ConductFlag], { defaultValue: [] }) conductFlags!: ConductFlag[];
  @Field(() => [String], { defaultValue: [] }) topics!: string[];
  @Field(() => IntakeChannel, { nullable: true }) @IsOptional() intakeChannel?: IntakeChannel | null;
  @Field(() => String, { nullable: true }) @IsOptional() place?: string | null;
  @Field(() => [ConcernPetitionerInput], { defaultValue: [], description: 'Those who came forward and petitioned (the concern named nobody). 信访人。' })
  @ArrayMaxSize(500) @ValidateNested({ each: true })
  petitioners!: ConcernPetitionerInput[];
}

@ObjectType()
export class ConcernPayload {
  @Field(() => ConcernNode, { nullable: true }) concern!: ConcernNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class OpenIncidentFromConcernPayload {
  @Field(() => ConcernNode, { nullable: true }) concern!: ConcernNode | null;
  @Field(() => IncidentNode, { nullable: true }) incident!: IncidentNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType()
export class ConcernFilter {
  @Field(() => [ConcernStatus], { nullable: true }) @IsOptional() statuses?: ConcernStatus[] | null;
  @Field(() => ID, { nullable: true, description: 'This unit and its subtree. 单位（含下级）。' }) @IsOptional() unitId?: string | null;
}

// Re-exported so the concern resolver names one place for incident shapes.
export { IncidentNode, IncidentActionInput };
