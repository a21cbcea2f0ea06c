import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditScope, auditScopeStorage } from './audit-scope.js';
import { setTenantScope } from '../db/tenant-scope.js';
import { ActorKind, type LogChange } from './log.entity.js';
import { appendTenantLog } from './log-writer.js';
import type { Ctx } from '../context.js';
import { DomainError, DomainErrors, invalid } from '../errors.js';
import { badInputProblem } from '../db/bad-input.js';

/** What a mutation reports about itself for its log entry. */
export interface Audited<T> {
  result: T;
  target?: { type: string; id: string } | null;
  incidentId?: string | null;
  /** Realtime event kind for incident entries. */
  event?: string | null;
  reason?: string | null;
  /** Changes made outside the unit of work (bulk SQL), described by the service. */
  extraChanges?: LogChange[];
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: DomainError[] };

export interface AuditOptions {
  /** Write into another tenant than the caller's (sign-in, provisioning, public and system work). */
  tenantId?: string;
  actorKind?: ActorKind;
  /** The acting user and member when the context has no actor yet (sign-in). */
  actor?: { userId: string; memberId: string | null; roles: string[] };
}

/**
 * The one place where a change and its log entry are written together: a
 * savepoint inside the operation's transaction, the service's work, a flush,
 * then exactly one entry. A rule failure rolls the savepoint back and becomes
 * userErrors; nothing of the failed mutation remains, entry included.
 */
export async function audited<T>(
  ctx: Ctx,
  action: string,
  work: (tx: Ctx) => Promise<Audited<T>>,
  options: AuditOptions = {},
): Promise<Outcome<T>> {
  const ownTenant = ctx.actor?.tenant?.id ?? null;
  const tenantId = options.tenantId ?? ownTenant;
  if (!tenantId) throw new Error(`audited(${action}) needs a tenant`);
  const switching = tenantId !== ownTenant;
  const scope = new AuditScope();
  try {
    const value = await auditScopeStorage.run(scope, () =>
      ctx.em.transactional(async (em) => {
        if (switching) await setTenantScope(em as EntityManager, tenantId, ctx.actor?.userId ?? options.actor?.userId ?? null);
        const tx: Ctx = { ...ctx, em: em as EntityManager };
        const out = await work(tx);
        await em.flush();
        const sameTenantActor = ownTenant === tenantId && ctx.actor;
        await appendTenantLog(em as EntityManager, {
          tenantId,
          actorKind: options.actorKind ?? (ctx.actor || options.actor ? ActorKind.USER : ActorKind.PUBLIC),
          actorUserId: options.actor?.userId ?? ctx.actor?.userId ?? null,
          actorMemberId: options.actor?.memberId ?? (sameTenantActor ? ctx.actor!.memberId : null),
          actorRoles: options.actor?.roles ?? (sameTenantActor ? ctx.actor!.roleLabels : []),
          action,
          targetType: out.target?.type ?? null,
          targetId: out.target?.id ?? null,
          incidentId: out.incidentId ?? null,
          event: out.event ?? null,
          changes: [...scope.changes, ...(out.extraChanges ?? [])],
          reason: out.reason ?? null,
          requestId: ctx.request.requestId,
          clientAddress: ctx.request.clientAddress,
        });
        if (switching) await setTenantScope(em as EntityManager, ownTenant, ctx.actor?.userId ?? null);
        return out.result;
      }),
    );
    ctx.loaders.clearAll();
    return { ok: true, value };
  } catch (error) {
    // What the rolled-back work read or primed (report's context read) is forgotten too.
    ctx.loaders.clearAll();
    return rolledBack(error);
  }
}

/**
 * A rolled-back step's error as a failed Outcome: domain errors, and a value
 * the database refused (too long, out of range, ...) as INVALID_INPUT — the
 * savepoint is gone, so is the change. Anything else is rethrown.
 */
export function rolledBack<T>(error: unknown): Outcome<T> {
  if (error instanceof DomainError) return { ok: false, errors: [error] };
  if (error instanceof DomainErrors) return { ok: false, errors: error.errors };
  const problem = badInputProblem(error);
  if (problem) return { ok: false, errors: [invalid(problem, ['input'])] };
  throw error;
}

/** A failed outcome from domain errors (for checks made before any write). */
export function failed<T>(...errors: DomainError[]): Outcome<T> {
  return { ok: false, errors };
}

/** Runs checks made before any write (input validation, id parsing); a domain error becomes a failed Outcome. */
export async function precheck<T>(check: () => T | Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await check() };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, errors: [error] };
    if (error instanceof DomainErrors) return { ok: false, errors: error.errors };
    throw error;
  }
}
