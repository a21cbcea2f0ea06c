// Prometheus metrics (prom-client), one registry per API instance. Cardinality: labels carry
// operation names (at most METRICS_MAX_OPERATION_NAMES distinct, then "other"), outcomes and
// kinds from fixed sets, and a tenant's id only with METRICS_TENANT_LABELS — never a tenant's data.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../platform/config/config.js';
import type { OutboxTelemetry, SweepTelemetry, Telemetry } from '../platform/telemetry.js';
import type { RealtimeHandle } from './websocket.js';
import { AlarmKind, type Alarms } from '../platform/alarms.js';

declare module '../platform/context.js' {
  interface Services {
    metrics: Metrics;
  }
}

export type RequestOutcome = 'ok' | 'client_error' | 'server_error' | 'unavailable';

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

interface KnexPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

export class Metrics implements Telemetry {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly requests: Counter<'operation' | 'outcome' | 'tenant'>;
  private readonly duration: Histogram<'operation' | 'outcome'>;
  private readonly sqlPerRequest: Histogram<'operation'>;
  private readonly sweeps: Counter<'outcome'>;
  private readonly sweepFindings: Counter<'kind'>;
  private readonly sweepTenantFailures: Counter;
  private readonly alarms: Counter<'kind'>;
  private readonly outboxCounts: Counter<'kind'>;
  private readonly outboxLag: Gauge;
  private readonly orms = new Set<MikroORM>();
  private readonly realtimes = new Set<RealtimeHandle>();

  constructor(private readonly config: Config['metrics']) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'xinfang_graphql_requests_total',
      help: 'GraphQL HTTP requests by operation name and outcome (tenant: its id, only with METRICS_TENANT_LABELS)',
      labelNames: config.tenantLabels ? ['operation', 'outcome', 'tenant'] : ['operation', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'xinfang_graphql_request_duration_seconds',
      help: 'GraphQL HTTP request latency by operation name and outcome',
      labelNames: ['operation', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.sqlPerRequest = new Histogram({
      name: 'xinfang_graphql_sql_statements',
      help: 'SQL statements one GraphQL request ran',
      labelNames: ['operation'],
      buckets: [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 100],
      registers,
    });
    this.sweeps = new Counter({ name: 'xinfang_sweeper_runs_total', help: 'Deadline sweeper runs by outcome (skipped: another instance held the lock)', labelNames: ['outcome'], registers });
    this.sweepFindings = new Counter({ name: 'xinfang_sweeper_records_total', help: 'What the deadline sweeper recorded, by kind', labelNames: ['kind'], registers });
    this.sweepTenantFailures = new Counter({ name: 'xinfang_sweeper_tenant_failures_total', help: 'Tenant sweeps that failed', registers });
    this.alarms = new Counter({ name: 'xinfang_alarms_total', help: 'Alarms raised: auditing stopped or found broken (src/platform/alarms.ts)', labelNames: ['kind'], registers });
    for (const kind of Object.values(AlarmKind)) this.alarms.inc({ kind }, 0);
    this.outboxCounts = new Counter({ name: 'xinfang_outbox_total', help: 'The outbox worker of this process: derived (deliveries and notifications from the log), attempted and delivered webhooks, people notified', labelNames: ['kind'], registers });
    this.outboxLag = new Gauge({ name: 'xinfang_outbox_lag_seconds', help: 'Commit-to-claim age of the oldest delivery this process claimed in its last pass that claimed any', registers });
    const orms = this.orms;
    const realtimes = this.realtimes;
    new Gauge({
      name: 'xinfang_db_pool_connections',
      help: 'Database pool connections of this process by state (used, free, waiting: acquisitions queued)',
      labelNames: ['state'],
      registers,
      collect() {
        let used = 0, free = 0, waiting = 0;
        for (const orm of orms) {
          const pool = (orm.em.getConnection().getKnex().client as { pool?: KnexPool }).pool;
          if (!pool) continue;
          used += pool.numUsed();
          free += pool.numFree();
          waiting += pool.numPendingAcquires();
        }
        this.set({ state: 'used' }, used);
        this.set({ state: 'free' }, free);
        this.set({ state: 'waiting' }, waiting);
      },
    });
    new Gauge({
      name: 'xinfang_websocket_connections', help: 'Open graphql-ws sockets on this process', registers,
      collect() { let n = 0; for (const r of realtimes) n += r.registry.size; this.set(n); },
    });
    new Gauge({
      name: 'xinfang_websocket_subscriptions', help: 'Live incidentEvents subscriptions on this process', registers,
      collect() { let n = 0; for (const r of realtimes) n += r.hub.snapshot().subscribers; this.set(n); },
    });
    const delivered = new Map<RealtimeHandle, number>();
    new Counter({
      name: 'xinfang_realtime_events_delivered_total', help: 'Events fanned out to subscribers by this process', registers,
      collect() {
        for (const r of realtimes) {
          const now = r.hub.stats.delivered;
          const before = delivered.get(r) ?? 0;
          if (now > before) this.inc(now - before);
          delivered.set(r, now);
        }
      },
    });
    new Gauge({
      name: 'xinfang_realtime_listener_connected', help: '1 while the LISTEN connection for log notifications is up', registers,
      collect() { let up = 1; for (const r of realtimes) if (!r.hub.snapshot().listenerConnected) up = 0; this.set(realtimes.size ? up : 0); },
    });
  }

  /** What the gauges read at scrape time: this instance's pool and realtime core. */
  watch(parts: { orm?: MikroORM; realtime?: RealtimeHandle; alarms?: Alarms }): void {
    if (parts.orm) this.orms.add(parts.orm);
    parts.alarms?.on('alarm', (a) => this.alarms.inc({ kind: a.kind }));
    if (parts.realtime) this.realtimes.add(parts.realtime);
  }

  /** A bounded label: a well-formed name among the first `maxOperationNames` seen, else "other". */
  operationLabel(name: unknown): string {
    if (typeof name !== 'string' || name === '') return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= this.config.maxOperationNames) return 'other';
    this.operationNames.add(name);
    return name;
  }

  observeRequest(r: { operationName: unknown; status: number; seconds: number; sqlStatements: number; tenantId: string | null }): void {
    const operation = this.operationLabel(r.operationName);
    const outcome: RequestOutcome = r.status === 503 ? 'unavailable' : r.status >= 500 ? 'server_error' : r.status >= 400 ? 'client_error' : 'ok';
    this.requests.inc(this.config.tenantLabels ? { operation, outcome, tenant: r.tenantId ?? 'none' } : { operation, outcome });
    this.duration.observe({ operation, outcome }, r.seconds);
    this.sqlPerRequest.observe({ operation }, r.sqlStatements);
  }

  sweepFinished(report: SweepTelemetry): void {
    this.sweeps.inc({ outcome: report.outcome });
    const kinds = { findings: report.findings, occurrences: report.occurrences, escalations: report.escalations, clocks_missed: report.clocksMissed, due_soon: report.dueSoon };
    for (const [kind, n] of Object.entries(kinds)) if (n > 0) this.sweepFindings.inc({ kind }, n);
    if (report.tenantFailures) this.sweepTenantFailures.inc(report.tenantFailures);
  }

  outboxPass(report: OutboxTelemetry): void {
    const kinds = { derived: report.derived, attempted: report.attempted, delivered: report.delivered, notified: report.notified };
    for (const [kind, n] of Object.entries(kinds)) if (n > 0) this.outboxCounts.inc({ kind }, n);
    if (report.oldestClaimedAgeSeconds !== null) this.outboxLag.set(report.oldestClaimedAgeSeconds);
  }
}
