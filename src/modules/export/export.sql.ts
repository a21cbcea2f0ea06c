// The export worker's statements on export_job (claim with SKIP LOCKED and a
// lease, progress, failure, the finished ones past their retention). Each runs
// in a transaction scoped to the tenant; the agenda reads across tenants.
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { readAcrossTenants } from '../../platform/db/agenda-role.js';

/** A job the worker may take: queued, or running under a lease that ran out (its process died). */
const claimable = (j: string, now: string) => `(${j}.status = 'QUEUED' or (${j}.status = 'RUNNING' and ${j}.lease_until < ${now}))`;
/** A finished job whose retention has passed (isExpired in export.entity.ts, in SQL). */
const expired = (j: string, now: string) => `(${j}.status = 'DONE' and ${j}.expires_at <= ${now})`;

export interface ClaimedJob {
  id: string;
  session_id: string;
  user_id: string;
  attempts: number;
}

export const exportSql = {
  /**
   * Active tenants with a job to take or a finished file past its retention:
   * one statement across tenants, as the agenda role (it reads only these columns).
   */
  async pendingTenants(orm: MikroORM, now: Date): Promise<string[]> {
    const rows = await readAcrossTenants<{ id: string }>(
      orm,
      `select distinct j.tenant_id as id from export_job j join tenant t on t.id = j.tenant_id
        where t.status = 'ACTIVE' and (
          (j.status in ('QUEUED', 'RUNNING') and ${claimable('j', '?')})
          or ${expired('j', '?')}) order by 1`,
      [now, now],
    );
    return rows.map((r) => r.id);
  },

  /** The tenant's finished jobs past their retention, oldest first, locked (another instance skips them). */
  /** Locks one expired job for its expiry; false when another instance has it (or it is not due). */
  async lockExpiredJob(em: EntityManager, tenantId: string, jobId: string, now: Date): Promise<boolean> {
    const rows = await em.execute<{ id: string }[]>(
      `select j.id from export_job j where j.tenant_id = ? and j.id = ? and ${expired('j', '?')} for update skip locked`,
      [tenantId, jobId, now],
    );
    return rows.length > 0;
  },

  async lockExpired(em: EntityManager, tenantId: string, now: Date, limit: number): Promise<string[]> {
    const rows = await em.execute<{ id: string }[]>(
      `select j.id from export_job j where j.tenant_id = ? and ${expired('j', '?')}
        order by j.expires_at, j.id limit ? for update skip locked`,
      [tenantId, now, limit],
    );
    return rows.map((r) => r.id);
  },

  /** The oldest queued job, or a running one whose lease ran out (its process died), now RUNNING under a new lease. */
  async claim(em: EntityManager, tenantId: string, now: Date, leaseMs: number): Promise<ClaimedJob | null> {
    const [row] = await em.execute<ClaimedJob[]>(
      `update export_job j set status = 'RUNNING', lease_until = ?, attempts = j.attempts + 1, rows_done = 0
        where j.tenant_id = ? and j.id = (
          select c.id from export_job c
           where c.tenant_id = ? and ${claimable('c', '?')}
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
