// Inputs of linkRepeat / unlinkRepeat.
import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { IncidentActionInput } from '../incident/incident.types.js';

@InputType({ description: 'Links the incident to an earlier one as the same matter (重复信访). 关联重复信访。' })
export class LinkRepeatInput extends IncidentActionInput {
  @Field(() => ID, { description: 'The earlier incident, received before this one, which the caller may see. 原信访事项。' }) earlierIncidentId!: string;
  @Field(() => String, { nullable: true, description: 'Kept in the audit log. 说明。' }) @IsOptional() @MaxLength(2000) note?: string | null;
}

@InputType({ description: 'Takes back a repeat link. 取消重复信访关联。' })
export class UnlinkRepeatInput extends IncidentActionInput {
  @Field(() => String, { nullable: true, description: 'Kept in the audit log. 理由。' }) @IsOptional() @MaxLength(2000) reason?: string | null;
}
