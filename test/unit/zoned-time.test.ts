import { describe, expect, it } from 'vitest';
import { addDays, isLocalDate, localDateOf, localTimeOf, localToInstant, offsetMinutes, toLocalIso } from '../../src/platform/zoned-time.js';

describe('zoned time', () => {
  it('converts Asia/Shanghai wall time to UTC and back', () => {
    const at = localToInstant('2026-09-01', '20:00', 'Asia/Shanghai');
    expect(at.toISOString()).toBe('2026-09-01T12:00:00.000Z');
    expect(localDateOf(new Date('2026-09-01T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-09-02');
    expect(localTimeOf(new Date('2026-09-01T16:30:00Z'), 'Asia/Shanghai')).toBe('00:30');
    expect(toLocalIso(at, 'Asia/Shanghai')).toBe('2026-09-01T20:00:00+08:00');
    expect(offsetMinutes(at, 'Asia/Shanghai')).toBe(480);
  });

  it('handles zones with daylight saving time', () => {
    // Europe/Berlin: 2026-03-29 02:00 → 03:00 (skipped hour); 2026-10-25 03:00 → 02:00.
    expect(localToInstant('2026-03-28', '12:00', 'Europe/Berlin').toISOString()).toBe('2026-03-28T11:00:00.000Z');
    expect(localToInstant('2026-03-30', '12:00', 'Europe/Berlin').toISOString()).toBe('2026-03-30T10:00:00.000Z');
    expect(localToInstant('2026-10-26', '00:00', 'Europe/Berlin').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('validates and adds calendar days', () => {
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
