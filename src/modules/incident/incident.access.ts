// Who may see an incident, in one place: the caller needs INCIDENT_READ, the
// incident's unit must lie in the caller's unit subtree, and the caller must
// not be a subject of, or recused from, the case (举报). Everything under an
// incident (tasks, reports, evidence, clocks, petitioners, findings, log
// entries, events) follows the same rule. Its forms — a SQL fragment, the ORM
// condition, and the in-memory test over a row's facts — are all built from
// the two predicates below, so they cannot drift apart.
import { LockMode, type EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor, Ctx } from '../../platform/context.js';
import { CommonErrorCode, DomainError, notFound } from '../../platform/errors.js';
import { idOf } from '../../platform/ids.js';
import { requireMember } from '../../platform/authz.js';
import { Permission } from '../../platform/permissions.js';
import { unitSubtree } from '../../platform/unit-subtree.js';
import type { Node } from '../../platform/graphql/relay.js';
import { unitService } from '../unit/unit.service.js';
import { Incident } from './incident.entity.js';
import { IncidentExclusion } from './exclusion.entity.js';
import { CONFIDENTIAL_CATEGORIES } from './incident.model.js';

/** A member as the rule reads it. */
export type Viewer = Pick<Actor, 'memberId' | 'unitPath' | 'permissions'>;

/** What the in-memory form needs of an incident (read with `factsColumns`). */
export interface VisibilityFacts {
  unitPath: string;
  /** Members kept out of the case: its subjects and the recused. */
  excluded: ReadonlySet<string>;
}

// The two predicates. The exclusion table and the subtree test are named once
// here; the SQL and the ORM forms below are both written from them.
const EXCLUSION = { table: 'incident_exclusion', incident: 'incident_id', member: 'member_id' } as const;
const inSubtreeSql = (tenant: string, unitId: string) =>
  `exists (select 1 from unit vu where vu.tenant_id = ${tenant} and vu.id = ${unitId} and ${unitSubtree.sql('vu.path')})`;
const notExcludedSql = (tenant: string, incidentId: string, member = '?') =>
  `not exists (select 1 from ${EXCLUSION.table} vx where vx.tenant_id = ${tenant} and vx.${EXCLUSION.incident} = ${incidentId} and vx.${EXCLUSION.member} = ${member})`;

function readsIncidents(viewer: Partial<Viewer> | null | undefined): viewer is Viewer & { memberId: string; unitPath: string } {
  return !!viewer?.memberId && !!viewer.unitPath && !!viewer.permissions?.has(Permission.INCIDENT_READ);
}

export const incidentVisibility = {
  /** SQL over an incident alias (`i` → i.tenant_id, i.id, i.unit_id) with its parameters, in order. */
  sql(viewer: Viewer & { memberId: string; unitPath: string }, alias: string): { sql: string; params: string[] } {
    return {
      sql: `(${inSubtreeSql(`${alias}.tenant_id`, `${alias}.unit_id`)} and ${notExcludedSql(`${alias}.tenant_id`, `${alias}.id`)})`,
      params: [unitSubtree.pattern(viewer.unitPath), viewer.memberId],
    };
  },

  /** The same, as MikroORM conditions on Incident (reusable: a list's page and its count share them). */
  where(ctx: Ctx): Record<string, unknown>[] {
    const actor = requireMember(ctx);
    return [{ unit: { path: unitSubtree.where(actor.unitPath) } }, { id: { $nin: this.excludedIncidentIds(ctx) } }];
  },

  /** A subquery of the incidents the caller is kept out of (for ORM conditions on incident ids). */
  excludedIncidentIds(ctx: Ctx) {
    const actor = requireMember(ctx);
    return ctx.em.getKnex().select(EXCLUSION.incident).from(EXCLUSION.table).where({ tenant_id: actor.tenant.id, [EXCLUSION.member]: actor.memberId });
  },

  /**
   * Only the exclusion predicate, over any row that names an incident (an
   * obligation, a finding, a log entry): false for rows of cases the member is
   * kept out of. `member` is the member id's placeholder (default one `?`
   * parameter); with `nullable` a row naming no incident passes.
   */
  notExcludedSql(tenantExpression: string, incidentIdExpression: string, options: { member?: string; nullable?: boolean } = {}): string {
    const test = notExcludedSql(tenantExpression, incidentIdExpression, options.member);
    return options.nullable ? `(${incidentIdExpression} is null or ${test})` : test;
  },

  /**
   * SQL true when the incident named is confidential (举报). A service
   * principal (a webhook endpoint) is no member who could be excluded, so such
   * a case never reaches it, whatever its role.
   */
  confidentialSql(tenantExpression: string, incidentIdExpression: string): string {
    const categories = CONFIDENTIAL_CATEGORIES.map((c) => `'${c}'`).join(', ');
    return `exists (select 1 from incident ci where ci.tenant_id = ${tenantExpression} and ci.id = ${incidentIdExpression} and ci.category in (${categories}))`;
  },

  /** Select expressions giving the facts of the in-memory form: `unit_path` and `excluded` (uuid[]). */
  factsColumns(alias: string): string {
    return `(select vu.path from unit vu where vu.tenant_id = ${alias}.tenant_id and vu.id = ${alias}.unit_id) as unit_path,
      array(select vx.member_id from incident_exclusion vx where vx.tenant_id = ${alias}.tenant_id and vx.incident_id = ${alias}.id) as excluded`;
  },

  /** In memory: what `sql` answers, for facts read once and tested for many members (realtime). */
  holds(viewer: Partial<Viewer> | null | undefined, facts: VisibilityFacts): boolean {
    return readsIncidents(viewer) && unitSubtree.contains(viewer.unitPath, facts.unitPath) && !facts.excluded.has(viewer.memberId);
  },
};

