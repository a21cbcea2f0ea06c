import express, { type NextFunction, type Request, type Response } from 'express';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../platform/config/config.js';
import type { Services } from '../platform/context.js';
import { getSchema } from './schema.js';
import { buildContext, requestInfoOf, type AppDeps, type OperationCtx } from './context.js';
import { operationPlugin } from './operation-plugin.js';
import { formatErrorFor } from './errors.js';
import { sqlCounterStorage } from '../platform/db/sql-counter.js';
import type { ValidationRule } from 'graphql';
import { startWebSockets, type RealtimeHandle, type WebSocketHandle } from './websocket.js';
import { pendingMigrationNames } from './database.js';
import { refuseDeepJson } from './json-depth.js';
import { fileRoutes } from './file-routes.js';
import { mountIde } from './ide.js';
import { TrustedDocuments, trustedDocumentsGate } from './trusted-documents.js';
import { COST_WEIGHTS } from './cost.js';
import { signalsPlugin } from './signals-plugin.js';
import { mountMetrics, startMetricsServer } from './metrics-endpoint.js';


export interface RunningApp {
  httpServer: http.Server;
  url: string;
  /** The realtime core of this instance (stats for tests and benchmarks). */
  realtime: RealtimeHandle;
  /** The port of the separate /metrics listener (METRICS_PORT), or null. */
  metricsPort: number | null;
  stop: () => Promise<void>;
}

export const GRAPHQL_PATH = '/graphql';

