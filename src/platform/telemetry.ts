// What modules report for the metrics endpoint, without knowing how it is exported
// (src/server/metrics.ts implements it with prom-client).
export interface SweepTelemetry {
  /** swept: this instance held the lock and swept; skipped: another sweeper held it; failed: it threw. */
  outcome: 'swept' | 'skipped' | 'failed';
  findings: number;
  occurrences: number;
  escalations: number;
  clocksMissed: number;
  dueSoon: number;
  /** Tenants whose sweep failed this run. */
  tenantFailures: number;
}

export interface Telemetry {
  sweepFinished(report: SweepTelemetry): void;
}
