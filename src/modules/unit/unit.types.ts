import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { Connection, Node, UserError } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { UnitKind, type Unit } from './unit.entity.js';

registerEnumType(UnitKind, { name: 'UnitKind', description: 'Kind of unit: office, department, village, work area... 单位类型。' });

@ObjectType('Unit', { implements: Node, simpleResolvers: true, description: 'A unit of the tenant: office, department, village, work area. 单位（办公室、科室、村、工区等）。' })
export class UnitNode extends Node {
  @Field(() => String) name!: string;
  @Field(() => UnitKind) kind!: UnitKind;
  @Field(() => String, { nullable: true }) code!: string | null;
  @Field(() => Int, { description: 'Depth in the tree; the root is 0. 层级。' }) depth!: number;
  @Field(() => Date, { nullable: true }) archivedAt!: Date | null;
  @Field(() => Date) createdAt!: Date;

  rawId!: string;
  parentId!: string | null;
  path!: string;

  static from(u: { id: string; name: string; kind: UnitKind; code?: string | null; depth: number; archivedAt?: Date | null; createdAt: Date; path: string; parent?: { id: string } | null; parentId?: string | null }): UnitNode {
    return Object.assign(new UnitNode(), {
      id: toGlobalId('Unit', u.id),
      rawId: u.id,
      name: u.name,
      kind: u.kind,
      code: u.code ?? null,
      depth: u.depth,
      archivedAt: u.archivedAt ?? null,
      createdAt: u.createdAt,
      path: u.path,
      parentId: u.parentId ?? u.parent?.id ?? null,
    });
  }
}

export const UnitConnection = Connection(UnitNode, 'Unit');

@InputType({ description: 'Filters for units. 单位筛选。' })
export class UnitFilter {
  @Field(() => ID, { nullable: true, description: 'Only this unit and the units below it. 仅此单位及其下级。' })
  subtreeOf?: string | null;

  @Field(() => [UnitKind], { nullable: true }) kinds?: UnitKind[] | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false }) includeArchived?: boolean;

  @Field(() => String, { nullable: true, description: 'Text in the name. 名称包含。' }) search?: string | null;
}

@InputType()
export class CreateUnitInput {
  @Field(() => ID, { description: 'The parent unit. 上级单位。' }) parentId!: string;
  @Field(() => String) @Length(1, 200) name!: string;
  @Field(() => UnitKind) kind!: UnitKind;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^[A-Za-z0-9._-]{1,40}$/, { message: 'code must be 1-40 letters, digits, dots, dashes or underscores' })
  code?: string | null;
}

@InputType()
export class UpdateUnitInput {
  @Field(() => ID) unitId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 200) name?: string | null;
  @Field(() => UnitKind, { nullable: true }) @IsOptional() kind?: UnitKind | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^[A-Za-z0-9._-]{1,40}$/, { message: 'code must be 1-40 letters, digits, dots, dashes or underscores' })
  code?: string | null;
}

@InputType()
export class MoveUnitInput {
  @Field(() => ID) unitId!: string;
  @Field(() => ID, { description: 'The new parent; a unit cannot move under itself or its descendants. 新上级。' }) newParentId!: string;
}

@InputType()
export class ArchiveUnitInput {
  @Field(() => ID) unitId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(1000) reason?: string | null;
}

@ObjectType()
export class UnitPayload {
  @Field(() => UnitNode, { nullable: true }) unit!: UnitNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
