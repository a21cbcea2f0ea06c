// The export worker's statements on export_job (claim with SKIP LOCKED and a
// lease, progress, failure). Each runs in a transaction scoped to the tenant.
import type { EntityManager } from '@mikro-orm/postgresql';

export interface ClaimedJob {
  id: string;
  session_id: string;
  user_id: string;
  attempts: number;
}

export const exportSql = {
  /** Tenants that may have work: active ones (export_job is read per tenant, under row-level security). */
  async activeTenants(em: EntityManager): Promise<string[]> {
    const rows = await em.execute<{ id: string }[]>(`select id from tenant where status = 'ACTIVE' order by id`);
    return rows.map((r) => r.id);
  },

  /** The oldest queued job, or a running one whose lease ran out (its process died), now RUNNING under a new lease. */
  async claim(em: EntityManager, tenantId: string, now: Date, leaseMs: number): Promise<ClaimedJob | null> {
    const [row] = await em.execute<ClaimedJob[]>(
      `update export_job j set status = 'RUNNING', lease_until = ?, attempts = j.attempts + 1, rows_done = 0
        where j.tenant_id = ? and j.id = (
          select c.id from export_job c
           where c.tenant_id = ? and (c.status = 'QUEUED' or (c.status = 'RUNNING' and c.lease_until < ?))
           order by c.created_at, c.id limit 1 for update skip locked)
        returning j.id, j.session_id, j.user_id, j.attempts`,
      [new Date(now.getTime() + leaseMs), tenantId, tenantId, now],
    );
    return row ?? null;
  },

  async progress(em: EntityManager, tenantId: string, id: string, done: number, leaseUntil: Date): Promise<void> {
    await em.execute(`update export_job set rows_done = ?, lease_until = ? where tenant_id = ? and id = ? and status = 'RUNNING'`, [done, leaseUntil, tenantId, id]);
  },

  async fail(em: EntityManager, tenantId: string, id: string, error: string, now: Date): Promise<void> {
    await em.execute(
      `update export_job set status = 'FAILED', error = ?, finished_at = ?, lease_until = null where tenant_id = ? and id = ? and status = 'RUNNING'`,
      [error.slice(0, 500), now, tenantId, id],
    );
  },
};