export const incidentAccess = {
  /** Whether the caller may read incidents at all. */
  canRead(ctx: Ctx): boolean {
    return !!ctx.actor?.tenant && readsIncidents(ctx.actor);
  },

  /** Of the given incident uuids, those the caller may see (one statement). */
  async visibleIncidentIds(ctx: Ctx, ids: readonly string[]): Promise<Set<string>> {
    if (!this.canRead(ctx) || ids.length === 0) return new Set();
    const actor = requireMember(ctx);
    const rule = incidentVisibility.sql(actor, 'i');
    const rows = await ctx.em.getConnection().execute<{ id: string }[]>(
      `select i.id from incident i where i.tenant_id = ? and i.id = any(?::uuid[]) and ${rule.sql}`,
      [actor.tenant.id, `{${[...new Set(ids)].join(',')}}`, ...rule.params],
      'all',
      ctx.em.getTransactionContext(),
    );
    return new Set(rows.map((r) => r.id));
  },

  /** Where-conditions (MikroORM) restricting incidents to those the caller may see. */
  visibleWhere(ctx: Ctx): Record<string, unknown>[] {
    return incidentVisibility.where(ctx);
  },

  /** An incident the caller may see, by uuid, or null. */
  async find(ctx: Ctx, id: string): Promise<Incident | null> {
    if (!this.canRead(ctx)) return null;
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

  /** The opening of every incident mutation: the input's incident, visible and locked, at the version the caller expects. */
  lockFromInput(ctx: Ctx, input: { incidentId: string; expectedVersion?: number | null }): Promise<Incident> {
    return this.lock(ctx, idOf('Incident', input.incidentId, ['input', 'incidentId']), undefined, input.expectedVersion);
  },

  /** Members kept out of the incident (subjects and recused). */
  async excludedMembers(ctx: Ctx, incidentId: string): Promise<Set<string>> {
    const rows = await ctx.em.find(IncidentExclusion, { incident: { id: incidentId } });
    return new Set(rows.map((r) => r.member.id));
  },

  /** Members kept out of each of these incidents, read in `em`'s transaction (the sweeper's batches). */
  async exclusionsOf(em: EntityManager, tenantId: string, incidentIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    if (incidentIds.length === 0) return out;
    const rows = await em.getConnection().execute<{ incident_id: string; member_id: string }[]>(
      `select ${EXCLUSION.incident} as incident_id, ${EXCLUSION.member} as member_id from ${EXCLUSION.table} where tenant_id = ? and ${EXCLUSION.incident} = any(?::uuid[])`,
      [tenantId, `{${[...new Set(incidentIds)].join(',')}}`],
      'all',
      em.getTransactionContext(),
    );
    for (const r of rows) {
      const set = out.get(r.incident_id) ?? new Set<string>();
      set.add(r.member_id);
      out.set(r.incident_id, set);
    }
    return out;
  },

  /** Members kept out of these incidents (subjects and recused), batched per operation. */
  exclusionsLoader(ctx: Ctx) {
    return ctx.loaders.get<string, IncidentExclusion[]>('incidentExclusions', async (ids) => {
      const rows = await ctx.em.find(IncidentExclusion, { incident: { id: { $in: [...ids] } } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
      return ids.map((id) => rows.filter((r) => r.incident.id === id));
    });
  },

  /** The materialised path of the incident's unit (the rule and the duties are unit-based). */
  async unitPathOf(ctx: Ctx, incident: Incident): Promise<string> {
    const unit = await unitService.loader(ctx).load(incident.unit.id);
    if (!unit) throw new Error('incident unit missing');
    return unit.path;
  },

  /** A `node(id:)` fetcher for a row under an incident: null unless the caller may see that incident. */
  childFetcher<E extends { incident: { id: string } }>(entity: EntityName<E>, toNode: (e: E) => Node) {
    return async (ctx: Ctx, id: string): Promise<Node | null> => {
      if (!ctx.actor?.tenant) return null;
      const row = await ctx.em.findOne(entity, { id } as never);
      if (!row) return null;
      const visible = await this.visibleIncidentIds(ctx, [row.incident.id]);
      return visible.has(row.incident.id) ? toNode(row) : null;
    };
  },
};
