// The export worker: visits only the tenants with a job to take (one
// statement across tenants), claims jobs one at a time per tenant (FOR UPDATE SKIP
// LOCKED, with a lease, so several instances share the work and a job of a
// process that died is taken over), runs each as the session that asked, and
// marks it FAILED when it cannot be done (the session ended, a permission
// was withdrawn, too many attempts). Then it expires the tenant's finished
// files past EXPORT_RETENTION_HOURS (removed from the store, job EXPIRED).
import type { Ctx } from '../../platform/context.js';
import type { SystemDeps } from '../../platform/system-context.js';
import { withSystemContext } from '../../platform/system-context.js';
import { setTenantScope } from '../../platform/db/tenant-scope.js';
import { DomainError } from '../../platform/errors.js';
import { loadActor } from '../session/actor.service.js';
import { exportService } from './export.service.js';
import { exportSql, type ClaimedJob } from './export.sql.js';

const MAX_ATTEMPTS = 3;
/** Expired jobs locked per batch (each then expired in a transaction of its own). */
const EXPIRY_BATCH = 100;

export class ExportWorker {
  constructor(
    private readonly deps: SystemDeps,
    private readonly options: { now?: () => Date; tenantIds?: string[]; /** Called after each progress commit (tests read export(id) mid-run). */ afterProgress?: (jobId: string, done: number) => Promise<void> } = {},
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private inTenant<T>(tenantId: string, userId: string | null, work: (ctx: Ctx) => Promise<T>): Promise<T> {
    return withSystemContext(this.deps, null, async (ctx) => {
      await setTenantScope(ctx.em, tenantId, userId);
      return work(ctx);
    });
  }

  /** Every tenant's queued jobs until none is left, then its expired files; answers how many ran (done or failed). */
  async runOnce(): Promise<number> {
    return (await this.pass()).ran;
  }

  /** One pass: how many jobs ran and how many finished ones expired. */
  async pass(): Promise<{ ran: number; expired: number }> {
    let ran = 0;
    let expired = 0;
    const tenants = this.options.tenantIds ?? (await exportSql.pendingTenants(this.deps.orm, this.now()));
    for (const tenantId of tenants) {
      for (;;) {
        const job = await this.inTenant(tenantId, null, (ctx) => exportSql.claim(ctx.em, tenantId, this.now(), this.deps.config.exports.leaseMs));
        if (!job) break;
        await this.runJob(tenantId, job);
        ran++;
      }
      expired += await this.expireTenant(tenantId);
    }
    return { ran, expired };
  }

  /** The tenant's finished jobs past their retention, each expired (file removed, logged) in a transaction of its own. */
  private async expireTenant(tenantId: string): Promise<number> {
    let expired = 0;
    const seen = new Set<string>();
    for (;;) {
      const now = this.now();
      const due = (await this.inTenant(tenantId, null, (ctx) => exportSql.lockExpired(ctx.em, tenantId, now, EXPIRY_BATCH))).filter((id) => !seen.has(id));
      if (!due.length) return expired;
      for (const id of due) {
        seen.add(id);
        try {
          if (await this.inTenant(tenantId, null, (ctx) => exportService.expire(ctx, tenantId, id, now))) expired++;
        } catch (err) {
          // The next pass tries again (the job is still DONE past its expiry); the download already answers 410.
          this.deps.logger.error({ err, tenantId, jobId: id }, 'export expiry failed');
        }
      }
    }
  }

  private async runJob(tenantId: string, job: ClaimedJob): Promise<void> {
    if (job.attempts > MAX_ATTEMPTS) {
      await this.inTenant(tenantId, null, (ctx) => exportSql.fail(ctx.em, tenantId, job.id, `gave up after ${MAX_ATTEMPTS} attempts`, this.now()));
      return;
    }
    const progress = async (done: number) => {
      await this.inTenant(tenantId, null, (ctx) => exportSql.progress(ctx.em, tenantId, job.id, done, new Date(this.now().getTime() + this.deps.config.exports.leaseMs)));
      await this.options.afterProgress?.(job.id, done);
    };
    try {
      await this.inTenant(tenantId, job.user_id, async (ctx) => {
        ctx.actor = await loadActor(ctx.em, { sub: job.user_id, tid: tenantId, sid: job.session_id });
        await exportService.run(ctx, job.id, progress, () => this.now());
      });
    } catch (err) {
      const known = err instanceof DomainError || (err instanceof Error && 'extensions' in err);
      if (!known) this.deps.logger.error({ err, tenantId, jobId: job.id }, 'export job failed');
      const message = known ? (err as Error).message : 'the export could not be made';
      await this.inTenant(tenantId, null, (ctx) => exportSql.fail(ctx.em, tenantId, job.id, message, this.now()));
    }
  }
}
