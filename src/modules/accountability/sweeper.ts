// The deadline sweeper: finds what fell due and was not done — one-off tasks,
// occurrences of recurring duties, reports due under alert periods, statutory
// clocks — records findings and escalations, and warns of clocks due soon.
//
// One instance at a time across processes: a session advisory lock held on a
// dedicated connection for the whole sweep (a second sweeper skips). One
// statement (the agenda, sweep-agenda.ts) names the tenants with something
// due and the steps due in each; only those are visited. Each
// tenant is swept in its own transactions with its tenant scope set (RLS),
// in batches; every write goes through the mutation runner as the SYSTEM
// actor, so it is logged in the same transaction. Unique keys on occurrences
// and findings make running twice a no-op, and `now` is a parameter: after
// downtime it computes everything that fell due since, not only the latest.
import type { Knex } from '@mikro-orm/postgresql';
import type { SystemDeps } from '../../platform/system-context.js';
import { withSystemContext } from '../../platform/system-context.js';
import { setTenantScope } from '../../platform/db/tenant-scope.js';
import { emptyCounts, SweepBatch, type SweepCounts, type SweepTenant } from './sweep.context.js';
import { sweepRecurring } from './sweep.recurring.js';
import { sweepAlertPeriods } from './sweep.alert-periods.js';
import { sweepTasks } from './sweep.tasks.js';
import { sweepClocksDueSoon, sweepMissedClocks } from './sweep.clocks.js';
import { sweepLongSuspensions } from './sweep.suspensions.js';
import { sweepDelayedEscalations } from './sweep.escalations.js';
import { sweepConcerns } from './sweep.concerns.js';
import { sweepSupervisionEscalations } from './sweep.supervision.js';
import { DUE_PROBES } from './sweep-due.sql.js';
import { sweepAgenda } from './sweep-agenda.js';

const LOCK_KEY = 'xinfang.deadline-sweeper';
const DEFAULT_BATCH = 200;
/**
 * A tenant's work per sweep is bounded: after this many batches the rest
 * waits for the next sweep, so one tenant's backlog delays the others' by at
 * most this much.
 */
export const MAX_BATCHES_PER_TENANT = 5;

export interface SweepOptions {
  /** The sweep's "now" (tests simulate time with it). */
  now?: Date;
  /** Only these tenants (default: every active tenant). */
  tenantIds?: string[];
  batchSize?: number;
  /** CLOCK_DUE_SOON warns this long before a clock's due time (default from config). */
  dueSoonMs?: number;
  /** Batches per tenant per sweep (default MAX_BATCHES_PER_TENANT). */
  maxBatchesPerTenant?: number;
  /** Called while the lock is held, before any work (tests hold a sweep open with it). */
  onLocked?: () => Promise<void>;
}

export interface SweepResult extends SweepCounts {
  /** False when another sweeper held the lock: this one did nothing. */
  ran: boolean;
  now: Date;
  /** Tenants visited: those the agenda named. */
  tenants: number;
  /** Tenants whose work ran past the per-sweep bound: the rest is done by the next sweep. */
  deferred: string[];
  failures: { tenantId: string; error: string }[];
}

/** Runs `work` holding the sweeper's session advisory lock on a connection of its own; null when another holds it. */
async function withSweepLock<T>(deps: SystemDeps, work: () => Promise<T>): Promise<{ value: T } | null> {
  const knex = deps.orm.em.getConnection().getKnex() as Knex;
  const client = knex.client as { acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<void> };
  const conn = await client.acquireConnection();
  try {
    const res = (await knex.raw('select pg_try_advisory_lock(hashtext(?)) as ok', [LOCK_KEY]).connection(conn as never)) as { rows: { ok: boolean }[] };
    if (!res.rows[0]?.ok) return null;
    try {
      return { value: await work() };
    } finally {
      await knex.raw('select pg_advisory_unlock(hashtext(?))', [LOCK_KEY]).connection(conn as never);
    }
  } finally {
    await client.releaseConnection(conn);
  }
}

