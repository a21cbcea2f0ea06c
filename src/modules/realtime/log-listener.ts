import pg from 'pg';
import type { Logger } from 'pino';
import { LOG_CHANNEL } from '../../platform/audit/log-writer.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface LogListenerHandlers {
  /** "Tenant T has reached sequence S": only a hint to read the table, never content. */
  wake: (tenantId: string, seq: number) => void;
  /** The connection was (re-)established: notifications may have been missed, read everything since. */
  resync: () => void;
}

export interface LogListenerOptions {
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A `select 1` on this period finds a half-open connection that TCP would report only much later. */
  healthCheckMs?: number;
}

/**
 * The process's one LISTEN connection: a dedicated client outside the pool
 * (a pooled connection would be handed to other work), re-established with
 * backoff when it drops. Every (re)connection is followed by a resync, so
 * what was committed while nobody listened is read from the log.
 */
export class LogListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private healthTimer: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;
  private readonly dead = new WeakSet<pg.Client>();
  /** Times a LISTEN was established (the first included). */
  connections = 0;
  backendPid: number | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
    private readonly handlers: LogListenerHandlers,
    private readonly options: LogListenerOptions = {},
  ) {}

  get connected(): boolean {
    return this.client !== null && this.backendPid !== null;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  private connect(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return (this.connecting ??= this.doConnect().finally(() => {
      this.connecting = null;
    }));
  }

  private async doConnect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, keepAlive: true, application_name: 'xinfang-log-listener' });
    const fail = (error: unknown) => this.dropped(client, error);
    client.on('error', fail);
    client.on('end', () => fail(new Error('listener connection ended')));
    client.on('notification', (msg) => {
      if (msg.channel === LOG_CHANNEL && msg.payload) this.notified(msg.payload);
    });
    try {
      await client.connect();
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      await client.query(`LISTEN ${LOG_CHANNEL}`);
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      if (this.dead.has(client)) return;
      this.client = client;
      this.backendPid = rows[0]!.pid;
      this.attempt = 0;
      this.connections += 1;
      this.logger.info({ pid: this.backendPid, connections: this.connections }, 'log listener connected');
      this.scheduleHealthCheck(client);
      // After LISTEN is in place: whatever committed before is read from the table.
      this.handlers.resync();
    } catch (error) {
      fail(error);
    }
  }

  private notified(payload: string): void {
    const sep = payload.lastIndexOf(':');
    const tenantId = payload.slice(0, sep);
    const seq = Number(payload.slice(sep + 1));
    if (sep <= 0 || !UUID.test(tenantId) || !Number.isSafeInteger(seq)) {
      this.logger.warn({ payload: payload.slice(0, 100) }, 'ignored malformed log notification');
      return;
    }
    this.handlers.wake(tenantId, seq);
  }

  private scheduleHealthCheck(client: pg.Client): void {
    const every = this.options.healthCheckMs ?? 10_000;
    if (!(every > 0)) return;
    this.healthTimer = setInterval(() => {
      const timeout = setTimeout(() => this.dropped(client, new Error('listener health check timed out')), every);
      client.query('select 1').then(
        () => clearTimeout(timeout),
        (error) => {
          clearTimeout(timeout);
          this.dropped(client, error);
        },
      );
    }, every);
    this.healthTimer.unref();
  }

  private dropped(client: pg.Client, error: unknown): void {
    // 'error', 'end' and a failed health check may all report the same loss.
    if (this.dead.has(client)) return;
    this.dead.add(client);
    if (this.healthTimer) clearInterval(this.healthTimer);
    this.healthTimer = null;
    if (this.client === client) {
      this.client = null;
      this.backendPid = null;
    }
    client.removeAllListeners('notification');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    const min = this.options.minBackoffMs ?? 100;
    const max = this.options.maxBackoffMs ?? 5_000;
    const delay = Math.min(max, min * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt += 1;
    this.logger.warn({ err: error instanceof Error ? error.message : String(error), retryInMs: Math.round(delay) }, 'log listener disconnected');
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.healthTimer) clearInterval(this.healthTimer);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    this.backendPid = null;
    if (client) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}
