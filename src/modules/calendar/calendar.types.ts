import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { ArrayMaxSize, ArrayUnique, IsIn, IsInt, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { UserError } from '../../platform/graphql/relay.js';
import { DayBasis, DayCountRule } from './clock-math.model.js';

registerEnumType(DayCountRule, {
  name: 'DayCountRule',
  description:
    'How day-based deadlines count from their start. The default, NEXT_DAY, follows common practice: the day of receipt (or acceptance, or reply) is not counted and day 1 is the next day. ' +
    '期限起算规则：默认 NEXT_DAY（次日起算，当日不计入）；SAME_DAY 为当日起算。',
  valuesConfig: {
    NEXT_DAY: { description: 'Day 1 is the day after the start (default). 次日起算（默认）。' },
    SAME_DAY: { description: 'The start day is day 1. 当日起算。' },
  },
});

registerEnumType(DayBasis, {
  name: 'DayBasis',
  description: 'Calendar days, or working days from the tenant\'s working calendar. 自然日或工作日。',
});

export enum CalendarDayChangeKind {
  DAY_OFF = 'DAY_OFF',
  MAKE_UP_WORKDAY = 'MAKE_UP_WORKDAY',
  REGULAR = 'REGULAR',
}
registerEnumType(CalendarDayChangeKind, {
  name: 'CalendarDayChangeKind',
  description: 'What a day becomes. 日期调整类型。',
  valuesConfig: {
    DAY_OFF: { description: 'A public holiday (not worked). 法定节假日（休息）。' },
    MAKE_UP_WORKDAY: { description: 'A weekend day that is worked (调休). 调休上班日。' },
    REGULAR: { description: 'Back to an ordinary weekday or weekend. 恢复为普通日。' },
  },
});

@ObjectType('CalendarYear', { description: 'Holidays and make-up working days of one year. 某年节假日与调休安排。' })
export class CalendarYearNode {
  @Field(() => Int) year!: number;
  @Field(() => Boolean, {
    description: 'False: the tenant has no holiday data for this year and working days are counted with weekends only; clocks say so in their explanation. 是否已录入该年节假日安排（否则仅按周末计算）。',
  })
  defined!: boolean;
  @Field(() => String, { nullable: true, description: 'Source of the dates (State Council notice or a note). 依据。' }) source!: string | null;
  @Field(() => [LocalDateResolver], { description: 'Public holidays, including weekend days inside them. 放假日期。' }) daysOff!: string[];
  @Field(() => [LocalDateResolver], { description: 'Weekend days that are worked (调休). 调休上班日期。' }) makeUpWorkdays!: string[];
  @Field(() => Boolean, { description: 'The API ships the State Council\'s data for this year (loadOfficialHolidays). 系统内置该年官方安排。' })
  officialDataAvailable!: boolean;
}

@ObjectType('WorkingCalendar', {
  description:
    'The tenant\'s working calendar and day-counting settings, used by every day-based deadline (statutory clocks, duties counted in days). 租户工作日历与期限计算设置。',
})
export class WorkingCalendarNode {
  @Field(() => String, { description: 'Days are counted in this IANA time zone (the tenant\'s). 计算时区。' }) timezone!: string;
  @Field(() => DayCountRule, { description: 'Counting rule; default NEXT_DAY (the start day is not counted). 起算规则，默认次日起算。' })
  dayCountRule!: DayCountRule;
  @Field(() => [Int], { description: 'ISO weekdays not worked: 6 = Saturday, 7 = Sunday. 周休日。' }) weekendDays!: number[];
  @Field(() => Boolean, {
    description: 'When the last day of a calendar-day period is not worked, the period ends on the next working day (民法典 art. 203). Default false. 期限末日为休息日时顺延。',
  })
  lastDayOffRollsOver!: boolean;
  @Field(() => Int, { description: 'A clock suspension still in effect after this many calendar days becomes an accountability finding. Default 30. 中止计时时限（天），超过即形成责任追究记录。' })
  suspensionLimitDays!: number;
  @Field(() => [CalendarYearNode]) years!: CalendarYearNode[];
}

@ObjectType('DeadlinePreview', { description: 'A deadline computed with the tenant\'s calendar, with its explanation. 期限试算结果。' })
export class DeadlinePreview {
  @Field(() => DayBasis) basis!: DayBasis;
  @Field(() => Int) days!: number;
  @Field(() => LocalDateResolver, { description: 'Start day in the tenant zone. 起始日。' }) startDay!: string;
  @Field(() => LocalDateResolver, { description: 'Last day of the period. 期限末日。' }) lastDay!: string;
  @Field(() => Date, { description: 'End of the last day in the tenant zone. 截止时间（末日24时）。' }) dueAt!: Date;
  @Field(() => [Int], { description: 'Years counted with weekends only (no holiday data). 缺少节假日数据、仅按周末计算的年份。' })
  fallbackYears!: number[];
  @Field(() => String) explanation!: string;
}

@InputType({ description: 'Replaces the holidays and make-up working days of a year. 设置某年节假日安排。' })
export class SetCalendarYearInput {
  @Field(() => Int) @IsInt() @Min(1900) @Max(2200) year!: number;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) source?: string | null;
  @Field(() => [LocalDateResolver]) @ArrayMaxSize(366) @ArrayUnique() daysOff!: string[];
  @Field(() => [LocalDateResolver]) @ArrayMaxSize(366) @ArrayUnique() makeUpWorkdays!: string[];
}

@InputType()
export class CalendarDayChange {
  @Field(() => LocalDateResolver) date!: string;
  @Field(() => CalendarDayChangeKind) @IsIn(Object.values(CalendarDayChangeKind)) kind!: CalendarDayChangeKind;
}

@InputType({ description: 'Edits single days of a defined year. 调整某年个别日期。' })
export class UpdateCalendarDaysInput {
  @Field(() => Int) @IsInt() @Min(1900) @Max(2200) year!: number;
  @Field(() => [CalendarDayChange]) @ArrayMaxSize(366) @ValidateNested({ each: true }) changes!: CalendarDayChange[];
}

@InputType()
export class CalendarYearRefInput {
  @Field(() => Int) @IsInt() @Min(1900) @Max(2200) year!: number;
}

@InputType({ description: 'Day-counting settings; omitted fields stay. 期限计算设置。' })
export class UpdateCalendarSettingsInput {
  @Field(() => DayCountRule, { nullable: true }) @IsOptional() @IsIn(Object.values(DayCountRule)) dayCountRule?: DayCountRule | null;
  @Field(() => [Int], { nullable: true }) @IsOptional() @ArrayMaxSize(6) @ArrayUnique() @IsInt({ each: true }) @Min(1, { each: true }) @Max(7, { each: true })
  weekendDays?: number[] | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() lastDayOffRollsOver?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Days a clock suspension may stay in effect before it becomes a finding (1–365). 中止计时时限（天）。' })
  @IsOptional() @IsInt() @Min(1) @Max(365) suspensionLimitDays?: number | null;
}

@InputType()
export class DeadlinePreviewInput {
  @Field(() => Date, { description: 'Start instant (receipt, acceptance, reply). 起算时间。' }) start!: Date;
  @Field(() => Int) @IsInt() @Min(1) @Max(3660) days!: number;
  @Field(() => DayBasis) @IsIn(Object.values(DayBasis)) basis!: DayBasis;
}

@ObjectType()
export class WorkingCalendarPayload {
  @Field(() => WorkingCalendarNode, { nullable: true }) calendar!: WorkingCalendarNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
