import type http from 'node:http';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { GraphQLSchema } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { AppDeps } from './app.js';

export interface WebSocketHandle {
  apolloPlugin: ApolloServerPlugin<any>;
  close: () => Promise<void>;
}

/** graphql-ws on the same port and path as HTTP. Subscriptions are wired in modules/realtime. */
export function startWebSockets(deps: AppDeps & { httpServer: http.Server; schema: GraphQLSchema }): WebSocketHandle {
  const wss = new WebSocketServer({ server: deps.httpServer, path: '/graphql', maxPayload: deps.config.ws.maxPayloadBytes });
  const server = useServer(
    {
      schema: deps.schema,
      connectionInitWaitTimeout: deps.config.ws.connectionInitTimeoutMs,
    },
    wss,
  );
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    })());
  return {
    apolloPlugin: {
      async serverWillStart() {
        return { drainServer: close };
      },
    } as ApolloServerPlugin<any>,
    close,
  };
}
