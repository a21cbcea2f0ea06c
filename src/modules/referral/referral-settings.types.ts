import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { UserError } from '../../platform/graphql/relay.js';

@ObjectType('ReferralSettings', { description: 'This organisation\'s terms for the matters it assigns (交办). 交办设置。' })
export class ReferralSettingsNode {
  @Field(() => Int, { description: 'Working days (of the receiver\'s calendar) to sign for an assignment; default 1. 签收时限（工作日）。' })
  signInWorkingDays!: number;

  @Field(() => Int, { description: 'Returns of a closing report after which the matter is escalated (提级督办); default 3. 退回次数上限。' })
  returnsEscalateAt!: number;
}

@InputType()
export class UpdateReferralSettingsInput {
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(10) signInWorkingDays?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(10) returnsEscalateAt?: number | null;
}

@ObjectType()
export class ReferralSettingsPayload {
  @Field(() => ReferralSettingsNode, { nullable: true }) settings!: ReferralSettingsNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
