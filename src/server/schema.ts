import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { createPubSub } from '@graphql-yoga/subscription';
import { resolvers } from './resolvers.js';
import './error-codes.js';
import { answerScreenedMutations } from './input-screen.js';
import type { OperationCtx } from './context.js';

let cached: Promise<GraphQLSchema> | null = null;

/** The executable schema. Validation of inputs runs in services (it becomes userErrors). */
export function getSchema(): Promise<GraphQLSchema> {
  if (!cached) {
    cached = buildSchema({
      resolvers,
      scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
      validate: false,
      // type-graphql requires a pubSub once a @Subscription exists; our
      // subscriptions use their own log-driven source (modules/realtime).
      pubSub: createPubSub(),
      emitSchemaFile: false,
    }).then((schema) => {
      answerScreenedMutations(schema, (ctx) => (ctx as OperationCtx | undefined)?.refusedInput);
      return schema;
    });
  }
  return cached;
}
