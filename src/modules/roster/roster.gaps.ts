// Gaps and overlaps of a unit's roster inside a window: pure interval arithmetic.

export interface Interval {
  start: Date;
  end: Date;
}

/** Stretches of [window.start, window.end) that no shift covers, in order. */
export function gapsIn(window: Interval, shifts: Interval[]): Interval[] {
  const sorted = shifts
    .filter((s) => s.end > window.start && s.start < window.end)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  const gaps: Interval[] = [];
  let cursor = window.start.getTime();
  for (const s of sorted) {
    if (s.start.getTime() > cursor) gaps.push({ start: new Date(cursor), end: new Date(Math.min(s.start.getTime(), window.end.getTime())) });
    cursor = Math.max(cursor, s.end.getTime());
    if (cursor >= window.end.getTime()) break;
  }
  if (cursor < window.end.getTime()) gaps.push({ start: new Date(cursor), end: window.end });
  return gaps;
}

/** Stretches inside the window where two or more shifts overlap, merged. */
export function overlapsIn(window: Interval, shifts: Interval[]): Interval[] {
  const points: { t: number; d: number }[] = [];
  for (const s of shifts) {
    const start = Math.max(s.start.getTime(), window.start.getTime());
    const end = Math.min(s.end.getTime(), window.end.getTime());
    if (end > start) points.push({ t: start, d: 1 }, { t: end, d: -1 });
  }
  // Ends before starts at the same instant: back-to-back shifts do not overlap.
  points.sort((a, b) => a.t - b.t || a.d - b.d);
  const out: Interval[] = [];
  let depth = 0;
  let openedAt = 0;
  for (const p of points) {
    const before = depth;
    depth += p.d;
    if (before < 2 && depth >= 2) openedAt = p.t;
    if (before >= 2 && depth < 2 && p.t > openedAt) {
      const last = out[out.length - 1];
      if (last && last.end.getTime() === openedAt) last.end = new Date(p.t);
      else out.push({ start: new Date(openedAt), end: new Date(p.t) });
    }
  }
  return out;
}
