// When reports fall due under an alert period's reporting rule: day-based
// cadences at the rule's local time of day in the tenant's time zone (a
// weekly report on the same weekday at 17:00), shorter ones every so often
// from the phase's start.
import { addDays, localDateOf, localToInstant } from '../../platform/zoned-time.js';
import type { ReportingRule } from './alert-period.entity.js';

const MAX_DUE_TIMES = 1000;

function stepMinutes(every: { amount: number; unit: string }): number {
  return every.amount * (every.unit === 'DAYS' ? 1440 : every.unit === 'HOURS' ? 60 : 1);
}

/** Due times of reports in [from, to), within the period [startsAt, endsAt], in order. */
export function reportDueTimes(rule: ReportingRule, period: { startsAt: Date; endsAt: Date }, tz: string, from: Date, to: Date): Date[] {
  const out: Date[] = [];
  const lo = Math.max(from.getTime(), period.startsAt.getTime());
  const hi = Math.min(to.getTime(), period.endsAt.getTime() + 1);
  const phases = [...rule.phases].sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
  phases.forEach((phase, i) => {
    const start = Math.max(Date.parse(phase.from), period.startsAt.getTime());
    const end = Math.min(i + 1 < phases.length ? Date.parse(phases[i + 1]!.from) : Infinity, period.endsAt.getTime() + 1);
    if (phase.every.unit === 'DAYS') {
      // The first due time is the rule's local time on the phase's first day, or the day after when that has passed.
      let day = localDateOf(new Date(start), tz);
      let due = localToInstant(day, rule.dueLocalTime, tz);
      if (due.getTime() < start) {
        day = addDays(day, 1);
        due = localToInstant(day, rule.dueLocalTime, tz);
      }
      while (due.getTime() < end && due.getTime() < hi && out.length < MAX_DUE_TIMES) {
        if (due.getTime() >= lo) out.push(due);
        day = addDays(day, phase.every.amount);
        due = localToInstant(day, rule.dueLocalTime, tz);
      }
    } else {
      const step = stepMinutes(phase.every) * 60_000;
      for (let t = start + step; t < end && t < hi && out.length < MAX_DUE_TIMES; t += step) if (t >= lo) out.push(new Date(t));
    }
  });
  return out;
}

/** The interval of the phase in force at `due` (the rule's first phase before any starts), in ms. */
export function intervalAt(rule: ReportingRule, due: Date): number {
  const phases = [...rule.phases].sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
  const phase = phases.filter((p) => Date.parse(p.from) <= due.getTime()).pop() ?? phases[0];
  return phase ? stepMinutes(phase.every) * 60_000 : 0;
}

/**
 * Whether a unit owes the report due at `due`: nothing is owed sooner than one
 * interval after the unit could know of it, i.e. after the period was declared
 * (a past start does not make earlier reports owed) and after the unit was created.
 */
export function owesAt(rule: ReportingRule, due: Date, declaredAt: Date, unitCreatedAt: Date): boolean {
  const known = Math.max(declaredAt.getTime(), unitCreatedAt.getTime());
  return known + intervalAt(rule, due) <= due.getTime();
}
