import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * Fixed-window counters kept in PostgreSQL, so every API instance counts
 * together. Runs outside the request's transaction: a counted failure stays
 * counted when the operation rolls back.
 */
export class SharedRateLimiter {
  constructor(private readonly orm: MikroORM) {}

  async current(keys: string[], windowSeconds: number): Promise<Map<string, number>> {
    const rows = await this.orm.em.getConnection().execute<{ key: string; hits: number }[]>(
      `select key, hits from rate_limit_bucket where key = any(?::text[]) and window_start > now() - make_interval(secs => ?)`,
      [`{${keys.map((k) => `"${k.replace(/["\\]/g, '')}"`).join(',')}}`, windowSeconds],
    );
    return new Map(rows.map((r) => [r.key, Number(r.hits)]));
  }

  async hit(key: string, windowSeconds: number): Promise<number> {
    const [row] = await this.orm.em.getConnection().execute<{ hits: number }[]>(
      `insert into rate_limit_bucket (key, window_start, hits) values (?, now(), 1)
       on conflict (key) do update set
         hits = case when rate_limit_bucket.window_start <= now() - make_interval(secs => ?) then 1 else rate_limit_bucket.hits + 1 end,
         window_start = case when rate_limit_bucket.window_start <= now() - make_interval(secs => ?) then now() else rate_limit_bucket.window_start end
       returning hits`,
      [key, windowSeconds, windowSeconds],
    );
    return Number(row?.hits ?? 1);
  }

  async reset(key: string): Promise<void> {
    await this.orm.em.getConnection().execute('delete from rate_limit_bucket where key = ?', [key]);
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

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= 60_000) this.windows.delete(k);
  }
}
