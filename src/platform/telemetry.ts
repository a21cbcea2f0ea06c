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

/** One pass of the outbox's delivery worker (notify). */
export interface OutboxTelemetry {
  /** Deliveries and notifications derived from the log. */
  derived: number;
  /** Webhook attempts made, and how many a receiver accepted. */
  attempted: number;
  delivered: number;
  /** People told (a channel accepted). */
  notified: number;
  /** Commit-to-claim age, in seconds, of the oldest delivery claimed in the pass; null when none was. */
  oldestClaimedAgeSeconds: number | null;
}

export interface Telemetry {
  sweepFinished(report: SweepTelemetry): void;
  outboxPass(report: OutboxTelemetry): void;
}
