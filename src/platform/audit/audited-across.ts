import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditScope, auditScopeStorage } from './audit-scope.js';
import { setTenantScope } from '../db/tenant-scope.js';
import { ActorKind, type LogChange } from './log.entity.js';
import { appendTenantLog } from './log-writer.js';
import type { Actor, Ctx } from '../context.js';
import { Loaders } from '../loaders.js';
import { rolledBack, type Audited, type Outcome } from './mutation.js';

/** The change type of the entry that names the other tenant's entry of the same step. */
export const CROSS_REFERENCE = 'LogCrossReference';

/** One tenant's half of a step between two tenants. */
export interface AcrossHalf<T> {
  tenantId: string;
  /** Who acts in this tenant (the caller's actor for its own tenant; an actor of the other tenant otherwise). */
  actor: Actor | null | ((tx: Ctx) => Promise<Actor>);
  /** Who the entry names when not the half's actor (the receiving office opens the incident; the sender's user caused it). */
  loggedAs?: Actor | null;
  /** Whether the log entry names the actor as a member of this tenant. */
  memberOfTenant: boolean;
  work: (tx: Ctx, earlier: unknown) => Promise<Audited<T>>;
}

/**
 * The one place where a step switches tenant: both tenants' changes in one
 * transaction, each half under its own tenant scope (row-level security and
 * the ORM filter), then one entry in each tenant's log carrying the other
 * tenant's id and sequence. Either both sides commit or neither does.
 */
export async function auditedAcross<A, B>(
  ctx: Ctx,
  action: string,
  first: AcrossHalf<A>,
  second: AcrossHalf<B>,
  options: { platformEntry?: (em: EntityManager, seqs: [number, number]) => Promise<void> } = {},
): Promise<Outcome<[A, B]>> {
  if (first.tenantId === second.tenantId) throw new Error(`auditedAcross(${action}) needs two tenants`);
  const ownTenant = ctx.actor?.tenant?.id ?? null;
  try {
    const value = await ctx.em.transactional(async (raw) => {
      const em = raw as EntityManager;
      const done: { out: Audited<unknown>; scope: AuditScope; half: AcrossHalf<unknown> }[] = [];
      let earlier: unknown = null;
      const actors: (Actor | null)[] = [];
      for (const half of [first, second] as AcrossHalf<unknown>[]) {
        const scope = new AuditScope();
        const loaders = half.tenantId === ownTenant ? ctx.loaders : new Loaders();
        let actor: Actor | null;
        if (typeof half.actor === 'function') {
          await setTenantScope(em, half.tenantId, null);
          actor = await half.actor({ ...ctx, em, actor: null, loaders });
        } else actor = half.actor;
        actors.push(actor);
        await setTenantScope(em, half.tenantId, actor?.userId ?? null);
        const tx: Ctx = { ...ctx, em, actor, loaders };
        const out = await auditScopeStorage.run(scope, async () => {
          const o = await half.work(tx, earlier);
          await em.flush();
          return o;
        });
        earlier = out.result;
        done.push({ out, scope, half });
      }
      // Lock both heads in one order (no deadlock between opposite steps), then write: the sequences are then known in advance.
      const heads = new Map<string, number>();
      for (const tenantId of [first.tenantId, second.tenantId].sort()) {
        await setTenantScope(em, tenantId, ctx.actor?.userId ?? null);
        const [row] = await em.getConnection().execute<{ seq: string }[]>('select seq from log_head where tenant_id = ? for update', [tenantId], 'all', em.getTransactionContext());
        if (!row) throw new Error(`tenant ${tenantId} has no log head`);
        heads.set(tenantId, Number(row.seq) + 1);
      }
      const seqs: number[] = [];
      for (const [i, { out, scope, half }] of done.entries()) {
        const other = done[1 - i]!.half.tenantId;
        const actor = half.loggedAs !== undefined ? half.loggedAs : actors[i] ?? null;
        await setTenantScope(em, half.tenantId, actors[i]?.userId ?? null);
        const cross: LogChange = { type: CROSS_REFERENCE, id: other, op: 'create', before: null, after: { tenantId: other, seq: heads.get(other)! } };
        const written = await appendTenantLog(em, {
          tenantId: half.tenantId,
          actorKind: actor ? ActorKind.USER : ActorKind.SYSTEM,
          actorUserId: actor?.userId ?? null,
          actorMemberId: half.memberOfTenant ? actor?.memberId ?? null : null,
          actorRoles: half.memberOfTenant ? actor?.roleLabels ?? [] : [],
          action,
          targetType: out.target?.type ?? null,
          targetId: out.target?.id ?? null,
          incidentId: out.incidentId ?? null,
          event: out.event ?? null,
          changes: [...scope.changes, ...(out.extraChanges ?? []), cross],
          reason: out.reason ?? null,
          requestId: ctx.request.requestId,
          clientAddress: ctx.request.clientAddress,
        });
        if (written.seq !== heads.get(half.tenantId)) throw new Error(`auditedAcross(${action}): the log of ${half.tenantId} moved under its lock`);
        seqs.push(written.seq);
      }
      if (options.platformEntry) await options.platformEntry(em, [seqs[0]!, seqs[1]!]);
      await setTenantScope(em, ownTenant, ctx.actor?.userId ?? null);
      return [done[0]!.out.result, done[1]!.out.result] as [A, B];
    });
    ctx.loaders.clearAll();
    return { ok: true, value };
  } catch (error) {
    ctx.loaders.clearAll();
    // The savepoint is gone; the caller's tenant scope comes back with it (SET LOCAL is transactional).
    return rolledBack(error);
  }
}
