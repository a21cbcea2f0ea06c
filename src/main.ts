import 'reflect-metadata';
import { loadConfig } from './platform/config/config.js';
import { boot } from './server/boot.js';
import { guardAgainstDatabaseOutages } from './server/crash-guard.js';
import { DEMO_PASSWORD, DEMO_PLATFORM_ADMIN, demoDirectory } from './server/demo/seed.js';
import { generatedMasterKeyFile } from './platform/crypto/master-key.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const booted = await boot(config);
  const { app, logger } = booted;
  guardAgainstDatabaseOutages(logger);
  const lines = [
    '',
    `Xinfang GraphQL API: ${app.url}`,
    `  (websockets on the same URL; health: ${app.url.replace('/graphql', '/healthz')})`,
    booted.embedded ? `  database: embedded PostgreSQL under ${config.dataDir}/pg` : '  database: DATABASE_URL',
  ];
  const keyFile = generatedMasterKeyFile(config);
  lines.push(
    keyFile
      ? `  encryption at rest (${config.dataEncryption.algorithm}): master key in ${keyFile} (generated on first start; set DATA_MASTER_KEY or DATA_MASTER_KEY_FILE in production)`
      : `  encryption at rest (${config.dataEncryption.algorithm}): master key from ${config.dataEncryption.masterKey ? 'DATA_MASTER_KEY' : config.dataEncryption.masterKeyFile}`,
  );
  if (config.seedDemo) {
    lines.push(
      '',
      `Demo sign-in (password for every demo account: ${DEMO_PASSWORD}):`,
      `  platform admin   ${DEMO_PLATFORM_ADMIN}`,
      ...demoDirectory(),
      '',
      'First query: mutation { login(input: {email: "leader@zhaocun.demo", password: "' + DEMO_PASSWORD + '"}) { tokens { accessToken } userErrors { code message } } }',
    );
  }
  console.log(lines.join('\n'));

  // One shutdown for SIGINT (Ctrl-C) and SIGTERM: background jobs, websockets (1001), HTTP drained,
  // the pools, then the embedded PostgreSQL this process started or adopted; exit 0.
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    const started = Date.now();
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await booted.stop();
      logger.info({ ms: Date.now() - started }, 'shut down');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error('Failed to start:', error);
  process.exit(1);
});
