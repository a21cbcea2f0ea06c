import { describe, expect, it } from 'vitest';
import { pollingJob } from '../../src/platform/polling-job.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('pollingJob wakes', () => {
  it('a wake runs the waiting job at once; one during a pass runs the next right after it; the poll stays', async () => {
    let wake: () => void = () => undefined;
    let passes = 0;
    let release: (() => void) | null = null;
    const job = pollingJob({
      name: 'test', enabled: true, intervalMs: 60_000, firstDelayMs: 60_000, onError: () => undefined,
      wakeOn: (w) => ((wake = w), () => (wake = () => undefined)),
      pass: async () => {
        passes++;
        if (passes === 1) await new Promise<void>((r) => (release = r));
      },
    });
    job.start({} as never);
    await sleep(20);
    expect(passes).toBe(0);
    wake();
    await sleep(20);
    expect(passes).toBe(1);
    // Woken while the first pass runs: the second starts as soon as it ends, not a minute later.
    wake();
    wake();
    expect(passes).toBe(1);
    release!();
    await sleep(20);
    expect(passes).toBe(2);
    // Nothing woke it since: it waits for the poll.
    await sleep(50);
    expect(passes).toBe(2);
    await job.stop();
    // Stopped: unsubscribed, a wake does nothing.
    wake();
    await sleep(20);
    expect(passes).toBe(2);
  });

  it('without wakes it polls every intervalMs', async () => {
    let passes = 0;
    const job = pollingJob({ name: 'test', enabled: true, intervalMs: 10, onError: () => undefined, pass: async () => void passes++ });
    job.start({} as never);
    await sleep(120);
    await job.stop();
    expect(passes).toBeGreaterThanOrEqual(3);
  });
});
