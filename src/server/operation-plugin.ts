import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { OperationCtx } from './context.js';
import { beginOperation, endOperation } from './transaction.js';
import { isDatabaseUnavailable } from '../platform/db/unavailable.js';
import { isBadInputDatabaseError } from '../platform/db/bad-input.js';
import { serviceUnavailable } from '../platform/errors.js';
import { screenInput } from './input-screen.js';

/**
 * Every GraphQL operation runs in one transaction: it begins once the
 * operation is parsed and validated (an invalid query costs no connection)
 * and commits when the response is ready. Failed mutations were already
 * rolled back to their own savepoint (shared/mutation.ts).
 */
export function operationPlugin(): ApolloServerPlugin<OperationCtx> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, schema, document, operation, request }) {
          // An operationName the document does not hold: Apollo answers it (400) after this hook.
          if (!operation) return;
          // Inputs PostgreSQL cannot take are refused here, before the transaction (input-screen.ts).
          const screened = screenInput(schema, document, operation, request.variables);
          if (screened.kind === 'refused') throw screened.error;
          if (screened.kind === 'userErrors') {
            contextValue.refusedInput = screened.byRootKey;
            if (screened.all) return;
          }
          try {
            await beginOperation(contextValue);
          } catch (error) {
            // No half-open transaction is left for willSendResponse to commit.
            await endOperation(contextValue, false).catch(() => undefined);
            if (isDatabaseUnavailable(error)) throw serviceUnavailable();
            throw error;
          }
        },
        async willSendResponse(requestContext: GraphQLRequestContext<OperationCtx>) {
          const ctx = requestContext.contextValue;
          const body = requestContext.response.body as { kind: 'single'; singleResult: { data?: unknown; errors?: unknown[]; extensions?: Record<string, unknown> } } | { kind: 'incremental' } | undefined;
          try {
            await endOperation(ctx, true);
          } catch (error) {
            ctx.log.error({ err: error }, 'commit failed');
            await endOperation(ctx, false).catch(() => undefined);
            if (body?.kind === 'single' && isDatabaseUnavailable(error)) {
              // The connection went away around COMMIT: whether it landed is not known here.
              body.singleResult.data = null;
              body.singleResult.errors = [
                new GraphQLError('The database connection was lost while committing; the change may not have been saved', {
                  extensions: { code: 'SERVICE_UNAVAILABLE', requestId: ctx.request.requestId },
                }),
              ];
              requestContext.response.http.status = 503;
            } else if (body?.kind === 'single') {
              body.singleResult.data = null;
              body.singleResult.errors = [
                new GraphQLError('The operation could not be committed; nothing was changed', {
                  extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: ctx.request.requestId },
                }),
              ];
              requestContext.response.http.status = 500;
            }
          } finally {
            ctx.em.clear();
          }
          // Every error is the database being away (a connection lost mid-operation): 503, retry later.
          const errors = requestContext.errors;
          if (errors?.length && errors.every((e) => isDatabaseUnavailable(e))) requestContext.response.http.status = 503;
          // Every error is a value the database refused: the request's fault.
          if (errors?.length && errors.every((e) => isBadInputDatabaseError(e))) requestContext.response.http.status = 400;
          if (ctx.config.exposeSqlCount && body?.kind === 'single') {
            body.singleResult.extensions = { ...(body.singleResult.extensions ?? {}), sqlStatements: ctx.sql.count };
          }
        },
      };
    },
  };
}