export async function createApp(deps: AppDeps): Promise<{ app: express.Express; httpServer: http.Server; start: (port: number, host: string) => Promise<RunningApp> }> {
  const { config, logger } = deps;
  const schema = await getSchema();
  const app = express();
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', true);
  const httpServer = http.createServer(app);
  httpServer.headersTimeout = 20_000;
  httpServer.requestTimeout = 60_000;
  // Longer than clients' and proxies' idle reuse (5 s by default): a reused socket closed under it is an ECONNRESET.
  httpServer.keepAliveTimeout = 65_000;

  const armor = new ApolloArmor({
    maxDepth: { n: config.limits.maxDepth, exposeLimits: true },
    costLimit: { maxCost: config.limits.maxCost, exposeLimits: true, ...COST_WEIGHTS },
    // allowList: [] — aliases of __typename and other introspection fields count too (graphql-armor lets __typename through by default).
    maxAliases: { n: config.limits.maxAliases, exposeLimits: true, allowList: [] },
    maxDirectives: { n: config.limits.maxDirectives, exposeLimits: true },
    // Tokens are limited by the parser itself (parseOptions below).
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  const { validationRules } = armor.protect();
  const trusted = config.trustedDocuments ? TrustedDocuments.load(config.trustedDocuments) : null;
  if (trusted) logger.info({ manifest: config.trustedDocuments, operations: trusted.size }, 'trusted documents only');
  // The same limits guard subscriptions over websockets.
  const ws = startWebSockets({ ...deps, httpServer, schema, validationRules: validationRules as ValidationRule[], path: GRAPHQL_PATH, trusted });

  const apollo = new ApolloServer<OperationCtx>({
    schema,
    introspection: config.introspection,
    csrfPrevention: true,
    // main.ts owns SIGINT/SIGTERM: Apollo's own handlers raced its shutdown (and re-raised the signal).
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    // Automatic persisted queries (Apollo's in-memory cache) unless only trusted documents may run:
    // then a client cannot register an operation of its own by hash.
    persistedQueries: trusted ? false : undefined,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.env === 'production',
    parseOptions: { maxTokens: config.limits.maxTokens },
    validationRules,
    formatError: formatErrorFor(logger),
    logger: { debug: () => undefined, info: () => undefined, warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginCacheControlDisabled(),
      // The IDE page is ours (./ide.ts), served from this origin; Apollo's sandbox loads from a CDN.
      ApolloServerPluginLandingPageDisabled(),
      operationPlugin(),
      ws.apolloPlugin,
      rejectionStatusPlugin(),
      signalsPlugin(config.limits.maxCost),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await deps.orm.em.getConnection().execute('select 1');
      const pending = await pendingMigrationNames(deps.orm);
      if (pending.length) {
        res.status(503).json({ status: 'migrations pending', pending });
        return;
      }
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });

  if (config.introspection) mountIde(app, GRAPHQL_PATH);
  const metrics = deps.services.metrics;
  metrics.watch({ realtime: ws.realtime });
  mountMetrics(app, config.metrics, metrics);

  app.use(
    GRAPHQL_PATH,
    (req: Request, res: Response, next: NextFunction) => {
      const counter = { count: 0 };
      res.locals.sql = counter;
      res.locals.request = requestInfoOf(req);
      res.setHeader('x-request-id', res.locals.request.requestId);
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        // The tenant of the verified token (a uuid), never anything the client typed.
        const ctx = res.locals.ctx as OperationCtx | undefined;
        const tenantId = ctx?.actor?.tenant?.id ?? ctx?.claims?.tid ?? null;
        metrics.observeRequest({ operationName: (req.body as { operationName?: unknown } | undefined)?.operationName, status: res.statusCode, seconds, sqlStatements: counter.count, tenantId });
        logger.info({
          requestId: res.locals.request.requestId,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          sql: counter.count,
          op: (req.body as { operationName?: string } | undefined)?.operationName ?? null,
        }, 'graphql request');
      });
      sqlCounterStorage.run(counter, next);
    },
    express.json({ limit: config.bodyLimitBytes, verify: refuseDeepJson(64) }),
    ...(trusted ? [trustedDocumentsGate(trusted)] : []),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const ctx = buildContext(deps, res.locals.request, req.headers.authorization);
        ctx.sql = res.locals.sql;
        res.locals.ctx = ctx;
        return ctx;
      },
    }),
  );

  app.use(fileRoutes(deps));

  // Malformed JSON, oversized bodies and anything else thrown before Apollo:
  // a JSON answer with a code, never Express's HTML page with a stack.
  app.use((err: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    const code =
      err.type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE'
      : err.type === 'entity.parse.failed' ? 'MALFORMED_JSON'
      : err.type === 'entity.too.deep' ? 'JSON_TOO_DEEP'
      : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
    if (status >= 500) logger.error({ err, requestId: res.locals.request?.requestId }, 'request failed');
    res.status(status).json({ errors: [{ message: status < 500 ? err.message : 'Internal server error', extensions: { code } }] });
  });
  app.use((_req, res) => {
    res.status(404).json({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
  });

  const start = async (port: number, host: string) => {
    const metricsServer = await startMetricsServer(config.metrics, metrics);
    return new Promise<RunningApp>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(port, host, () => {
        const address = httpServer.address();
        const actualPort = typeof address === 'object' && address ? address.port : port;
        const shownHost = host === '0.0.0.0' ? 'localhost' : host;
        resolve({
          httpServer,
          url: `http://${shownHost}:${actualPort}${GRAPHQL_PATH}`,
          realtime: ws.realtime,
          metricsPort: metricsServer?.port ?? null,
          stop: async () => {
            await ws.close();
            await apollo.stop();
            await metricsServer?.close();
          },
        });
      });
    });
  };
  return { app, httpServer, start };
}

/** Queries refused by validation limits are the client's fault: 400, not 500. */
function rejectionStatusPlugin() {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, errors }: { response: { http: { status?: number } }; errors?: readonly { extensions?: { code?: unknown } }[] }) {
          if (errors?.length && errors.every((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' || e.extensions?.code === 'GRAPHQL_PARSE_FAILED')) {
            response.http.status = 400;
          }
        },
      };
    },
  };
}

export type { AppDeps, WebSocketHandle, RealtimeHandle };
