import type { EntityManager } from '@mikro-orm/postgresql';
import { TENANT_FILTER } from './tenant-filter.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A scope value as a SQL literal: SET takes no parameters, so only a uuid (or nothing) is ever written into it. */
function scopeLiteral(id: string | null): string {
  if (id === null || id === '') return `''`;
  if (!UUID.test(id)) throw new Error('A tenant scope is a uuid');
  return `'${id.toLowerCase()}'`;
}

/**
 * Sets the tenant (and user) that row-level security and the ORM filter see, for this transaction.
 * `SET LOCAL` rather than `set_config(…, true)`: the same transaction-local setting, in one round trip,
 * and the form Citus propagates to its workers (README, scale-out).
 */
export async function setTenantScope(em: EntityManager, tenantId: string | null, userId: string | null): Promise<void> {
  await em.execute(`set local app.tenant_id = ${scopeLiteral(tenantId)}; set local app.user_id = ${scopeLiteral(userId)}`);
  if (tenantId) em.setFilterParams(TENANT_FILTER, { tenantId });
}
