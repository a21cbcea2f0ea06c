import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { Connection, Node, UserError } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { Permission } from '../../platform/permissions.js';
import type { Role } from './role.entity.js';
import { USUAL_JURISDICTION, UsualJurisdiction, type TemplateRoleKey } from './role-templates.model.js';

registerEnumType(Permission, { name: 'Permission', description: 'What a role allows. 权限。' });
registerEnumType(UsualJurisdiction, { name: 'UsualJurisdiction', description: 'The jurisdiction a template role usually gets. 模板角色通常的管辖范围。' });

@ObjectType('Role', {
  implements: Node,
  description: 'A tenant role. A role holds its own permissions and those of every role below it. 角色：拥有自身及下级角色的全部权限。',
})
export class RoleNode extends Node {
  @Field(() => String, { nullable: true, description: 'Template key (GROUP_LEADER, ...); null for custom roles. 模板角色键。' }) key!: string | null;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => [Permission], { description: 'Permissions granted directly. 直接授予的权限。' }) permissions!: Permission[];
  @Field(() => Boolean, { description: 'Leader rank (领导): may own cases and approve extensions.' }) leader!: boolean;
  @Field(() => Date) createdAt!: Date;
  @Field(() => UsualJurisdiction, { nullable: true, description: 'For a template role: the jurisdiction it usually gets. WHOLE_TENANT is applied by inviteMember and assignRole when no jurisdictionUnitIds are given (refused with JURISDICTION_BEYOND_OWN beyond the caller\'s own); SEAT and ASSIGNED_UNITS leave the seat\'s subtree until units are named. null for custom roles. 通常管辖范围。' })
  usualJurisdiction!: UsualJurisdiction | null;

  rawId!: string;
  parentId!: string | null;

  static from(r: Role): RoleNode {
    return Object.assign(new RoleNode(), {
      id: toGlobalId('Role', r.id),
      rawId: r.id,
      key: r.key ?? null,
      name: r.name,
      description: r.description ?? null,
      permissions: [...r.permissions].sort(),
      leader: r.leader,
      createdAt: r.createdAt,
      usualJurisdiction: (r.key && USUAL_JURISDICTION[r.key as TemplateRoleKey]) || null,
      parentId: r.parent?.id ?? null,
    });
  }
}

export const RoleConnection = Connection(RoleNode, 'Role');

@InputType()
export class CreateRoleInput {
  @Field(() => String) @Length(1, 100) name!: string;
  @Field(() => String, { nullable: true, description: 'Optional stable key, upper case. 角色键。' })
  @IsOptional() @Matches(/^[A-Z][A-Z0-9_]{1,40}$/, { message: 'key must be upper-case letters, digits and underscores' })
  key?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) description?: string | null;
  @Field(() => ID, { nullable: true, description: 'The role above this one; it will hold this role\'s permissions. 上级角色。' })
  parentId?: string | null;
  @Field(() => [Permission]) @ArrayMaxSize(100) permissions!: Permission[];
  @Field(() => Boolean, { nullable: true, defaultValue: false }) leader?: boolean;
}

@InputType()
export class UpdateRoleInput {
  @Field(() => ID) roleId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 100) name?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) description?: string | null;
  @Field(() => ID, { nullable: true, description: 'New parent role.' }) parentId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Make the role top-level (no parent).' }) clearParent?: boolean | null;
  @Field(() => [Permission], { nullable: true }) @IsOptional() @ArrayMaxSize(100) permissions?: Permission[] | null;
  @Field(() => Boolean, { nullable: true }) leader?: boolean | null;
}

@ObjectType()
export class RolePayload {
  @Field(() => RoleNode, { nullable: true }) role!: RoleNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
