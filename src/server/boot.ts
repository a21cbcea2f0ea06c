import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../platform/config/config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../platform/db/embedded.js';
import { migrate } from './database.js';
import { createOrm } from './database.js';
import type { Services } from '../platform/context.js';
import { createLogger } from './logger.js';
import { createServices } from './services.js';
import { createApp, type RunningApp } from './app.js';
import { seedDemo } from './demo/seed.js';
import { backgroundJobs } from './background.js';
import { ensureSealingKeys } from '../platform/crypto/data-key-admin.js';

export interface Booted {
  config: Config;
  logger: Logger;
  orm: MikroORM;
  services: Services;
  databaseUrl: string;
  embedded: EmbeddedDatabase | null;
  app: RunningApp;
  seeded: boolean;
  stop: () => Promise<void>;
}

/** Resolves the database: DATABASE_URL, or the embedded server under the data directory. */
export async function resolveDatabase(config: Config, logger: Logger): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null };
  const embedded = await startEmbeddedPostgres({
    dir: path.join(config.dataDir, 'pg'),
    port: config.embeddedPgPort,
    database: 'xinfang',
    onLog: (line) => logger.debug({ pg: line }, 'embedded postgres'),
  });
  if (embedded.adopted) logger.warn({ dir: path.join(config.dataDir, 'pg') }, 'embedded PostgreSQL left running by a process that is gone: adopted, stopped at shutdown');
  return { url: embedded.url, embedded };
}

/** Database, migrations, first-start seed, HTTP and websockets, background jobs. */
export async function boot(config: Config, options: { logger?: Logger } = {}): Promise<Booted> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const { url, embedded } = await resolveDatabase(config, logger);
  const applied = await migrate(url);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const orm = await createOrm(url, 'app', config.dbPoolMax);
  const services = createServices(config, orm);
  const deps = { orm, config, logger, services };
  const keysCreated = await ensureSealingKeys(deps);
  if (keysCreated) logger.info({ tenants: keysCreated, algorithm: config.dataEncryption.algorithm }, 'data keys created for encryption at rest');

  let seeded = false;
  if (config.seedDemo) {
    const anyUser = await orm.em.fork().getConnection().execute('select 1 from app_user limit 1');
    if (anyUser.length === 0) {
      await seedDemo(deps);
      seeded = true;
      logger.info('demo data seeded');
    }
  }

  const { start } = await createApp({ ...deps, databaseUrl: url });
  const app = await start(config.port, config.host);
  const jobs = backgroundJobs(deps);
  jobs.start();

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await jobs.stop();
      await app.stop();
      await services.sharedLimiter.close();
      await services.objects.close();
      await orm.close(true);
      if (embedded) await embedded.stop();
    })());
  return { config, logger, orm, services, databaseUrl: url, embedded, app, seeded, stop };
}

