import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsIn, IsOptional, Length, Matches, MaxLength, Min, ValidateNested, IsEmail } from 'class-validator';
import { Node, UserError, Connection } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { SubscriptionTier, TenantKind, TenantStatus, type TierQuotas } from './tenant.enums.js';
import type { Tenant } from './tenant.entity.js';
import { LogHashAlgorithm } from '../../platform/audit/log-hash.js';

registerEnumType(TenantKind, { name: 'TenantKind', description: 'Kind of organisation. 机构类型。' });
registerEnumType(TenantStatus, { name: 'TenantStatus' });
registerEnumType(SubscriptionTier, { name: 'SubscriptionTier', description: 'Subscription tier with its quotas. 订阅等级。' });

@ObjectType({ description: 'Quotas of the tenant. 配额。' })
export class TenantQuotas {
  @Field(() => Int) maxUnits!: number;
  @Field(() => Int) maxMembers!: number;
  @Field(() => Int) requestsPerMinute!: number;
}

@ObjectType('Tenant', { implements: Node, description: 'An organisation using the API. 使用本系统的机构（租户）。' })
export class TenantNode extends Node {
  @Field(() => String) slug!: string;
  @Field(() => String) name!: string;
  @Field(() => TenantKind) kind!: TenantKind;
  @Field(() => String, { description: 'IANA time zone; day-based deadlines count in it. 时区。' }) timezone!: string;
  @Field(() => String) locale!: string;
  @Field(() => SubscriptionTier) tier!: SubscriptionTier;
  @Field(() => TenantQuotas) quotas!: TierQuotas;
  @Field(() => TenantStatus) status!: TenantStatus;
  @Field(() => Boolean, {
    description: 'Whether platform administrators may read this tenant\'s audit log (granted by a tenant administrator). 是否允许平台管理员查阅本租户审计日志。',
  })
  platformLogAccess!: boolean;
  @Field(() => Date) createdAt!: Date;

  rawId!: string;

  static from(t: Tenant): TenantNode {
    return Object.assign(new TenantNode(), {
      id: toGlobalId('Tenant', t.id),
      rawId: t.id,
      slug: t.slug,
      name: t.name,
      kind: t.kind,
      timezone: t.timezone,
      locale: t.locale,
      tier: t.tier,
      quotas: t.quotas(),
      status: t.status,
      platformLogAccess: t.platformLogAccess,
      createdAt: t.createdAt,
    });
  }
}

export const TenantConnection = Connection(TenantNode, 'Tenant');

@InputType({ description: 'The first tenant administrator. 首位租户管理员。' })
export class TenantAdminInput {
  @Field(() => String) @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254)
  email!: string;

  @Field(() => String) @Length(1, 100)
  displayName!: string;
}

@InputType()
export class ProvisionTenantInput {
  @Field(() => String) @Length(1, 200)
  name!: string;

  @Field(() => String, { description: 'Lower-case letters, digits and dashes. 机构标识。' })
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'slug must be 2-63 lower-case letters, digits or dashes' })
  slug!: string;

  @Field(() => TenantKind)
  @IsIn(Object.values(TenantKind))
  kind!: TenantKind;

  @Field(() => String, { nullable: true, defaultValue: 'Asia/Shanghai' }) @IsOptional() @MaxLength(64)
  timezone?: string;

  @Field(() => String, { nullable: true, defaultValue: 'zh-CN' }) @IsOptional() @MaxLength(20)
  locale?: string;

  @Field(() => SubscriptionTier, { nullable: true, defaultValue: SubscriptionTier.STANDARD }) @IsOptional()
  tier?: SubscriptionTier;

  @Field(() => String, { nullable: true, description: 'Name of the root unit; defaults to the tenant name. 根单位名称。' })
  @IsOptional() @Length(1, 200)
  rootUnitName?: string;

  @Field(() => TenantAdminInput)
  @ValidateNested()
  admin!: TenantAdminInput;

  @Field(() => LogHashAlgorithm, {
    nullable: true,
    defaultValue: LogHashAlgorithm.SHA256,
    description: 'The hash of the tenant\'s log chain, fixed for its life: SHA256 or SM3 (国密). 日志哈希链算法（开通时选定，不可更改）。',
  })
  @IsOptional() @IsIn(Object.values(LogHashAlgorithm))
  logHashAlgorithm?: LogHashAlgorithm;
}

@ObjectType()
export class ProvisionTenantPayload {
  @Field(() => TenantNode, { nullable: true }) tenant!: TenantNode | null;
  @Field(() => ID, { nullable: true, description: 'Global id of the first administrator\'s membership.' }) adminMemberId!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'One-time token for the administrator to set a password (setPassword); null when the user already had one. 一次性设置密码令牌。',
  })
  setPasswordToken!: string | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType()
export class SuspendTenantInput {
  @Field(() => ID) tenantId!: string;
  @Field(() => String) @Length(1, 1000) reason!: string;
}

@InputType()
export class ReactivateTenantInput {
  @Field(() => ID) tenantId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(1000) reason?: string;
}

@ObjectType()
export class TenantPayload {
  @Field(() => TenantNode, { nullable: true }) tenant!: TenantNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType({ description: 'Grants or revokes platform administrators\' read access to this tenant\'s audit log. 授予或撤销平台管理员查阅审计日志的权限。' })
export class SetPlatformLogAccessInput {
  @Field(() => Boolean) granted!: boolean;
  @Field(() => String, { nullable: true, description: 'Why (recorded in the log). 理由。' }) @IsOptional() @MaxLength(1000) reason?: string | null;
}

@InputType({ description: 'Settings a tenant administrator may change. 租户设置。' })
export class UpdateTenantSettingsInput {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 200) name?: string | null;
  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. Asia/Shanghai. 时区。' }) @IsOptional() @MaxLength(64) timezone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(20) locale?: string | null;
}

@InputType({ description: 'Tier and quota overrides (platform administrators). 订阅等级与配额。' })
export class SetTenantSubscriptionInput {
  @Field(() => ID) tenantId!: string;
  @Field(() => SubscriptionTier) tier!: SubscriptionTier;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1) maxUnits?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1) maxMembers?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1) requestsPerMinute?: number | null;
}
