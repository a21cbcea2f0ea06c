// The statutory clocks of one case: read them, start one with the tenant's
// calendar, and tell the caller when a year had to be counted without holidays.
import type { Ctx } from '../../platform/context.js';
import { requireMember } from '../../platform/authz.js';
import { tenantRef } from '../../platform/db/tenant-refs.js';
import { calendarService } from '../calendar/calendar.service.js';
import type { Incident } from '../incident/incident.entity.js';
import { warning, IncidentWarningCode, type IncidentWarning } from '../incident/incident.types.js';
import { StatutoryClock } from './clock.entity.js';
import type { ClockKind } from './petition.enums.js';
import { startClock } from './statutory-clocks.model.js';
import { localDateOf, toLocalIso } from '../../platform/zoned-time.js';

export async function clocksOf(ctx: Ctx, incidentId: string): Promise<Map<ClockKind, StatutoryClock>> {
  const rows = await ctx.em.find(StatutoryClock, { incident: { id: incidentId } });
  return new Map(rows.map((c) => [c.kind, c]));
}

/** Starts a statutory clock with the tenant's calendar (persisting it is the caller's). */
/** `days` overrides the statute's count where another organ sets it (交办's sign-in days). */
export async function openClock(ctx: Ctx, incident: Incident, kind: ClockKind, start: Date, days?: number): Promise<StatutoryClock> {
  const tenantClock = await calendarService.clock(ctx);
  const { deadline: _d, ...fields } = startClock(kind, start, tenantClock, requireMember(ctx).memberId, new Date(), days);
  return ctx.em.create(StatutoryClock, { tenant: tenantRef(ctx), incident, ...fields });
}

/** A clock whose due time another organ set (交办's closing report). */
export async function openClockDueAt(ctx: Ctx, incident: Incident, kind: ClockKind, start: Date, dueAt: Date): Promise<StatutoryClock> {
  const clock = await openClock(ctx, incident, kind, start);
  clock.dueAt = dueAt;
  clock.originalDueAt = dueAt;
  clock.explanation = `${clock.explanation.split(':')[0]}: due ${dueAt.toISOString()} as assigned`;
  return clock;
}

/** Warnings for clocks that had to count a year with weekends only. */
export function calendarWarnings(clocks: StatutoryClock[]): IncidentWarning[] {
  const years = [...new Set(clocks.flatMap((c) => c.fallbackYears))].sort();
  return years.length
    ? [warning(IncidentWarningCode.CALENDAR_FALLBACK, `No holiday calendar for ${years.join(', ')}: working days there were counted with weekends only`)]
    : [];
}

/**
 * Warnings for clocks a back-entered case starts with time already gone: the
 * law counts from receipt, so the entry cannot give the time back, but the
 * caller learns it now (PAST_DUE when the clock has already run out).
 */
export function shortClockWarnings(clocks: StatutoryClock[], receivedAt: Date, enteredAt: Date, tz: string): IncidentWarning[] {
  const received = localDateOf(receivedAt, tz);
  const entered = localDateOf(enteredAt, tz);
  if (entered <= received) return [];
  return clocks.map((c) => {
    const due = toLocalIso(c.dueAt, tz);
    if (c.dueAt <= enteredAt) {
      return warning(IncidentWarningCode.STATUTORY_CLOCK_PAST_DUE, `Received ${received}, entered ${entered}: the ${c.kind} clock (${c.days} days from receipt, ${c.article}) ran out at ${due}`);
    }
    const left = Math.ceil((c.dueAt.getTime() - enteredAt.getTime()) / 86_400_000);
    return warning(IncidentWarningCode.STATUTORY_CLOCK_SHORT, `Received ${received}, entered ${entered}: the ${c.kind} clock (${c.days} days from receipt, ${c.article}) is due ${due}, about ${left} day(s) from now`);
  });
}
