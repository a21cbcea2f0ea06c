// Signals integrators pace themselves by: extensions.cost on every response (./cost.ts) and the
// IETF rate-limit headers (draft-ietf-httpapi-ratelimit-headers) for the tenant's per-minute quota.
import type { ApolloServerPlugin } from '@apollo/server';
import type { OperationCtx } from './context.js';
import { actualCost, requestedCost } from './cost.js';

export function signalsPlugin(maxCost: number): ApolloServerPlugin<OperationCtx> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ schema, document, operation, response, contextValue }) {
          const body = response.body;
          if (body.kind === 'single') {
            const cost = { requested: requestedCost(schema, document, operation), actual: actualCost(body.singleResult.data), limit: maxCost };
            body.singleResult.extensions = { ...(body.singleResult.extensions ?? {}), cost };
          }
          const rate = contextValue.rateLimit;
          if (rate) {
            response.http.headers.set('ratelimit-policy', `"tenant";q=${rate.limit};w=60`);
            response.http.headers.set('ratelimit', `"tenant";r=${rate.remaining};t=${rate.resetSeconds}`);
          }
        },
      };
    },
  };
}
