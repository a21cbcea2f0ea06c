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

  /** ORM condition on a path property. */
  where(root: string): { $like: string } {
    return { $like: `${root}%` };
  },
};
