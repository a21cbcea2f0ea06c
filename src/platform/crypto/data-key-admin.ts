// Operations on the tenants' data keys outside requests: the provisioning
// step, the boot check, and the master-key rotation. Each change is a log
// entry of its tenant (actor SYSTEM) in the change's transaction.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProvisionHook } from '../hooks.js';
import { ActorKind } from '../audit/log.entity.js';
import { appendTenantLog } from '../audit/log-writer.js';
import { setTenantScope } from '../db/tenant-scope.js';
import { withSystemContext, type SystemDeps } from '../system-context.js';
import type { MasterKey } from './master-key.js';

/** Provisioning step: the new tenant's first data key (logged with the provisioning). */
export const provisionDataKey: ProvisionHook = async (tx, tenant) => {
  await tx.services.dataKeys.create(tx.em, tenant.id);
};

export async function tenantIds(deps: SystemDeps): Promise<string[]> {
  const rows = await deps.orm.em.fork().getConnection().execute<{ id: string }[]>('select id from tenant order by created_at, id');
  return rows.map((r) => r.id);
}

/** Runs work in one transaction scoped to the tenant, with no member. */
export function inTenant<T>(deps: SystemDeps, tenantId: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return withSystemContext(deps, null, async (ctx) => {
    await setTenantScope(ctx.em, tenantId, null);
    return work(ctx.em);
  });
}

export function logSystem(em: EntityManager, tenantId: string, action: string, reason: string, changes: { type: string; id: string; op: 'create' | 'update'; after: Record<string, unknown> }[]): Promise<unknown> {
  return appendTenantLog(em, {
    tenantId,
    actorKind: ActorKind.SYSTEM,
    action,
    targetType: 'TenantDataKey',
    targetId: null,
    reason,
    changes: changes.map((c) => ({ ...c, before: null })),
    requestId: null,
  });
}

/** At boot: every tenant without a key of the configured cipher gets one (a changed cipher starts a new version). */
export async function ensureSealingKeys(deps: SystemDeps): Promise<number> {
  const keys = deps.services.dataKeys;
  let created = 0;
  for (const tenantId of await tenantIds(deps)) {
    await inTenant(deps, tenantId, async (em) => {
      if (await keys.hasSealingKey(em, tenantId)) return;
      const key = await keys.create(em, tenantId);
      if (!key) return;
      await logSystem(em, tenantId, 'data_key.create', `data key for encryption at rest (${key.cipher})`, [
        { type: 'TenantDataKey', id: `${tenantId}:${key.version}`, op: 'create', after: { version: key.version, algorithm: key.cipher, masterKeyId: keys.master.id } },
      ]);
      created += 1;
    });
  }
  return created;
}

/** Re-wraps every tenant's data keys under `next`, one transaction per tenant; rows stay untouched. */
export async function rewrapAll(deps: SystemDeps, next: MasterKey): Promise<{ tenants: number; keys: number }> {
  const keys = deps.services.dataKeys;
  let tenants = 0;
  let total = 0;
  for (const tenantId of await tenantIds(deps)) {
    const done = await inTenant(deps, tenantId, async (em) => {
      const versions = await keys.rewrap(em, tenantId, next);
      if (versions.length) {
        await logSystem(em, tenantId, 'data_key.rewrap', `master key ${keys.master.id} → ${next.id}`, versions.map((v) => ({
          type: 'TenantDataKey', id: `${tenantId}:${v}`, op: 'update' as const, after: { version: v, masterKeyId: next.id },
        })));
      }
      return versions.length;
    });
    if (done) tenants += 1;
    total += done;
  }
  return { tenants, keys: total };
}
