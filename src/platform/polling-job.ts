// A background job that runs a pass, waits `intervalMs` after it ends and
// runs the next: passes never overlap, and stop waits for the one in flight.
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
}

export function pollingJob(o: PollingJobOptions): BackgroundJob {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  const tick = () => {
    timer = null;
    running = o
      .pass()
      .then(() => undefined)
      .catch(o.onError)
      .finally(() => {
        o.after?.();
        running = null;
        schedule(o.intervalMs);
      });
  };

  return {
    name: o.name,
    start: () => {
      if (!o.enabled) return;
      stopped = false;
      schedule(o.firstDelayMs ?? o.intervalMs);
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
