// Who may see an incident, in one place: the caller needs INCIDENT_READ, the
// incident's unit must lie in the caller's subtree, and the caller must not be
// a subject of, or recused from, the case. Everything under an incident
// (tasks, reports, evidence, clocks, petitioners, history) follows the same rule.
import { LockMode } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { CommonErrorCode, DomainError, notFound } from '../../platform/errors.js';
import { idOf } from '../../platform/ids.js';
import { requireMember, scopePattern } from '../../platform/authz.js';
import { Permission } from '../../platform/permissions.js';
import { Incident } from './incident.entity.js';
import { IncidentExclusion } from '../petition/petitioner.entity.js';

function canRead(ctx: Ctx): boolean {
  return !!ctx.actor?.memberId && !!ctx.actor.unitPath && !!ctx.actor.tenant && ctx.actor.permissions.has(Permission.INCIDENT_READ);
}

export const incidentAccess = {
  /**
   * Of the given incident uuids, those the caller may see (one statement).
   * Realtime filters incident events with it, so a subscriber sees exactly
   * what the queries would show.
   */
  async visibleIncidentIds(ctx: Ctx, ids: readonly string[]): Promise<Set<string>> {
    if (!canRead(ctx) || ids.length === 0) return new Set();
    const actor = requireMember(ctx);
    const rows = await ctx.em.getConnection().execute<{ id: string }[]>(
      `select i.id from incident i
         join unit u on u.tenant_id = i.tenant_id and u.id = i.unit_id
        where i.tenant_id = ? and i.id = any(?::uuid[]) and u.path like ?
          and not exists (select 1 from incident_exclusion x where x.tenant_id = i.tenant_id and x.incident_id = i.id and x.member_id = ?)`,
      [actor.tenant.id, `{${[...new Set(ids)].join(',')}}`, scopePattern(actor), actor.memberId],
      'all',
      ctx.em.getTransactionContext(),
    );
    return new Set(rows.map((r) => r.id));
  },

  /** Where-conditions (MikroORM) restricting incidents to those the caller may see. */
  visibleWhere(ctx: Ctx): Record<string, unknown>[] {
    const actor = requireMember(ctx);
    const excluded = ctx.em.getKnex().select('incident_id').from('incident_exclusion').where({ tenant_id: actor.tenant.id, member_id: actor.memberId });
    return [{ unit: { path: { $like: scopePattern(actor) } } }, { id: { $nin: excluded } }];
  },

  /** An incident the caller may see, by uuid, or null. */
  async find(ctx: Ctx, id: string): Promise<Incident | null> {
    if (!canRead(ctx)) return null;
    return ctx.em.findOne(Incident, { $and: [{ id }, ...this.visibleWhere(ctx)] });
  },

  /** An incident the caller may see, by global id, or NOT_FOUND. */
  async get(ctx: Ctx, globalId: string, field: string[] | null = null): Promise<Incident> {
    const incident = await this.find(ctx, idOf('Incident', globalId, field));
    if (!incident) throw notFound('Incident', field);
    return incident;
  },

  /**
   * For a change: the visible incident, locked (SELECT … FOR UPDATE) until the
   * operation commits, re-read after the lock so a racing change is seen.
   */
  async lock(ctx: Ctx, incidentId: string, field: string[] = ['input', 'incidentId'], expectedVersion?: number | null): Promise<Incident> {
    const visible = await this.find(ctx, incidentId);
    if (!visible) throw notFound('Incident', field);
    const locked = await ctx.em.findOneOrFail(Incident, { id: incidentId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (expectedVersion !== undefined && expectedVersion !== null && locked.version !== expectedVersion) {
      throw new DomainError(CommonErrorCode.STALE_OBJECT, `The incident changed (version ${locked.version}, expected ${expectedVersion}); reload it`, ['input', 'expectedVersion']);
    }
    return locked;
  },

  /** Members kept out of these incidents (subjects and recused), batched per operation. */
  exclusionsLoader(ctx: Ctx) {
    return ctx.loaders.get<string, IncidentExclusion[]>('incidentExclusions', async (ids) => {
      const rows = await ctx.em.find(IncidentExclusion, { incident: { id: { $in: [...ids] } } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
      return ids.map((id) => rows.filter((r) => r.incident.id === id));
    });
  },
};
