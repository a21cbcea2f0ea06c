// Membership in a unit subtree, in one place. A unit's materialised path is
// its ancestors' ids and its own, each followed by '/' (paths hold only uuids
// and slashes), so "in the subtree of R" is "the path starts with R's path".
// The in-memory test, the SQL fragment and the ORM condition are built here
// from that one definition.

export const unitSubtree = {
  /** `path` lies in the subtree rooted at the unit whose path is `root` (the root included). */
  contains(root: string, path: string): boolean {
    return path.startsWith(root);
  },

  /** One unit lies in the other's subtree: on the same chain, above or below. */
  related(a: string, b: string): boolean {
    return a.startsWith(b) || b.startsWith(a);
  },

  /** The LIKE pattern of the subtree (safe: no wildcard can occur in a path). */
  pattern(root: string): string {
    return `${root}%`;
  },

  /** SQL: the path expression lies in the subtree; one parameter, `pattern(root)`. */
  sql(pathExpression: string): string {
    return `${pathExpression} like ?`;
  },

  /** SQL: the unit at `pathExpression` is the one at `belowExpression` or above it (on its chain). */
  sqlAbove(pathExpression: string, belowExpression: string): string {
    return `starts_with(${belowExpression}, ${pathExpression})`;
  },

  /** A jurisdiction holds the tenant's root unit: it covers the whole tenant. */
  coversRoot(roots: readonly string[]): boolean {
    return roots.some((root) => root.split('/').filter(Boolean).length === 1);
  },

  /** `path` lies in one of the subtrees rooted at `roots` (a jurisdiction). */
  containsAny(roots: readonly string[], path: string): boolean {
    return roots.some((root) => path.startsWith(root));
  },

  /** The LIKE patterns of several subtrees as one text[] literal (paths hold no comma, quote or brace). */
  patterns(roots: readonly string[]): string {
    return `{${roots.map((r) => `${r}%`).join(',')}}`;
  },

  /** SQL: the path expression lies in one of the subtrees; one parameter, `patterns(roots)`. */
  sqlAny(pathExpression: string, parameter = '?'): string {
    return `${pathExpression} like any(${parameter}::text[])`;
  },

  /** ORM condition: the `path` property of `relation` lies in one of the subtrees (never true for none). */
  whereAny(roots: readonly string[], relation: string): Record<string, unknown> {
    if (roots.length === 0) return { [relation]: { path: { $in: [] } } };
    return { $or: roots.map((root) => ({ [relation]: { path: { $like: `${root}%` } } })) };
  },

  /** ORM condition on a path property. */
  where(root: string): { $like: string } {
    return { $like: `${root}%` };
  },
};
