// The IDE page's script, bundled by scripts/build-ide.mjs into dist/ide/ at build time:
// GraphiQL, React and the graphql-ws client, all served from the API's own origin (no CDN, no web fonts).
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createClient } from 'graphql-ws';
import { getOperationAST, parse } from 'graphql';
import 'graphiql/style.css';

const httpUrl = new URL('/graphql', window.location.href).toString();
const wsUrl = httpUrl.replace(/^http/, 'ws');

function authorizationOf(headers) {
  for (const [name, value] of Object.entries(headers ?? {})) if (name.toLowerCase() === 'authorization') return String(value);
  return undefined;
}

function isSubscription(params, opts) {
  try {
    const doc = opts?.documentAST ?? parse(params.query);
    return getOperationAST(doc, params.operationName ?? undefined)?.operation === 'subscription';
  } catch {
    return false;
  }
}

// Queries and mutations over HTTP POST; subscriptions over the same URL's websocket (graphql-ws),
// authenticated with the Authorization header typed into the headers editor.
function fetcher(params, opts) {
  // "Bearer " with no token yet (the default below) would be refused with 401: leave it out.
  const headers = Object.fromEntries(Object.entries(opts?.headers ?? {}).filter(([, v]) => !/^\s*bearer\s*$/i.test(String(v))));
  if (isSubscription(params, opts)) {
    return {
      subscribe(sink) {
        const authorization = authorizationOf(headers);
        const client = createClient({ url: wsUrl, lazy: true, retryAttempts: 0, connectionParams: authorization ? { authorization } : {} });
        const dispose = client.subscribe(params, {
          next: (value) => sink.next(value),
          error: (err) => sink.error(err instanceof Error ? err : new Error(err?.code ? `websocket closed: ${err.code} ${err.reason ?? ''}` : JSON.stringify(err))),
          complete: () => sink.complete(),
        });
        return { unsubscribe: () => { dispose(); void client.dispose(); } };
      },
    };
  }
  return fetch(httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify(params),
  }).then((response) => response.json());
}

const defaultQuery = `# Sign in, then put the access token into the headers below:
#   { "authorization": "Bearer <accessToken>" }
mutation Login {
  login(input: { email: "leader@zhaocun.demo", password: "xinfang-demo-2026" }) {
    tokens { accessToken }
    userErrors { code message }
  }
}
`;

createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher, defaultQuery, defaultHeaders: '{ "authorization": "Bearer " }', shouldPersistHeaders: false }),
);
