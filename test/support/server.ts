import path from 'node:path';
import os from 'node:os';
import fs from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../../src/platform/config/config.js';
import { createOrm } from '../../src/server/database.js';
import { createLogger } from '../../src/server/logger.js';
import { createServices } from '../../src/server/services.js';
import { createApp, type RealtimeHandle } from '../../src/server/app.js';
import type { Services } from '../../src/platform/context.js';
import type { SystemDeps } from '../../src/platform/system-context.js';
import { createTestDatabase } from './db.js';
import { backgroundJobs } from '../../src/server/background.js';

/** Shared by in-process servers, API processes of a cluster and the admin CLI in tests. */
export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';
/** Every test instance (in-process, spawned, the CLI) holds the same master key, as every instance of a deployment must. */
export const TEST_DATA_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

export interface TestServer {
  url: string;
  wsUrl: string;
  databaseUrl: string;
  orm: MikroORM;
  config: Config;
  services: Services;
  deps: SystemDeps;
  /** This instance's realtime core (hub stats, live sockets). */
  realtime: RealtimeHandle;
  stop: () => Promise<void>;
}

/**
 * The real HTTP and websocket server on a random port, against a database of
 * its own (copied from the migrated template). Background jobs are off unless asked.
 */
export async function startTestServer(
  options: { env?: Record<string, string>; backgroundJobs?: boolean; databaseUrl?: string; /** To read what the server logs. */ logger?: Logger } = {},
): Promise<TestServer> {
  const db = options.databaseUrl ? null : await createTestDatabase();
  const databaseUrl = options.databaseUrl ?? db!.url;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinfang-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    XINFANG_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    DATA_MASTER_KEY: TEST_DATA_MASTER_KEY,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEED_DEMO: 'false',
    SWEEPER_ENABLED: options.backgroundJobs ? 'true' : 'false',
    ...options.env,
  });
  const logger = options.logger ?? createLogger(config.logLevel);
  const orm = await createOrm(databaseUrl, 'app', 8);
  const services = createServices(config, orm);
  const deps = { orm, config, logger, services };
  const { start } = await createApp({ ...deps, databaseUrl });
  const app = await start(0, '127.0.0.1');
  const jobs = options.backgroundJobs ? backgroundJobs(deps) : null;
  jobs?.start();
  return {
    url: app.url,
    wsUrl: app.url.replace(/^http/, 'ws'),
    databaseUrl,
    orm,
    config,
    services,
    deps,
    realtime: app.realtime,
    stop: async () => {
      await jobs?.stop();
      await app.stop();
      await services.objects.close();
      await orm.close(true);
      await db?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The environment under which the admin CLI, run in the test process, reaches this server's database. */
export function adminCliEnv(server: TestServer): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: server.databaseUrl,
    XINFANG_DATA_DIR: server.config.dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    // The server's master key setting as it is ('' leaves one unset: the generated file under the data directory).
    DATA_MASTER_KEY: server.config.dataEncryption.masterKey ?? '',
    DATA_MASTER_KEY_FILE: server.config.dataEncryption.masterKeyFile ?? '',
    LOG_LEVEL: 'silent',
  };
}
