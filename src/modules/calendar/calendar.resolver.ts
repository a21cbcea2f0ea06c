import { Arg, Ctx as GqlCtx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import type { Outcome } from '../../platform/audit/mutation.js';
import { userErrorsOf } from '../../platform/graphql/relay.js';
import { calendarService } from './calendar.service.js';
import {
  CalendarYearRefInput,
  DeadlinePreview,
  DeadlinePreviewInput,
  SetCalendarYearInput,
  UpdateCalendarDaysInput,
  UpdateCalendarSettingsInput,
  WorkingCalendarNode,
  WorkingCalendarPayload,
} from './calendar.types.js';

async function payload(ctx: Ctx, outcome: Outcome<number | null>): Promise<WorkingCalendarPayload> {
  const out = new WorkingCalendarPayload();
  if (!outcome.ok) return Object.assign(out, { calendar: null, userErrors: userErrorsOf(outcome.errors) });
  const years = typeof outcome.value === 'number' ? [outcome.value] : [];
  return Object.assign(out, { calendar: await calendarService.view(ctx, null, null, years), userErrors: [] });
}

@Resolver()
export class CalendarResolver {
  @Query(() => WorkingCalendarNode, {
    description: 'The working calendar (default: last, current and next year) and how days are counted. 工作日历（默认上一年至下一年）。',
  })
  @Allow.member()
  workingCalendar(
    @GqlCtx() ctx: Ctx,
    @Arg('fromYear', () => Int, { nullable: true }) fromYear: number | null,
    @Arg('toYear', () => Int, { nullable: true }) toYear: number | null,
  ): Promise<WorkingCalendarNode> {
    return calendarService.view(ctx, fromYear, toYear);
  }

  @Query(() => DeadlinePreview, {
    description:
      'Computes a deadline with the tenant\'s calendar and counting rule (default NEXT_DAY: the start day is not counted), due at the end of the last day in the tenant zone. 期限试算。',
  })
  @Allow.member()
  deadlinePreview(@GqlCtx() ctx: Ctx, @Arg('input', () => DeadlinePreviewInput) input: DeadlinePreviewInput): Promise<DeadlinePreview> {
    return calendarService.preview(ctx, input);
  }

  @Mutation(() => WorkingCalendarPayload, { description: 'Sets a year\'s holidays and make-up working days (replaces them). 设置某年节假日安排。' })
  @Allow.member(Permission.CALENDAR_MANAGE)
  async setCalendarYear(@GqlCtx() ctx: Ctx, @Arg('input', () => SetCalendarYearInput) input: SetCalendarYearInput): Promise<WorkingCalendarPayload> {
    return payload(ctx, await calendarService.setYear(ctx, input));
  }

  @Mutation(() => WorkingCalendarPayload, { description: 'Loads the State Council\'s arrangement the API ships for a year (replaces the tenant\'s). 载入官方节假日安排。' })
  @Allow.member(Permission.CALENDAR_MANAGE)
  async loadOfficialHolidays(@GqlCtx() ctx: Ctx, @Arg('input', () => CalendarYearRefInput) input: CalendarYearRefInput): Promise<WorkingCalendarPayload> {
    return payload(ctx, await calendarService.loadOfficial(ctx, input));
  }

  @Mutation(() => WorkingCalendarPayload, { description: 'Changes single days of a defined year. 调整个别日期。' })
  @Allow.member(Permission.CALENDAR_MANAGE)
  async updateCalendarDays(@GqlCtx() ctx: Ctx, @Arg('input', () => UpdateCalendarDaysInput) input: UpdateCalendarDaysInput): Promise<WorkingCalendarPayload> {
    return payload(ctx, await calendarService.updateDays(ctx, input));
  }

  @Mutation(() => WorkingCalendarPayload, { description: 'Removes a year\'s holiday data: it is counted with weekends only again. 删除某年节假日安排。' })
  @Allow.member(Permission.CALENDAR_MANAGE)
  async removeCalendarYear(@GqlCtx() ctx: Ctx, @Arg('input', () => CalendarYearRefInput) input: CalendarYearRefInput): Promise<WorkingCalendarPayload> {
    return payload(ctx, await calendarService.removeYear(ctx, input));
  }

  @Mutation(() => WorkingCalendarPayload, {
    description: 'Changes how days are counted: rule (default NEXT_DAY), weekend days, roll-over of a last day off. 修改期限计算设置。',
  })
  @Allow.member(Permission.CALENDAR_MANAGE)
  async updateCalendarSettings(@GqlCtx() ctx: Ctx, @Arg('input', () => UpdateCalendarSettingsInput) input: UpdateCalendarSettingsInput): Promise<WorkingCalendarPayload> {
    return payload(ctx, await calendarService.updateSettings(ctx, input));
  }
}
