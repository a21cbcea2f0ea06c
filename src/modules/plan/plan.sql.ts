// SQL of the plan table for statements other modules compose, and the cache of
// published levels (a published version never changes: only drafts are edited).
import type { Ctx } from '../../platform/context.js';
import type { PlanSnapshot, ResponseLevel, SupplementaryMeasure } from './plan.model.js';

interface PublishedJson {
  id: string;
  version: number;
  title: string;
}

interface PublishedParts {
  levels: ResponseLevel[];
  measures: SupplementaryMeasure[];
  staged: boolean;
}

const publishedLevels = new Map<string, PublishedParts>();
const MAX_CACHED_PLANS = 1000;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The levels and measures of a published version, read once per process (frozen: shared by every request). */
async function levelsOf(ctx: Ctx, tenantId: string, planId: string, version: number): Promise<PublishedParts> {
  const key = `${tenantId}:${planId}:${version}`;
  const cached = publishedLevels.get(key);
  if (cached) return cached;
  const [row] = await ctx.em.getConnection().execute<(PublishedParts & { staged_duties?: boolean })[]>(
    `select levels, measures, staged_duties from plan where tenant_id = ? and id = ? and version = ? and status <> 'DRAFT'`,
    [tenantId, planId, version],
    'all',
    ctx.em.getTransactionContext(),
  );
  if (!row) throw new Error(`plan ${planId} v${version} vanished`);
  if (publishedLevels.size >= MAX_CACHED_PLANS) publishedLevels.clear();
  const parts = deepFreeze({ levels: row.levels, measures: row.measures ?? [], staged: !!row.staged_duties });
  publishedLevels.set(key, parts);
  return parts;
}

export const planSql = {
  /** json {id, version, title} of the tenant's published plan, or null; which version is published is read every time. */
  publishedJson(tenant: string): string {
    return `(select json_build_object('id', p.id, 'version', p.version, 'title', p.title) from plan p where p.tenant_id = ${tenant} and p.status = 'PUBLISHED' limit 1)`;
  },

  /** The snapshot planService.activeSnapshot answers, from `publishedJson` (levels from the cache). */
  async snapshotFromJson(ctx: Ctx, tenantId: string, published: PublishedJson | null): Promise<PlanSnapshot | null> {
    if (!published) return null;
    const { levels, measures, staged } = await levelsOf(ctx, tenantId, published.id, published.version);
    return { planId: published.id, version: published.version, title: published.title, levels, measures, staged };
  },
};
