// When a failed delivery is tried again: the Standard Webhooks schedule
// (immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: about 27.5
// hours in all), each wait spread by ±20 % jitter so endpoints that failed
// together do not all come back at once. After the last attempt fails the
// delivery is FAILED and its endpoint disabled.
export const RETRY_DELAYS_MS: readonly number[] = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const JITTER = 0.2;

/** Delay after failed attempt number `attempt` (1-based), or null when it was the last. `random` in [0, 1). */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number | null {
  const base = RETRY_DELAYS_MS[attempt - 1];
  if (base === undefined) return null;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}
