// Periodic resource samples of the API processes and the database: RSS,
// open sockets and file descriptors per process, server connections.
import fs from 'node:fs';
import pg from 'pg';
import type { ServerProcess } from '../../test/support/processes.js';
import { slope } from './stats.js';

export interface Sample {
  at: number;
  rss: (number | null)[];
  sockets: (number | null)[];
  fds: (number | null)[];
  /** Backends connected to the soak database (pg_stat_activity), the sampler's own excluded. */
  pgConnections: number | null;
}

function fdsOf(pid: number | undefined): { fds: number; sockets: number } | null {
  if (!pid) return null;
  try {
    const dir = `/proc/${pid}/fd`;
    const entries = fs.readdirSync(dir);
    let sockets = 0;
    for (const e of entries) {
      try {
        if (fs.readlinkSync(`${dir}/${e}`).startsWith('socket:')) sockets += 1;
      } catch {
        // closed meanwhile
      }
    }
    return { fds: entries.length, sockets };
  } catch {
    return null;
  }
}

export class Sampler {
  readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private db: pg.Client | null = null;

  constructor(private readonly servers: ServerProcess[], private readonly dbUrl: string, private readonly everyMs: number) {}

  async sample(): Promise<Sample> {
    let pgConnections: number | null = null;
    try {
      if (!this.db) {
        const db = new pg.Client({ connectionString: this.dbUrl });
        db.on('error', () => undefined);
        await db.connect();
        this.db = db;
      }
      const { rows } = await this.db.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
      pgConnections = rows[0]!.n;
    } catch {
      await this.db?.end().catch(() => undefined);
      this.db = null;
    }
    const procs = this.servers.map((s) => (s.running ? fdsOf(s.pid) : null));
    const sample: Sample = {
      at: Date.now(),
      rss: this.servers.map((s) => s.rssBytes()),
      sockets: procs.map((p) => p?.sockets ?? null),
      fds: procs.map((p) => p?.fds ?? null),
      pgConnections,
    };
    this.samples.push(sample);
    return sample;
  }

  start(): void {
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.everyMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.db?.end().catch(() => undefined);
    this.db = null;
  }
}

export interface SeriesSummary {
  first: number;
  last: number;
  max: number;
  min: number;
  /** Least-squares slope per minute. */
  perMinute: number;
  n: number;
}

/** Summary of one series over the samples taken at or after `from`. */
export function summarize(samples: Sample[], from: number, pick: (s: Sample) => number | null): SeriesSummary | null {
  const points = samples.filter((s) => s.at >= from).map((s) => ({ x: (s.at - from) / 60_000, y: pick(s) })).filter((p): p is { x: number; y: number } => p.y !== null);
  if (!points.length) return null;
  const ys = points.map((p) => p.y);
  return { first: ys[0]!, last: ys[ys.length - 1]!, max: Math.max(...ys), min: Math.min(...ys), perMinute: slope(points), n: points.length };
}
