import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { IsEmail, IsIn, IsOptional, MaxLength } from 'class-validator';
import { UserError } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { PlatformRole } from '../../platform/platform-roles.js';
import type { User } from './user.entity.js';

registerEnumType(PlatformRole, {
  name: 'PlatformRole',
  description: 'The three platform administrators, kept apart (三员分立). 平台三员。',
  valuesConfig: {
    SYSTEM_ADMIN: { description: 'Provisions and configures tenants. 系统管理员。' },
    SECURITY_ADMIN: { description: 'Grants and revokes platform roles. 安全管理员。' },
    AUDIT_ADMIN: { description: 'Reads the platform log, the role grants and granted tenant logs, nothing else. 安全审计员。' },
  },
});

@ObjectType('PlatformAdministrator', { description: 'A user holding a platform role. 平台管理员。' })
export class PlatformAdministratorNode {
  @Field(() => ID) userId!: string;
  @Field(() => String) email!: string;
  @Field(() => String) displayName!: string;
  @Field(() => PlatformRole) role!: PlatformRole;

  static from(u: User): PlatformAdministratorNode {
    return Object.assign(new PlatformAdministratorNode(), { userId: toGlobalId('User', u.id), email: u.email, displayName: u.displayName, role: u.platformRole! });
  }
}

@InputType()
export class SetPlatformRoleInput {
  @Field(() => String, { description: 'The user\'s e-mail. 用户邮箱。' }) @IsEmail() @MaxLength(320)
  email!: string;

  @Field(() => PlatformRole, { nullable: true, description: 'The one role to hold; null revokes it. 角色（空为撤销）。' })
  @IsOptional() @IsIn(Object.values(PlatformRole))
  role!: PlatformRole | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(1000)
  reason?: string | null;
}

@ObjectType()
export class SetPlatformRolePayload {
  @Field(() => PlatformAdministratorNode, { nullable: true, description: 'Null when the role was revoked. 撤销时为空。' })
  administrator!: PlatformAdministratorNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
