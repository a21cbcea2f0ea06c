// Alarms when auditing stops or is found broken (等保: 审计进程中断告警): each is an
// in-process event, a counter (xinfang_alarms_total on GET /metrics) and a log line at error level;
// the alarm monitor job also records it in the platform log.
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';

export enum AlarmKind {
  /** The deadline sweeper has not run for longer than its interval allows. */
  SWEEPER_STALLED = 'SWEEPER_STALLED',
  /** Writing a log entry failed and none has been written since. */
  LOG_WRITER_FAILING = 'LOG_WRITER_FAILING',
  /** Verification found a break in a log chain. */
  LOG_CHAIN_BROKEN = 'LOG_CHAIN_BROKEN',
}

export interface Alarm {
  kind: AlarmKind;
  time: string;
  detail: Record<string, unknown>;
}

/** Heartbeats of what must keep running, and the alarms raised. One per process. */
export class Alarms extends EventEmitter<{ alarm: [Alarm] }> {
  private readonly counts = new Map<AlarmKind, number>();
  private readonly beats = new Map<string, number>();

  raise(kind: AlarmKind, detail: Record<string, unknown>, logger: Logger): Alarm {
    const alarm: Alarm = { kind, time: new Date().toISOString(), detail };
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    logger.error({ alarm: kind, ...detail }, `ALARM ${kind}`);
    this.emit('alarm', alarm);
    return alarm;
  }

  count(kind: AlarmKind): number {
    return this.counts.get(kind) ?? 0;
  }

  beat(name: string, at = Date.now()): void {
    this.beats.set(name, at);
  }

  lastBeat(name: string): number | null {
    return this.beats.get(name) ?? null;
  }
}
