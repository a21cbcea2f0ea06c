// The deadline sweeper as a job of the API process: every SWEEPER_INTERVAL_MS
// (after the previous run ends), when SWEEPER_ENABLED. Every instance runs the
// job; the advisory lock lets one of them sweep at a time.
import type { SystemDeps } from '../../platform/system-context.js';
import type { BackgroundJob } from '../../platform/hooks.js';
import { pollingJob } from '../../platform/polling-job.js';
import { runDeadlineSweep } from './sweeper.js';

export function deadlineSweeperJob(deps: SystemDeps): BackgroundJob {
  return pollingJob({
    name: 'deadline-sweeper',
    enabled: deps.config.sweeper.enabled,
    intervalMs: deps.config.sweeper.intervalMs,
    // A short delay: the server finishes starting before the first sweep.
    firstDelayMs: Math.min(1000, deps.config.sweeper.intervalMs),
    pass: async () => {
      const r = await runDeadlineSweep(deps);
      deps.services.telemetry.sweepFinished({
        outcome: r.ran ? 'swept' : 'skipped',
        findings: r.findings, occurrences: r.occurrences, escalations: r.escalations, clocksMissed: r.clocksMissed, dueSoon: r.dueSoon,
        tenantFailures: r.failures.length,
      });
      const did = r.findings + r.occurrences + r.escalations + r.dueSoon;
      if (r.failures.length) deps.logger.warn({ failures: r.failures }, 'deadline sweep: some tenants failed');
      if (did) deps.logger.info({ findings: r.findings, occurrences: r.occurrences, escalations: r.escalations, clocksMissed: r.clocksMissed, dueSoon: r.dueSoon, tenants: r.tenants }, 'deadline sweep');
    },
    onError: (err) => {
      deps.services.telemetry.sweepFinished({ outcome: 'failed', findings: 0, occurrences: 0, escalations: 0, clocksMissed: 0, dueSoon: 0, tenantFailures: 0 });
      deps.logger.error({ err }, 'deadline sweep failed');
    },
    // Ran (or found another instance sweeping): alive either way; the alarm monitor watches this.
    after: () => deps.services.alarms.beat('sweeper'),
  });
}
