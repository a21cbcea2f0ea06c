import type { SystemDeps } from '../admin/system-context.js';
import { deadlineSweeperJob } from '../modules/accountability/sweeper.job.js';

export interface BackgroundJob {
  name: string;
  start: (deps: SystemDeps) => void;
  stop: () => Promise<void>;
}

/** Jobs that run inside the API process (the deadline sweeper, the log listener). Modules add theirs. */
export const backgroundJobRegistry: ((deps: SystemDeps) => BackgroundJob)[] = [
  deadlineSweeperJob,
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
