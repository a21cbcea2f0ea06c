// Look-ahead: which fields a query asks for below the current one, so a list
// can read its children in its own statement instead of one loader each.
import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

function fieldsOf(info: GraphQLResolveInfo, set: SelectionSetNode, out: FieldNode[] = []): FieldNode[] {
  for (const s of set.selections) {
    if (s.kind === 'Field') out.push(s);
    else if (s.kind === 'InlineFragment') fieldsOf(info, s.selectionSet, out);
    else {
      const fragment = info.fragments[s.name.value];
      if (fragment) fieldsOf(info, fragment.selectionSet, out);
    }
  }
  return out;
}

/** Names of the fields selected at `path` below the current field (e.g. ['edges', 'node']), fragments included. */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  let sets = info.fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  for (const name of path) {
    sets = sets.flatMap((s) => fieldsOf(info, s).flatMap((f) => (f.name.value === name && f.selectionSet ? [f.selectionSet] : [])));
  }
  return new Set(sets.flatMap((s) => fieldsOf(info, s).map((f) => f.name.value)));
}
