// The export worker as a job of the API process: a pass every
// EXPORT_POLL_INTERVAL_MS after the previous one ends, when
// EXPORT_WORKER_ENABLED. Every instance runs it; row locks share the work.
import type { SystemDeps } from '../../platform/system-context.js';
import type { BackgroundJob } from '../../platform/hooks.js';
import { ExportWorker } from './export.worker.js';

export function exportJob(deps: SystemDeps): BackgroundJob {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;
  const worker = new ExportWorker(deps);

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(tick, deps.config.exports.pollIntervalMs);
    timer.unref();
  };
  const tick = () => {
    timer = null;
    running = worker
      .runOnce()
      .then(() => undefined)
      .catch((err) => deps.logger.error({ err }, 'export pass failed'))
      .finally(() => {
        running = null;
        schedule();
      });
  };

  return {
    name: 'exports',
    start: () => {
      if (!deps.config.exports.enabled) return;
      stopped = false;
      schedule();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
