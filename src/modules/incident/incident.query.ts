// Reading incidents: the filtered, ordered Relay connection and single lookups,
// always limited to what the caller may see (incident.access.ts).
import type { Ctx } from '../../platform/context.js';
import { unitSubtree } from '../../platform/unit-subtree.js';
import { invalid } from '../../platform/errors.js';
import { idOf } from '../../platform/ids.js';
import { requireMember } from '../../platform/authz.js';
import { pageRequest, toConnection, type PageArgs } from '../../platform/graphql/relay.js';
import { unitService } from '../unit/unit.service.js';
import { relevanceKey, relevanceSql, textConditions } from './incident.search.js';
import type { FilterQuery } from '@mikro-orm/core';
import { findPlainWith } from '../../platform/db/plain-rows.js';
import { preloadColumns, readPreloads } from './incident.preload.js';
import { Incident } from './incident.entity.js';
import { TaskStatus } from './incident.enums.js';
import { ClockParty, ClockState } from '../petition/petition.enums.js';
import { incidentAccess } from './incident.access.js';
import { IncidentConnection, IncidentNode } from './incident.types.js';
import { IncidentOrderField, OrderDirection, type IncidentFilter, type IncidentOrder } from './incident.inputs.js';

const ORDER_PROPS: Record<Exclude<IncidentOrderField, IncidentOrderField.RELEVANCE>, 'receivedAt' | 'updatedAt' | 'levelSeverity'> = {
  [IncidentOrderField.RECEIVED_AT]: 'receivedAt',
  [IncidentOrderField.UPDATED_AT]: 'updatedAt',
  [IncidentOrderField.LEVEL_SEVERITY]: 'levelSeverity',
};

/** Ids of incidents with an open task or a running institution clock past due (subqueries). */
function overdueSubqueries(ctx: Ctx, now: Date) {
  const tenant = requireMember(ctx).tenant.id;
  const knex = ctx.em.getKnex();
  const tasks = knex.select('incident_id').from('incident_task').where({ tenant_id: tenant, status: TaskStatus.OPEN }).andWhere('due_at', '<', now);
  const clocks = knex
    .select('incident_id')
    .from('statutory_clock')
    .where({ tenant_id: tenant, party: ClockParty.INSTITUTION })
    .whereIn('state', [ClockState.OPEN, ClockState.EXTENDED, ClockState.MISSED])
    .andWhere('due_at', '<', now);
  return { tasks, clocks };
}

export const incidentQuery = {
  /** `selected`: the incident fields the query asks for (look-ahead); their children come with the page. */
  async list(ctx: Ctx, filter: IncidentFilter | null | undefined, order: IncidentOrder | null | undefined, page: PageArgs, selected: ReadonlySet<string> = new Set()) {
    requireMember(ctx);
    const { limit, after } = pageRequest(page, ctx.config.limits.maxPageSize);
    const and: Record<string, unknown>[] = [...incidentAccess.visibleWhere(ctx)];
    if (filter?.unitSubtree) {
      const unit = await unitService.getInScope(ctx, filter.unitSubtree, ['filter', 'unitSubtree']);
      and.push({ unit: { path: unitSubtree.where(unit.path) } });
    }
    if (filter?.status?.length) and.push({ status: { $in: filter.status } });
    if (filter?.category?.length) and.push({ category: { $in: filter.category } });
    if (filter?.levelKey?.length) and.push({ levelKey: { $in: filter.levelKey } });
    if (filter?.levelReached?.length) and.push({ levelReached: { $in: filter.levelReached } });
    if (filter?.caseOwner) and.push({ caseOwner: { id: idOf('Member', filter.caseOwner, ['filter', 'caseOwner']) } });
    if (filter?.receivedFrom) and.push({ receivedAt: { $gte: filter.receivedFrom } });
    if (filter?.receivedTo) and.push({ receivedAt: { $lt: filter.receivedTo } });
    const text = filter?.text?.trim() || null;
    // Raw keys are used once: the page and the count each get their own.
    const textWhere = () => (text ? textConditions(text, order?.field === IncidentOrderField.RELEVANCE) : []);
    if (filter?.overdue !== undefined && filter?.overdue !== null) {
      const { tasks, clocks } = overdueSubqueries(ctx, new Date());
      and.push(filter.overdue ? { $or: [{ id: { $in: tasks } }, { id: { $in: clocks } }] } : { $and: [{ id: { $nin: tasks } }, { id: { $nin: clocks } }] });
    }
    const field = order?.field ?? IncidentOrderField.RECEIVED_AT;
    if (field === IncidentOrderField.RELEVANCE && !text) throw invalid('ordering by RELEVANCE needs filter.text', ['order', 'field']);
    const direction = order?.direction ?? OrderDirection.DESC;
    // The ordering key: a column, or the relevance expression (a raw key, fresh per use).
    const key = (): string => (field === IncidentOrderField.RELEVANCE ? relevanceKey(text!) : ORDER_PROPS[field]);
    const cmp = direction === OrderDirection.DESC ? '$lt' : '$gt';
    const page$: Record<string, unknown>[] = [];
    if (after) {
      if (after.length !== 3 || after[0] !== field || typeof after[2] !== 'string') throw invalid('after is not a cursor of this ordering', ['after']);
      const value = field === IncidentOrderField.RECEIVED_AT || field === IncidentOrderField.UPDATED_AT ? new Date(String(after[1])) : Number(after[1]);
      if (typeof value === 'number' && !Number.isFinite(value)) throw invalid('after is not a cursor of this ordering', ['after']);
      page$.push({ $or: [{ [key()]: { [cmp]: value } }, { [key()]: value, id: { [cmp]: after[2] } }] });
    }
    const dir = direction === OrderDirection.DESC ? 'desc' : 'asc';
    const extra: Record<string, string | { sql: string; params: unknown[] }> = { ...preloadColumns(selected) };
    if (field === IncidentOrderField.RELEVANCE) extra.relevance = relevanceSql(text!);
    // A read-only page: plain rows, no hydration, nothing for the commit's flush to walk.
    const { rows, extras } = await findPlainWith(ctx.em, Incident, { $and: [...and, ...textWhere(), ...page$] } as FilterQuery<Incident>, {
      orderBy: [{ [key()]: dir }, { id: dir }],
      limit: limit + 1,
      extra,
    });
    const pre = readPreloads(ctx.em, extras);
    const preloaded = new Map(pre.map((p, n) => [rows[n]!, p]));
    const relevance = new Map(extras.map((x, n) => [rows[n]!, Number(x.relevance)]));
    const cursorValue = (i: Incident) =>
      field === IncidentOrderField.RELEVANCE ? relevance.get(i)! : field === IncidentOrderField.LEVEL_SEVERITY ? i.levelSeverity : (i[ORDER_PROPS[field] as 'receivedAt' | 'updatedAt'] as Date).toISOString();
    return toConnection(
      IncidentConnection,
      rows,
      limit,
      !!after,
      (i) => [field, cursorValue(i), i.id],
      (i) => IncidentNode.from(i, preloaded.get(i)),
      () => ctx.em.count(Incident, { $and: [...and, ...textWhere()] }),
    );
  },

  async get(ctx: Ctx, globalId: string): Promise<IncidentNode> {
    return IncidentNode.from(await incidentAccess.get(ctx, globalId, ['id']));
  },
};
