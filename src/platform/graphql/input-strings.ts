// Finds the strings of an operation that PostgreSQL cannot take: a NUL
// (refused by the server, and it truncates the SQL text the ORM inlines values
// into) or a lone UTF-16 surrogate (silently stored as U+FFFD). Walks every
// argument of every field, coerced the way execution will coerce it
// (variables, literals, nested inputs, lists), so one check covers every input.
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isInputObjectType,
  isListType,
  isObjectType,
  isAbstractType,
  isUnionType,
  Kind,
  typeFromAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export type BadCharacter = 'NUL' | 'LONE_SURROGATE';

export interface BadString {
  /** Response key of the root field whose selection holds it. */
  rootKey: string;
  /** Argument path: ['input', 'summary'], ['filter', 'text'], ['ids', '2']. */
  path: string[];
  /** An argument of the root field itself (not of a field selected below it). */
  atRoot: boolean;
  problem: BadCharacter;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function badCharacterIn(value: string): BadCharacter | null {
  if (value.includes('\u0000')) return 'NUL';
  if (LONE_SURROGATE.test(value)) return 'LONE_SURROGATE';
  return null;
}

export function describeBadString(bad: BadString): string {
  const what = bad.problem === 'NUL' ? 'a NUL character (\\u0000)' : 'a lone UTF-16 surrogate';
  return `${bad.path.join('.')} holds ${what}, which cannot be stored`;
}

/** Every bad string the operation's arguments hold; empty when variables do not coerce (execution reports that). */
export function findBadStrings(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | null | undefined,
): BadString[] {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (coerced.errors) return [];
  const variables = coerced.coerced;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = schema.getRootType(operation.operation);
  if (!root) return [];
  const found: BadString[] = [];
  type At = Pick<BadString, 'rootKey' | 'atRoot'>;

  const walkValue = (at: At, type: GraphQLInputType, value: unknown, path: string[]): void => {
    if (value === null || value === undefined) return;
    const t = getNullableType(type);
    if (isListType(t)) {
      if (Array.isArray(value)) value.forEach((v, i) => walkValue(at, t.ofType, v, [...path, String(i)]));
      return;
    }
    if (isInputObjectType(t)) {
      const fields = t.getFields();
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const f = fields[k];
        if (f) walkValue(at, f.type, v, [...path, k]);
      }
      return;
    }
    scanLeaf(at, value, path);
  };

  // Scalars: a string, or whatever a custom scalar parsed (any string inside it).
  const scanLeaf = (at: At, value: unknown, path: string[]): void => {
    if (typeof value === 'string') {
      const problem = badCharacterIn(value);
      if (problem) found.push({ ...at, path, problem });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => scanLeaf(at, v, [...path, String(i)]));
    } else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      for (const [k, v] of Object.entries(value)) scanLeaf(at, v, [...path, k]);
    }
  };

  const walkSelections = (rootKey: string | null, parent: GraphQLCompositeType, set: SelectionSetNode, seen: Set<string>): void => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const key = rootKey ?? sel.alias?.value ?? sel.name.value;
        const field = isUnionType(parent) ? undefined : parent.getFields()[sel.name.value];
        if (!field) continue; // __typename (no arguments)
        if (field.args.length && sel.arguments?.length) {
          let args: Record<string, unknown> = {};
          try {
            args = getArgumentValues(field, sel, variables);
          } catch {
            continue; // execution reports the bad argument
          }
          for (const a of field.args) walkValue({ rootKey: key, atRoot: rootKey === null }, a.type, args[a.name], [a.name]);
        }
        const named = getNamedType(field.type);
        if (sel.selectionSet && (isObjectType(named) || isAbstractType(named))) walkSelections(key, named, sel.selectionSet, seen);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const cond = sel.typeCondition ? typeFromAST(schema, sel.typeCondition) : parent;
        if (cond && (isObjectType(cond) || isAbstractType(cond))) walkSelections(rootKey, cond, sel.selectionSet, seen);
      } else {
        // One walk per fragment and root field (a fragment bomb is refused by validation before this).
        const name = sel.name.value;
        const mark = `${rootKey ?? ''}\u0001${name}`;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(mark)) continue;
        seen.add(mark);
        const cond = typeFromAST(schema, fragment.typeCondition);
        if (cond && (isObjectType(cond) || isAbstractType(cond))) walkSelections(rootKey, cond, fragment.selectionSet, seen);
      }
    }
  };

  walkSelections(null, root, operation.selectionSet, new Set());
  return found;
}
