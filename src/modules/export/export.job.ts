// The export worker as a job of the API process: a pass every
// EXPORT_POLL_INTERVAL_MS after the previous one ends, when
// EXPORT_WORKER_ENABLED. Every instance runs it; row locks share the work.
import type { SystemDeps } from '../../platform/system-context.js';
import type { BackgroundJob } from '../../platform/hooks.js';
import { pollingJob } from '../../platform/polling-job.js';
import { ExportWorker } from './export.worker.js';

export function exportJob(deps: SystemDeps): BackgroundJob {
  const worker = new ExportWorker(deps);
  return pollingJob({
    name: 'exports',
    enabled: deps.config.exports.enabled,
    intervalMs: deps.config.exports.pollIntervalMs,
    pass: () => worker.runOnce(),
    onError: (err) => deps.logger.error({ err }, 'export pass failed'),
  });
}
