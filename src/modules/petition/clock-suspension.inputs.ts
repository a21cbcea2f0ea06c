// Inputs and payloads of clock suspension (中止计时).
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { IsIn, IsOptional, Length, MaxLength } from 'class-validator';
import { UserError } from '../../platform/graphql/relay.js';
import { IncidentNode } from '../incident/incident.types.js';
import { SuspensionReason, SuspensionState } from './petition.enums.js';
import { ClockNode } from './petition.types.js';
import { ClockSuspensionNode } from './clock-suspension.types.js';

registerEnumType(SuspensionReason, {
  name: 'SuspensionReason',
  description: 'SUPPLEMENTARY_MATERIAL 补充材料, HEARING 听证, APPRAISAL 鉴定（检验、评估）, OTHER_LAWFUL 其他法定事由（在 basis 中写明）.',
});
registerEnumType(SuspensionState, {
  name: 'SuspensionState',
  description: 'PENDING 待批准, ACTIVE 中止中（已批准）, REJECTED 不予批准, RESUMED 已恢复计时, LAPSED 未生效（计时已因答复等结束）.',
});

@InputType({ description: 'Asks to suspend a statutory clock of the institution; it takes effect when a leader-rank member other than the requester approves it. 申请中止计时。' })
export class SuspendClockInput {
  @Field(() => ID) clockId!: string;
  @Field(() => SuspensionReason) @IsIn(Object.values(SuspensionReason)) reason!: SuspensionReason;
  @Field(() => String, { description: 'The lawful basis and circumstances, told to the petitioner. 依据和情形。' }) @Length(1, 2000) basis!: string;
  @Field(() => Date, { nullable: true, description: 'When the wait began (default now): not in the future, inside the clock\'s period. 中止起始时间。' })
  @IsOptional() from?: Date | null;
}

@InputType({ description: 'Approves the clock\'s pending suspension: the caller is a leader-rank member covering the case and not its requester. 批准中止计时。' })
export class ApproveClockSuspensionInput {
  @Field(() => ID) clockId!: string;
  @Field(() => String, { nullable: true, description: 'Kept in the audit log. 批示。' }) @IsOptional() @MaxLength(2000) note?: string | null;
}

@InputType({ description: 'Rejects the clock\'s pending suspension with a reason; the clock keeps running. 不予批准中止计时。' })
export class RejectClockSuspensionInput {
  @Field(() => ID) clockId!: string;
  @Field(() => String) @Length(1, 2000) reason!: string;
}

@InputType({ description: 'Ends the clock\'s suspension: the due time moves by the working days it covered. 恢复计时。' })
export class ResumeClockInput {
  @Field(() => ID) clockId!: string;
  @Field(() => Date, { nullable: true, description: 'When the wait ended (default now): not in the future, not before it began. 恢复计时时间。' })
  @IsOptional() resumedAt?: Date | null;
}

@ObjectType()
export class ClockSuspensionPayload {
  @Field(() => ClockSuspensionNode, { nullable: true }) suspension!: ClockSuspensionNode | null;
  @Field(() => ClockNode, { nullable: true }) clock!: ClockNode | null;
  @Field(() => IncidentNode, { nullable: true }) incident!: IncidentNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
