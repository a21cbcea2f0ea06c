import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsEmail, IsOptional, Length, MaxLength } from 'class-validator';
import { Connection, Node, UserError } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { MemberStatus, type Member } from './member.entity.js';
import type { User } from '../user/user.entity.js';

registerEnumType(MemberStatus, { name: 'MemberStatus' });

@ObjectType('Member', { implements: Node, simpleResolvers: true, description: 'A user\'s membership in the tenant, acting for a unit subtree. 成员。' })
export class MemberNode extends Node {
  @Field(() => String) email!: string;
  @Field(() => String) displayName!: string;
  @Field(() => String, { nullable: true, description: 'Job title. 职务。' }) title!: string | null;
  @Field(() => MemberStatus) status!: MemberStatus;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) removedAt!: Date | null;

  rawId!: string;
  unitId!: string;
  userId!: string;

  static from(m: Member): MemberNode {
    return MemberNode.fromParts(m, m.user.getEntity());
  }

  /** From a member row and its user read separately (plain rows of a list's look-ahead). */
  static fromParts(m: Pick<Member, 'id' | 'title' | 'status' | 'createdAt' | 'removedAt'> & { unit: { id: string } }, user: Pick<User, 'id' | 'email' | 'displayName'>): MemberNode {
    return Object.assign(new MemberNode(), {
      id: toGlobalId('Member', m.id),
      rawId: m.id,
      email: user.email,
      displayName: user.displayName,
      title: m.title ?? null,
      status: m.status,
      createdAt: m.createdAt,
      removedAt: m.removedAt ?? null,
      unitId: m.unit.id,
      userId: user.id,
    });
  }
}

export const MemberConnection = Connection(MemberNode, 'Member');

@InputType({ description: 'Filters for members. 成员筛选。' })
export class MemberFilter {
  @Field(() => ID, { nullable: true, description: 'Members of this unit and the units below it.' }) unitSubtree?: string | null;
  @Field(() => ID, { nullable: true, description: 'Members holding this role.' }) roleId?: string | null;
  @Field(() => MemberStatus, { nullable: true, defaultValue: MemberStatus.ACTIVE }) status?: MemberStatus | null;
  @Field(() => String, { nullable: true, description: 'Text in name or e-mail.' }) search?: string | null;
}

@InputType()
export class InviteMemberInput {
  @Field(() => String) @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254) email!: string;
  @Field(() => String) @Length(1, 100) displayName!: string;
  @Field(() => ID, { description: 'The unit the member acts for (with the units below it). 所属单位。' }) unitId!: string;
  @Field(() => [ID]) @ArrayMinSize(1, { message: 'a member needs at least one role' }) @ArrayMaxSize(20) roleIds!: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) title?: string | null;
  @Field(() => [ID], { nullable: true, description: 'Roots of the unit subtrees whose cases the member handles; omitted: what the roles usually get (Role.usualJurisdiction: WHOLE_TENANT gives the whole organisation, within your own jurisdiction), else the seat\'s subtree. 管辖范围。' })
  @IsOptional() @ArrayMaxSize(50) jurisdictionUnitIds?: string[] | null;
}

@ObjectType()
export class InviteMemberPayload {
  @Field(() => MemberNode, { nullable: true }) member!: MemberNode | null;
  @Field(() => String, {
    nullable: true,
    description: 'One-time token for the invited user to set a password; null when the user already has one. 一次性设置密码令牌。',
  })
  setPasswordToken!: string | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType({ description: 'Replaces the member\'s roles (and optionally its unit). 设置成员角色。' })
export class AssignRoleInput {
  @Field(() => ID) memberId!: string;
  @Field(() => [ID]) @ArrayMinSize(1, { message: 'a member needs at least one role' }) @ArrayMaxSize(20) roleIds!: string[];
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) title?: string | null;
  @Field(() => [ID], { nullable: true, description: 'Replaces the jurisdiction when given ([]: back to the seat\'s subtree); omitted: the whole organisation when a new role usually gets it (Role.usualJurisdiction), the seat\'s subtree when the last such role is taken away, else unchanged. 管辖范围。' })
  @IsOptional() @ArrayMaxSize(50) jurisdictionUnitIds?: string[] | null;
}

@InputType({ description: 'Sets the unit subtrees whose cases the member handles. 设置管辖范围。' })
export class SetJurisdictionInput {
  @Field(() => ID) memberId!: string;
  @Field(() => [ID], { description: 'Roots of the subtrees; [] means the seat\'s own subtree.' }) @ArrayMaxSize(50) unitIds!: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(1000) reason?: string | null;
}

@InputType()
export class RemoveMemberInput {
  @Field(() => ID) memberId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(1000) reason?: string | null;
}

@ObjectType()
export class MemberPayload {
  @Field(() => MemberNode, { nullable: true }) member!: MemberNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
