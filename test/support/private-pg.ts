// A PostgreSQL of one's own that may be stopped and started again (fault
// tests and the soak): the embedded server the test run uses, on a fresh data
// directory and a free port, migrated once. Never the machine's shared server.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/platform/db/embedded.js';
import { migrate } from '../../src/server/database.js';
import { freePort } from './processes.js';

export interface PrivatePostgres {
  /** Superuser URL of the migrated database (the API connects with it and switches to the app role). */
  url: string;
  port: number;
  dir: string;
  readonly up: boolean;
  /** Fast shutdown: open connections are terminated, as on a server restart. */
  stop(): Promise<void>;
  /** Starts again on the same data directory and port. */
  start(): Promise<void>;
  /** Stops and removes the data directory. */
  destroy(): Promise<void>;
}

const DATABASE = 'xinfang';

export async function startPrivatePostgres(options: { onLog?: (line: string) => void } = {}): Promise<PrivatePostgres> {
  // Under the working tree: as root the server runs as the "postgres" user, which cannot enter a private /tmp dir of root's.
  const dir = path.resolve('.test-data', `pg-private-${process.pid}-${randomBytes(3).toString('hex')}`);
  const port = await freePort();
  // The embedded module stops the server on exit; the data directory goes with it.
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  let current: EmbeddedDatabase | null = await startEmbeddedPostgres({ dir, port, database: DATABASE, onLog: options.onLog });
  const url = current.url;
  await migrate(url);
  const handle: PrivatePostgres = {
    url,
    port,
    dir,
    get up() {
      return current !== null;
    },
    stop: async () => {
      const running = current;
      current = null;
      await running?.stop();
    },
    start: async () => {
      if (current) return;
      current = await startEmbeddedPostgres({ dir, port, database: DATABASE, onLog: options.onLog });
    },
    destroy: async () => {
      await handle.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}
