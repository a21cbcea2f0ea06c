// The deadline sweeper as a job of the API process: every SWEEPER_INTERVAL_MS
// (after the previous run ends), when SWEEPER_ENABLED. Every instance runs the
// job; the advisory lock lets one of them sweep at a time.
import type { SystemDeps } from '../../platform/system-context.js';
import type { BackgroundJob } from '../../platform/hooks.js';
import { runDeadlineSweep } from './sweeper.js';

export function deadlineSweeperJob(deps: SystemDeps): BackgroundJob {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const tick = () => {
    timer = null;
    running = runDeadlineSweep(deps)
      .then((r) => {
        deps.services.telemetry.sweepFinished({
          outcome: r.ran ? 'swept' : 'skipped',
          findings: r.findings, occurrences: r.occurrences, escalations: r.escalations, clocksMissed: r.clocksMissed, dueSoon: r.dueSoon,
          tenantFailures: r.failures.length,
        });
        const did = r.findings + r.occurrences + r.escalations + r.dueSoon;
        if (r.failures.length) deps.logger.warn({ failures: r.failures }, 'deadline sweep: some tenants failed');
        if (did) deps.logger.info({ findings: r.findings, occurrences: r.occurrences, escalations: r.escalations, clocksMissed: r.clocksMissed, dueSoon: r.dueSoon, tenants: r.tenants }, 'deadline sweep');
      })
      .catch((err) => {
        deps.services.telemetry.sweepFinished({ outcome: 'failed', findings: 0, occurrences: 0, escalations: 0, clocksMissed: 0, dueSoon: 0, tenantFailures: 0 });
        deps.logger.error({ err }, 'deadline sweep failed');
      })
      .finally(() => {
        // Ran (or found another instance sweeping): alive either way; the alarm monitor watches this.
        deps.services.alarms.beat('sweeper');
        running = null;
        schedule(deps.config.sweeper.intervalMs);
      });
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  };

  return {
    name: 'deadline-sweeper',
    start: () => {
      if (!deps.config.sweeper.enabled) return;
      stopped = false;
      // A short delay: the server finishes starting before the first sweep.
      schedule(Math.min(1000, deps.config.sweeper.intervalMs));
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
