import type { BackgroundJob } from '../platform/hooks.js';
import type { SystemDeps } from '../platform/system-context.js';
import { deadlineSweeperJob } from '../modules/accountability/sweeper.job.js';
import { alarmMonitorJob } from '../modules/log/alarm-monitor.job.js';
import { outboxJob } from '../modules/notify/outbox.job.js';
import { exportJob } from '../modules/export/export.job.js';

/** Jobs that run inside the API process. A module adds its job here. */
export const backgroundJobRegistry: ((deps: SystemDeps) => BackgroundJob)[] = [
  deadlineSweeperJob,
  alarmMonitorJob,
  outboxJob,
  exportJob,
];

export function backgroundJobs(deps: SystemDeps) {
  const jobs = backgroundJobRegistry.map((make) => make(deps));
  return {
    start: () => jobs.forEach((j) => j.start(deps)),
    stop: async () => {
      await Promise.all(jobs.map((j) => j.stop()));
    },
  };
}
