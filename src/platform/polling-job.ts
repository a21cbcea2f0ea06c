// A background job that runs a pass, waits `intervalMs` after it ends and
// runs the next: passes never overlap, and stop waits for the one in flight.
// A wake (`wakeOn`) runs the next pass at once: now if it is waiting, right
// after the current one if a pass is running.
import type { BackgroundJob } from './hooks.js';

export interface PollingJobOptions {
  name: string;
  enabled: boolean;
  intervalMs: number;
  /** Before the first pass (default: intervalMs). */
  firstDelayMs?: number;
  pass: () => Promise<unknown>;
  onError: (err: unknown) => void;
  /** After every pass, whatever its outcome. */
  after?: () => void;
  /** Subscribes to what wakes the job early (the poll stays, as the fallback); returns the unsubscribe. */
  wakeOn?: (wake: () => void) => () => void;
}

export function pollingJob(o: PollingJobOptions): BackgroundJob {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;
  let woken = false;
  let unsubscribe: (() => void) | null = null;

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  const tick = () => {
    timer = null;
    woken = false;
    running = o
      .pass()
      .then(() => undefined)
      .catch(o.onError)
      .finally(() => {
        o.after?.();
        running = null;
        schedule(woken ? 0 : o.intervalMs);
      });
  };
  const wake = () => {
    if (stopped) return;
    if (running) woken = true;
    else if (timer) {
      clearTimeout(timer);
      schedule(0);
    }
  };

  return {
    name: o.name,
    start: () => {
      if (!o.enabled) return;
      stopped = false;
      unsubscribe = o.wakeOn?.(wake) ?? null;
      schedule(o.firstDelayMs ?? o.intervalMs);
    },
    stop: async () => {
      stopped = true;
      unsubscribe?.();
      unsubscribe = null;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
