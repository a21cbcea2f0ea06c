import { NOT_TRUSTED, type TrustedDocuments } from './trusted-documents.js';
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { makeServer, CloseCode, handleProtocols, type ConnectionInitMessage } from 'graphql-ws';
import {
  createSourceEventStream,
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { AppDeps } from './context.js';
import { formatErrorFor } from './errors.js';
import { screenInput } from './input-screen.js';
import { Loaders } from '../platform/loaders.js';
import type { RequestInfo } from '../platform/context.js';
import { CloseCodes } from '../modules/realtime/close-codes.js';
import { ConnectionRegistry, RealtimeConnection } from '../modules/realtime/connection.js';
import { EventHub } from '../modules/realtime/event-hub.js';
import { ControlStream } from '../modules/realtime/subscriber.js';
import type { SubscriptionCtx } from '../modules/realtime/realtime.service.js';

export interface RealtimeHandle {
  hub: EventHub;
  registry: ConnectionRegistry;
}

export interface WebSocketHandle {
  apolloPlugin: ApolloServerPlugin<any>;
  realtime: RealtimeHandle;
  close: () => Promise<void>;
}

interface Extra {
  socket: WebSocket;
  request: RequestInfo;
  connection?: RealtimeConnection;
}

/** Server pings every this often; a client that does not answer within the same time is cut. */
const KEEP_ALIVE_MS = 12_000;

function requestInfoOfUpgrade(req: http.IncomingMessage, trustProxy: boolean): RequestInfo {
  const forwarded = trustProxy && typeof req.headers['x-forwarded-for'] === 'string' ? req.headers['x-forwarded-for'].split(',')[0]!.trim() : null;
  return {
    requestId: `ws-${randomUUID()}`,
    clientAddress: forwarded || req.socket.remoteAddress || null,
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 300) : null,
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof Object(value)[Symbol.asyncIterator] === 'function';
}

async function* mapToResults(stream: AsyncIterable<unknown>, args: ExecutionArgs): AsyncGenerator<ExecutionResult> {
  for await (const payload of stream) yield await execute({ ...args, rootValue: payload });
}

/**
 * Subscriptions whose source is a log-driven ControlStream write their own
 * (pre-rendered) messages; anything else is executed per event as usual.
 */
async function subscribe(args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!isAsyncIterable(stream)) return stream as ExecutionResult;
  if (stream instanceof ControlStream) {
    // graphql-ws keeps these args for the subscription's life; a ControlStream never executes again, so its
    // context (forked EntityManager, loaders, logger) is released now. Events render in the feed's own context.
    args.contextValue = undefined;
    return stream as AsyncIterable<ExecutionResult>;
  }
  return mapToResults(stream, args);
}

/** Parsed subscription texts, shared by every subscription sending the same text (documents are never mutated). */
const PARSED_LIMIT = 500;

function documentCache(maxTokens: number): (query: string) => DocumentNode {
  const parsed = new Map<string, DocumentNode>();
  return (query) => {
    let document = parsed.get(query);
    if (document) return document;
    document = parse(query, { maxTokens });
    // Oldest first out: with trusted documents the set is small; without, it stays bounded.
    if (parsed.size >= PARSED_LIMIT) parsed.delete(parsed.keys().next().value!);
    parsed.set(query, document);
    return document;
  };
}

/**
 * graphql-ws (graphql-transport-ws protocol) on the same port and path as
 * HTTP. Connections authenticate with connectionParams.authorization; only
 * subscriptions are served (queries and mutations go over HTTP, inside their
 * per-operation transaction).
 */