// Occurrences before tasks, clocks and escalations: each step reads what the previous wrote.
export const SWEEP_STEPS: readonly { name: string; run: (batch: SweepBatch) => Promise<boolean> }[] = [
  { name: 'recurring', run: sweepRecurring },
  { name: 'alert-periods', run: sweepAlertPeriods },
  { name: 'tasks', run: sweepTasks },
  { name: 'missed-clocks', run: sweepMissedClocks },
  { name: 'clocks-due-soon', run: sweepClocksDueSoon },
  { name: 'long-suspensions', run: sweepLongSuspensions },
  { name: 'concerns', run: sweepConcerns },
  { name: 'delayed-escalations', run: sweepDelayedEscalations },
  { name: 'supervision-escalations', run: sweepSupervisionEscalations },
];

// The agenda's conditions are the steps' own, one per step, in the same order.
if (DUE_PROBES.map((p) => p.step).join() !== SWEEP_STEPS.map((s) => s.name).join()) throw new Error('sweep: DUE_PROBES and SWEEP_STEPS disagree');

/** The steps to run for what the agenda found: findings recorded now may be escalated at once (after downtime). */
function stepsFor(due: readonly string[]): (typeof SWEEP_STEPS)[number][] {
  const names = new Set(due);
  if ([...names].some((n) => n !== 'clocks-due-soon' && n !== 'supervision-escalations')) names.add('delayed-escalations');
  return SWEEP_STEPS.filter((s) => names.has(s.name));
}

/** One step over one tenant, once (the SQL snapshot test records each step's statements). */
export function sweepStep(
  deps: SystemDeps,
  tenant: SweepTenant,
  step: (typeof SWEEP_STEPS)[number],
  now: Date,
  options: { limit?: number; dueSoonMs?: number } = {},
): Promise<boolean> {
  const counts = emptyCounts();
  return withSystemContext(deps, null, async (ctx) => {
    await setTenantScope(ctx.em, tenant.id, null);
    return step.run(new SweepBatch(deps, ctx, tenant, now, options.limit ?? DEFAULT_BATCH, options.dueSoonMs ?? deps.config.sweeper.dueSoonHours * 3_600_000, counts));
  });
}

/**
 * One batch: each step reads in a transaction of its own and writes each
 * finding (or set of occurrences) in its own short transaction (see
 * SweepBatch.write). True when a step filled its limit (more may be waiting).
 */
async function sweepBatch(deps: SystemDeps, tenant: SweepTenant, steps: readonly (typeof SWEEP_STEPS)[number][], now: Date, limit: number, dueSoonMs: number, counts: SweepCounts): Promise<boolean> {
  let more = false;
  for (const step of steps) {
    const filled = await withSystemContext(deps, null, async (ctx) => {
      await setTenantScope(ctx.em, tenant.id, null);
      return step.run(new SweepBatch(deps, ctx, tenant, now, limit, dueSoonMs, counts));
    });
    more ||= filled;
  }
  return more;
}

export async function runDeadlineSweep(deps: SystemDeps, options: SweepOptions = {}): Promise<SweepResult> {
  const now = options.now ?? new Date();
  const limit = options.batchSize ?? DEFAULT_BATCH;
  const dueSoonMs = options.dueSoonMs ?? deps.config.sweeper.dueSoonHours * 3_600_000;
  const maxBatches = options.maxBatchesPerTenant ?? MAX_BATCHES_PER_TENANT;
  const result: SweepResult = { ran: false, now, tenants: 0, deferred: [], failures: [], ...emptyCounts() };
  const locked = await withSweepLock(deps, async () => {
    await options.onLocked?.();
    for (const entry of await sweepAgenda(deps, now, dueSoonMs, options.tenantIds)) {
      const tenant: SweepTenant = { id: entry.id, timezone: entry.timezone };
      const steps = stepsFor(entry.steps);
      result.tenants += 1;
      try {
        // Each step of each batch commits on its own: a large catch-up never holds one huge transaction.
        let more = true;
        for (let i = 0; more && i < maxBatches; i++) more = await sweepBatch(deps, tenant, steps, now, limit, dueSoonMs, result);
        if (more) result.deferred.push(tenant.id);
      } catch (error) {
        // One tenant's failure (rolled back) does not stop the others; the next sweep retries it.
        deps.logger.error({ err: error, tenantId: tenant.id }, 'deadline sweep failed for a tenant');
        result.failures.push({ tenantId: tenant.id, error: error instanceof Error ? error.message : String(error) });
      }
    }
  });
  result.ran = !!locked;
  return result;
}
