// SQL of alert periods for statements other modules compose.
import { unitSubtree } from '../../platform/unit-subtree.js';

export const alertPeriodSql = {
  /** The paths of the units of the periods on at `at` (an expression or `?`), as text[] (null when none). */
  unitPathsOnAtSql(tenant: string, at: string): string {
    return `(select array_agg(u.path) from alert_period a join unit u on u.tenant_id = a.tenant_id and u.id = a.unit_id
       where a.tenant_id = ${tenant} and a.starts_at <= ${at} and a.ends_at > ${at})`;
  },

  /** What alertPeriodService.activeAt answers for a unit, from those paths: a period covers its unit's subtree. */
  covers(periodUnitPaths: readonly string[] | null, unitPath: string): boolean {
    return (periodUnitPaths ?? []).some((path) => unitSubtree.contains(path, unitPath));
  },
};
