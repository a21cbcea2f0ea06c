import { Field, ID, InputType, Int } from 'type-graphql';
import { IsInt, IsOptional, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { FollowUpOutcome, Rating, RatingStage } from './satisfaction.enums.js';

@InputType({ description: 'The petitioner rates an answer with the receipt number and access code. 信访人评价答复。' })
export class RateReplyInput {
  @Field(() => String) @MaxLength(100) receiptNumber!: string;
  @Field(() => String) @MaxLength(100) accessCode!: string;
  @Field(() => RatingStage) stage!: RatingStage;
  @Field(() => Rating) rating!: Rating;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) comment?: string | null;
}

@InputType({ description: 'A rating given on the phone, taken by the officer who calls. 电话回访代录评价。' })
export class PhoneRatingInput {
  @Field(() => RatingStage) stage!: RatingStage;
  @Field(() => Rating) rating!: Rating;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) comment?: string | null;
}

@InputType({ description: 'A follow-up call (回访), with the rating the petitioner gave on it if any. 回访记录。' })
export class RecordFollowUpCallInput {
  @Field(() => ID) incidentId!: string;
  @Field(() => Date, { nullable: true, description: 'When the call was made (default now). 回访时间。' }) calledAt?: Date | null;
  @Field(() => String, { description: 'What was said. 回访内容。' }) @MinLength(1) @MaxLength(4000) summary!: string;
  @Field(() => FollowUpOutcome) outcome!: FollowUpOutcome;
  @Field(() => PhoneRatingInput, { nullable: true }) @IsOptional() @ValidateNested() rating?: PhoneRatingInput | null;
}

@InputType()
export class UpdateSatisfactionSettingsInput {
  @Field(() => Int, { nullable: true, description: 'Days after an answer within which it may be rated (default 30). 评价期限（天）。' })
  @IsOptional() @IsInt() @Min(1) @Max(365) ratingWindowDays?: number | null;
  @Field(() => Int, { nullable: true, description: 'Days the case owner has to follow up a DISSATISFIED rating (default 5). 不满意回访期限（天）。' })
  @IsOptional() @IsInt() @Min(1) @Max(60) followUpDays?: number | null;
}
