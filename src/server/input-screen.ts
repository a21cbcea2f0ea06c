// String hygiene at the edge: every operation's inputs are screened once,
// after validation and before the operation's transaction (no database call
// sees them). A mutation whose payload has userErrors answers 200 with a
// userError per bad field; anything else is a 400 BAD_USER_INPUT.
import {
  getNamedType,
  GraphQLError,
  isObjectType,
  type DocumentNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { CommonErrorCode, DomainError } from '../platform/errors.js';
import { describeBadString, findBadStrings, type BadString } from '../platform/graphql/input-strings.js';
import { userErrorsOf, type UserError } from '../platform/graphql/relay.js';

export type Screened =
  | { kind: 'clean' }
  | { kind: 'refused'; error: GraphQLError }
  /** Mutation root fields answered with userErrors instead of running; `all`: no root field runs. */
  | { kind: 'userErrors'; byRootKey: Map<string, UserError[]>; all: boolean };

export function hasUserErrors(field: GraphQLField<unknown, unknown>): boolean {
  const type = getNamedType(field.type);
  return isObjectType(type) && 'userErrors' in type.getFields();
}

export function badInputError(bad: BadString[]): GraphQLError {
  const first = bad[0]!;
  return new GraphQLError(describeBadString(first), {
    extensions: {
      code: 'BAD_USER_INPUT',
      reason: CommonErrorCode.INVALID_CHARACTERS,
      field: first.path,
      fields: bad.map((b) => b.path),
      http: { status: 400 },
    },
  });
}

export function screenInput(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | null | undefined,
): Screened {
  const bad = findBadStrings(schema, document, operation, variables);
  if (!bad.length) return { kind: 'clean' };
  const mutation = operation.operation === 'mutation' ? schema.getMutationType() : null;
  if (!mutation) return { kind: 'refused', error: badInputError(bad) };
  const rootFields = new Map<string, string>();
  for (const sel of operation.selectionSet.selections) {
    if (sel.kind === 'Field') rootFields.set(sel.alias?.value ?? sel.name.value, sel.name.value);
  }
  const answerable = (b: BadString) => {
    const name = rootFields.get(b.rootKey);
    const field = name ? mutation.getFields()[name] : undefined;
    return b.atRoot && !!field && hasUserErrors(field);
  };
  // Below a payload, or behind a root fragment spread, there is no userErrors to answer in.
  if (!bad.every(answerable)) return { kind: 'refused', error: badInputError(bad) };
  const byRootKey = new Map<string, UserError[]>();
  for (const b of bad) {
    const errors = byRootKey.get(b.rootKey) ?? [];
    errors.push(...userErrorsOf([new DomainError(CommonErrorCode.INVALID_CHARACTERS, describeBadString(b), b.path)]));
    byRootKey.set(b.rootKey, errors);
  }
  // Only plain root fields can all be known to be refused (a root fragment may hold more).
  const onlyFields = operation.selectionSet.selections.every((s) => s.kind === 'Field');
  return { kind: 'userErrors', byRootKey, all: onlyFields && [...rootFields.keys()].every((k) => byRootKey.has(k)) };
}

/**
 * Lets each mutation with a payload answer a screened-out input with its
 * userErrors without running (one wrapper per root field, set once on the schema).
 */
export function answerScreenedMutations(schema: GraphQLSchema, refusedOf: (context: unknown) => Map<string, UserError[]> | undefined): void {
  const mutation = schema.getMutationType();
  if (!mutation) return;
  for (const field of Object.values(mutation.getFields())) {
    if (!hasUserErrors(field) || !field.resolve) continue;
    const resolve = field.resolve;
    field.resolve = (source, args, context, info) => {
      const userErrors = refusedOf(context)?.get(info.path.key as string);
      return userErrors ? { userErrors } : resolve(source, args, context, info);
    };
  }
}
