import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { setTenantScope } from './tenant-scope.js';

/**
 * A short transaction outside any HTTP operation, scoped to one tenant for
 * row-level security and the ORM filter (socket authentication, log reads,
 * rendering of event payloads).
 */
export async function inTenantTransaction<T>(orm: MikroORM, tenantId: string | null, userId: string | null, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const em = orm.em.fork({ clear: true, useContext: false });
  await em.begin();
  try {
    await setTenantScope(em, tenantId, userId);
    const result = await work(em);
    await em.commit();
    return result;
  } catch (error) {
    await em.rollback().catch(() => undefined);
    throw error;
  }
}

/** Runs a statement in the transaction of `em`. */
export function sql<T>(em: EntityManager, query: string, params: unknown[] = []): Promise<T[]> {
  return em.getConnection().execute<T[]>(query, params, 'all', em.getTransactionContext());
}
