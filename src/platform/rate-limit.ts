import pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { APP_ROLE } from './db/app-role.js';

/**
 * Fixed-window counters kept in PostgreSQL, so every API instance counts
 * together. Runs outside the request's transaction: a counted failure stays
 * counted when the operation rolls back. Its own small pool: a request holds
 * its transaction's connection while it counts, and taking the second one
 * from the same pool deadlocked the process once as many logins as pooled
 * connections ran at once (every connection held, every request waiting).
 */
export class SharedRateLimiter {
  private pool: pg.Pool | null = null;
  private readonly withRole = new WeakSet<pg.PoolClient>();

  constructor(private readonly orm: MikroORM, private readonly poolMax = 4) {}

  private async query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
    if (!this.pool) {
      this.pool = new pg.Pool({
        connectionString: this.orm.config.get('clientUrl'),
        max: this.poolMax,
        idleTimeoutMillis: 10_000,
        connectionTimeoutMillis: 10_000,
        allowExitOnIdle: true,
        application_name: 'xinfang-rate-limit',
      });
      // An idle connection the server dropped (a restart) is discarded, never a crash.
      this.pool.on('error', () => undefined);
    }
    const client = await this.pool.connect();
    try {
      if (!this.withRole.has(client)) {
        // As the application role, like every pooled connection of the API (fails closed: no role, no query).
        await client.query(`SET ROLE ${APP_ROLE}; SET statement_timeout = '10s'`);
        this.withRole.add(client);
      }
      const { rows } = await client.query<R>(sql, params);
      client.release();
      return rows;
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
  }

  /**
   * Counts one attempt against every key and decides in the same statement:
   * one upsert returns each key's new count, so N parallel attempts can never
   * pass more than the limit (no read-then-write). Keys are locked in sorted
   * order, so two attempts sharing keys cannot deadlock.
   */
  async take(limits: { key: string; limit: number }[], windowSeconds: number): Promise<boolean> {
    const sorted = [...limits].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const rows = await this.query<{ key: string; hits: number }>(
      `insert into rate_limit_bucket (key, window_start, hits)
       select k, now(), 1 from unnest($1::text[]) with ordinality as t(k, n) order by n
       on conflict (key) do update set
         hits = case when rate_limit_bucket.window_start <= now() - make_interval(secs => $2) then 1 else rate_limit_bucket.hits + 1 end,
         window_start = case when rate_limit_bucket.window_start <= now() - make_interval(secs => $2) then now() else rate_limit_bucket.window_start end
       returning key, hits`,
      [sorted.map((l) => l.key), windowSeconds],
    );
    const hits = new Map(rows.map((r) => [r.key, Number(r.hits)]));
    return sorted.every((l) => (hits.get(l.key) ?? 1) <= l.limit);
  }

  /** Gives back an attempt that turned out not to count (a sign-in or lookup that succeeded). */
  async refund(keys: string[]): Promise<void> {
    await this.query('update rate_limit_bucket set hits = greatest(hits - 1, 0) where key = any($1::text[])', [keys]);
  }

  async reset(key: string): Promise<void> {
    await this.query('delete from rate_limit_bucket where key = $1', [key]);
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.end();
  }
}

/** Per-instance sliding counters for request rates (per tenant tier); cheap, no I/O. */
export class LocalRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  /** Returns seconds to wait when over the limit, else 0. */
  take(key: string, limitPerMinute: number, now = Date.now()): number {
    const w = this.windows.get(key);
    if (!w || now - w.start >= 60_000) {
      this.windows.set(key, { start: now, count: 1 });
      if (this.windows.size > 100_000) this.sweep(now);
      return 0;
    }
    w.count++;
    if (w.count > limitPerMinute) return Math.ceil((60_000 - (now - w.start)) / 1000);
    return 0;
  }

  /** What is left of the key's window: requests still allowed and seconds until it restarts. */
  remaining(key: string, limitPerMinute: number, now = Date.now()): { remaining: number; resetSeconds: number } {
    const w = this.windows.get(key);
    if (!w || now - w.start >= 60_000) return { remaining: limitPerMinute, resetSeconds: 60 };
    return { remaining: Math.max(0, limitPerMinute - w.count), resetSeconds: Math.max(0, Math.ceil((60_000 - (now - w.start)) / 1000)) };
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= 60_000) this.windows.delete(k);
  }
}