export function startWebSockets(
  deps: AppDeps & { httpServer: http.Server; schema: GraphQLSchema; validationRules: ValidationRule[]; path: string; trusted: TrustedDocuments | null },
): WebSocketHandle {
  const { config, logger, orm, services, schema } = deps;
  const formatError = formatErrorFor(logger);
  const hub = new EventHub({ orm, config, logger, services, schema, databaseUrl: deps.databaseUrl, formatError });
  const registry = new ConnectionRegistry({ orm, config, logger, services });
  const rules = [...specifiedRules, ...deps.validationRules];
  const parseSubscription = documentCache(config.limits.maxTokens);

  const server = makeServer<ConnectionInitMessage['payload'], Extra>({
    schema,
    connectionInitWaitTimeout: config.ws.connectionInitTimeoutMs,
    subscribe,
    onConnect: async (ctx) => {
      const { socket } = ctx.extra;
      const result = await registry.authenticate(ctx.connectionParams, socket, ctx.extra.request);
      if (!(result instanceof RealtimeConnection)) {
        socket.close(result.code, result.reason);
        return false;
      }
      if (socket.readyState !== socket.OPEN) {
        result.markClosed(null);
        return false;
      }
      ctx.extra.connection = result;
      return { expiresAt: new Date(result.claims.exp * 1000).toISOString() };
    },
    onSubscribe: (ctx, id, payload) => {
      const connection = ctx.extra.connection;
      if (!connection || connection.closed) return [new GraphQLError('The connection is closing', { extensions: { code: 'UNAUTHENTICATED' } })];
      // graphql-ws has already registered this one.
      if (Object.keys(ctx.subscriptions).length > config.ws.maxSubscriptionsPerSocket) {
        return [
          new GraphQLError(`At most ${config.ws.maxSubscriptionsPerSocket} subscriptions per socket`, {
            extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
          }),
        ];
      }
      // Trusted documents only: the message names a manifest document (extensions.documentId) or sends its exact text.
      const query = deps.trusted ? deps.trusted.resolve(payload) : payload.query;
      if (query === null) {
        return [new GraphQLError('This operation is not in the trusted documents manifest', { extensions: { code: NOT_TRUSTED } })];
      }
      let document: DocumentNode;
      try {
        document = parseSubscription(query);
      } catch (error) {
        return [error instanceof GraphQLError ? error : new GraphQLError('Syntax error')];
      }
      const errors = validate(schema, document, rules);
      if (errors.length) return [...errors];
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) return [new GraphQLError('Unable to identify the operation', { extensions: { code: 'BAD_REQUEST' } })];
      if (operation.operation !== 'subscription') {
        return [new GraphQLError('Queries and mutations are served over HTTP POST /graphql; websockets carry subscriptions', { extensions: { code: 'BAD_REQUEST' } })];
      }
      const screened = screenInput(schema, document, operation, payload.variables as Record<string, unknown> | null | undefined);
      // A subscription has no payload to answer in: any bad string refuses it.
      if (screened.kind === 'refused') return [screened.error];
      const contextValue: SubscriptionCtx = {
        orm,
        config,
        log: logger.child({ requestId: connection.request.requestId, operationId: id }),
        request: connection.request,
        actor: connection.actor,
        em: orm.em.fork({ clear: true, useContext: false }),
        loaders: new Loaders(),
        services,
        realtime: { hub, connection, operationId: id, rawVariables: (payload.variables as Record<string, unknown> | null | undefined) ?? null },
      };
      return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
    },
    // Errors of a refused subscribe (rule failures, permissions) keep their codes; internals are masked.
    onNext: (_ctx, _id, _payload, _args, result) =>
      result.errors?.length ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : undefined,
    onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
    onClose: (ctx, code, reason) => {
      ctx.extra.connection?.markClosed({ code, reason } as never);
    },
  });

  const wss = new WebSocketServer({ server: deps.httpServer, path: deps.path, maxPayload: config.ws.maxPayloadBytes, handleProtocols });
  wss.on('connection', (socket, request) => {
    const info = requestInfoOfUpgrade(request, config.trustProxy);
    socket.once('error', (error) => {
      logger.warn({ err: error, requestId: info.requestId }, 'websocket error');
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    let pongWait: NodeJS.Timeout | null = null;
    const ping = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), KEEP_ALIVE_MS);
      socket.once('pong', () => {
        if (pongWait) clearTimeout(pongWait);
        pongWait = null;
      });
      socket.ping();
    }, KEEP_ALIVE_MS);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (err) => (err ? reject(err) : resolve()));
          }),
        close: (code, reason) => {
          if (socket.readyState === socket.OPEN) socket.close(code, reason);
        },
        onMessage: (cb) =>
          socket.on('message', async (data) => {
            try {
              await cb(String(data));
            } catch (error) {
              logger.error({ err: error, requestId: info.requestId }, 'websocket message failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { socket, request: info },
    );
    socket.once('close', (code, reason) => {
      clearInterval(ping);
      if (pongWait) clearTimeout(pongWait);
      void closed(code, String(reason));
    });
  });

  hub.start();
  registry.start();

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      registry.closeAll(CloseCodes.GOING_AWAY, 'Server shutting down');
      await registry.stop();
      await hub.stop();
      // Let clients answer the close frame (they then see 1001), cut the rest.
      const deadline = Date.now() + 1_000;
      while (wss.clients.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    })());
  return {
    apolloPlugin: {
      async serverWillStart() {
        return { drainServer: close };
      },
    } as ApolloServerPlugin<any>,
    realtime: { hub, registry },
    close,
  };
}
