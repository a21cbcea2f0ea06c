import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, Length, MaxLength } from 'class-validator';
import { UserError } from '../../platform/graphql/relay.js';
import { Permission } from '../../platform/permissions.js';
import { TenantNode } from '../tenant/tenant.types.js';
import { MemberNode } from '../member/member.types.js';

@InputType()
export class LoginInput {
  @Field(() => String) @MaxLength(254) email!: string;
  @Field(() => String) @MaxLength(1000) password!: string;
  @Field(() => String, { nullable: true, description: 'Tenant to sign in to; defaults to the first active membership. 租户标识。' })
  @IsOptional() @MaxLength(63)
  tenantSlug?: string | null;
}

@ObjectType({ description: 'Tokens of a session. Send the access token as "Authorization: Bearer <token>". 会话令牌。' })
export class AuthTokens {
  @Field(() => String) accessToken!: string;
  @Field(() => Date) accessTokenExpiresAt!: Date;
  @Field(() => String, { description: 'Opaque; rotates on every refresh. Presenting a used one ends the session.' }) refreshToken!: string;
  @Field(() => Date) refreshTokenExpiresAt!: Date;
}

@ObjectType()
export class SessionPayload {
  @Field(() => AuthTokens, { nullable: true }) tokens!: AuthTokens | null;
  @Field(() => TenantNode, { nullable: true, description: 'The tenant the session acts in; null for a platform-only session.' }) tenant!: TenantNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType()
export class RefreshSessionInput {
  @Field(() => String) @MaxLength(200) refreshToken!: string;
}

@InputType()
export class LogoutInput {
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'End every session of the user, not only this one.' })
  allSessions?: boolean;
}

@ObjectType()
export class LogoutPayload {
  @Field(() => Int) revokedSessions: number = 0;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType()
export class SwitchTenantInput {
  @Field(() => ID) tenantId!: string;
}

@ObjectType()
export class SwitchTenantPayload {
  @Field(() => String, { nullable: true }) accessToken!: string | null;
  @Field(() => Date, { nullable: true }) accessTokenExpiresAt!: Date | null;
  @Field(() => TenantNode, { nullable: true }) tenant!: TenantNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType()
export class SetPasswordInput {
  @Field(() => String) @MaxLength(200) token!: string;
  @Field(() => String) @Length(10, 1000, { message: 'password must be at least 10 characters' }) password!: string;
}

@ObjectType()
export class SetPasswordPayload {
  @Field(() => Boolean) ok: boolean = false;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType({ description: 'A tenant the user belongs to. 用户所属租户。' })
export class Membership {
  @Field(() => TenantNode) tenant!: TenantNode;
  @Field(() => ID) memberId!: string;
  @Field(() => Boolean, { description: 'Whether the current session acts in this tenant.' }) current!: boolean;
}

@ObjectType({ description: 'The signed-in user. 当前用户。' })
export class Me {
  @Field(() => ID) userId!: string;
  @Field(() => String) email!: string;
  @Field(() => String) displayName!: string;
  @Field(() => Boolean) platformAdmin!: boolean;
  @Field(() => TenantNode, { nullable: true }) tenant!: TenantNode | null;
  @Field(() => MemberNode, { nullable: true }) member!: MemberNode | null;
  @Field(() => [Permission], { description: 'Effective permissions in the current tenant. 当前租户中的有效权限。' }) permissions!: Permission[];
  @Field(() => [Membership]) memberships!: Membership[];
}
