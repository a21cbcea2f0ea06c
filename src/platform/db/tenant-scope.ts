import type { EntityManager } from '@mikro-orm/postgresql';
import { TENANT_FILTER } from './tenant-filter.js';

/** Sets the tenant (and user) that row-level security and the ORM filter see, for this transaction. */
export async function setTenantScope(em: EntityManager, tenantId: string | null, userId: string | null): Promise<void> {
  await em.execute(`select set_config('app.tenant_id', ?, true), set_config('app.user_id', ?, true)`, [tenantId ?? '', userId ?? '']);
  if (tenantId) em.setFilterParams(TENANT_FILTER, { tenantId });
}
