// The alarm monitor (等保: an alarm when auditing stops): every
// ALARM_CHECK_INTERVAL_MS it checks that the deadline sweeper has run within
// twice its interval (plus a minute), that the log writer is not failing, and
// every LOG_VERIFY_INTERVAL_MS it re-verifies every tenant's chain and the
// platform chain. Each alarm is raised once until it clears, and recorded in
// the platform log (alarm.raised) when the log can still be written.
import type { SystemDeps } from '../../platform/system-context.js';
import { withSystemContext } from '../../platform/system-context.js';
import type { BackgroundJob } from '../../platform/hooks.js';
import { AlarmKind, type Alarm } from '../../platform/alarms.js';
import { appendPlatformLog, logWriterHealth } from '../../platform/audit/log-writer.js';
import { setTenantScope } from '../../platform/db/tenant-scope.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { platformChainSource, tenantChainSource, verifyChain } from './log.verify.js';
import { keyMap, signingKeys } from './signing-keys.js';

export interface MonitorState {
  startedAt: number;
  /** Alarms standing now: raised once, cleared when the condition ends. */
  standing: Set<string>;
  lastVerifyAt: number;
}

export function monitorState(now = Date.now()): MonitorState {
  return { startedAt: now, standing: new Set(), lastVerifyAt: now };
}

function once(deps: SystemDeps, state: MonitorState, key: string, active: boolean, raise: () => Alarm): Alarm | null {
  if (!active) {
    state.standing.delete(key);
    return null;
  }
  if (state.standing.has(key)) return null;
  state.standing.add(key);
  return raise();
}

/** One check at `now`; returns the alarms it raised. */
export async function checkAuditHealth(deps: SystemDeps, state: MonitorState, now = Date.now()): Promise<Alarm[]> {
  const { alarms } = deps.services;
  const raised: Alarm[] = [];
  const push = (a: Alarm | null) => void (a && raised.push(a));
  if (deps.config.sweeper.enabled) {
    const last = alarms.lastBeat('sweeper') ?? state.startedAt;
    const allowed = 2 * deps.config.sweeper.intervalMs + 60_000;
    push(once(deps, state, 'sweeper', now - last > allowed, () =>
      alarms.raise(AlarmKind.SWEEPER_STALLED, { lastRunAt: new Date(last).toISOString(), allowedMs: allowed }, deps.logger)));
  }
  const failing = logWriterHealth.lastFailureAt > logWriterHealth.lastWriteAt;
  push(once(deps, state, 'writer', failing, () =>
    alarms.raise(AlarmKind.LOG_WRITER_FAILING, { lastFailureAt: new Date(logWriterHealth.lastFailureAt).toISOString(), error: logWriterHealth.lastError }, deps.logger)));
  const every = deps.config.alarms.verifyIntervalMs;
  if (every > 0 && now - state.lastVerifyAt >= every) {
    state.lastVerifyAt = now;
    for (const a of await verifyAll(deps, state)) raised.push(a);
  }
  for (const a of raised) await recordAlarm(deps, a);
  return raised;
}

/** Re-verifies every tenant's chain and the platform chain. */
export async function verifyAll(deps: SystemDeps, state: MonitorState): Promise<Alarm[]> {
  const raised: Alarm[] = [];
  const tenants = await withSystemContext(deps, null, (ctx) => ctx.em.find(Tenant, {}, { fields: ['id'] }));
  for (const t of tenants) {
    const r = await withSystemContext(deps, null, async (ctx) => {
      await setTenantScope(ctx.em, t.id, null);
      return verifyChain(tenantChainSource(ctx.em, t.id), { keys: keyMap(await signingKeys(ctx.em, deps.services.checkpoints)) });
    });
    const a = once(deps, state, `chain:${t.id}`, !r.ok, () =>
      deps.services.alarms.raise(AlarmKind.LOG_CHAIN_BROKEN, { tenantId: t.id, firstBrokenSeq: r.firstBrokenSeq, reason: r.reason, by: 'monitor' }, deps.logger));
    if (a) raised.push(a);
  }
  const p = await withSystemContext(deps, null, (ctx) => verifyChain(platformChainSource(ctx.em)));
  const a = once(deps, state, 'chain:platform', !p.ok, () =>
    deps.services.alarms.raise(AlarmKind.LOG_CHAIN_BROKEN, { platformLog: true, firstBrokenSeq: p.firstBrokenSeq, reason: p.reason, by: 'monitor' }, deps.logger));
  if (a) raised.push(a);
  return raised;
}

async function recordAlarm(deps: SystemDeps, alarm: Alarm): Promise<void> {
  try {
    await withSystemContext(deps, null, (ctx) => appendPlatformLog(ctx.em, {
      actorUserId: null, action: 'alarm.raised', reason: alarm.kind, requestId: 'alarm-monitor',
      changes: [{ type: 'Alarm', id: alarm.kind, op: 'create', before: null, after: { ...alarm.detail, time: alarm.time } }],
    }));
  } catch (error) {
    // The log itself may be what failed: the error line and the counter still stand.
    deps.logger.error({ err: error, alarm: alarm.kind }, 'alarm could not be written to the platform log');
  }
}

export function alarmMonitorJob(deps: SystemDeps): BackgroundJob {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const state = monitorState();
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = checkAuditHealth(deps, state)
        .catch((err) => deps.logger.error({ err }, 'alarm monitor check failed'))
        .finally(() => {
          running = null;
          schedule();
        });
    }, deps.config.alarms.checkIntervalMs);
    timer.unref();
  };
  return {
    name: 'alarm-monitor',
    start: () => {
      stopped = false;
      schedule();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
