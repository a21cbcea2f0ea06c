// Per-operation batch loaders for everything under incidents: a page of
// incidents with their tasks, clocks, owners... costs a fixed number of statements.
// Field loaders only read: their rows stay out of the identity map (READ_ONLY),
// so the commit's flush does not walk hundreds of entities that cannot change.
import type { Ctx } from '../../platform/context.js';
import { findPlain } from '../../platform/db/plain-rows.js';
import { requireMember } from '../../platform/authz.js';
import { byKeys, groupByKeys } from '../../platform/loaders.js';
import { Member } from '../member/member.entity.js';
import { MemberNode } from '../member/member.types.js';
import { IncidentNode } from './incident.types.js';
import { Incident, IncidentLevel } from './incident.entity.js';
import { IncidentTask } from './task.entity.js';
import { IncidentEvidence, IncidentReport } from './record.entity.js';
import type { IncidentEventKind } from './incident.model.js';

const READ_ONLY = { disableIdentityMap: true } as const;

export interface HistoryRow {
  seq: number;
  at: Date;
  event: IncidentEventKind;
  action: string;
  reason: string | null;
  actorMemberId: string | null;
  incidentId: string;
}

export function byIncident<T extends { incident: { id: string } }>(ids: readonly string[], rows: T[]): T[][] {
  return groupByKeys(ids, rows, (r) => r.incident.id);
}

export const incidentLoaders = {
  /** Members with their user (names), any unit: people working a case are shown to everyone who sees it. */
  member(ctx: Ctx) {
    return ctx.loaders.get<string, Member | null>('incident.member', async (ids) => {
      const rows = await ctx.em.find(Member, { id: { $in: [...ids] } }, { populate: ['user'], ...READ_ONLY });
      return byKeys(ids, rows, (m) => m.id);
    });
  },

  /** Incidents by id, without a visibility check (callers reached them through a visible parent or checked). */
  incident(ctx: Ctx) {
    return ctx.loaders.get<string, Incident | null>('incident.byId', async (ids) => {
      const rows = await ctx.em.find(Incident, { id: { $in: [...ids] } });
      return byKeys(ids, rows, (i) => i.id);
    });
  },

  /** Plain rows (findPlain): a page's tasks and clocks are the bulk of a list, and only read. */
  tasks(ctx: Ctx) {
    return ctx.loaders.get<string, IncidentTask[]>('incident.tasks', async (ids) =>
      byIncident(ids, await findPlain(ctx.em, IncidentTask, { incident: { id: { $in: [...ids] } } }, { orderBy: { dueAt: 'asc', createdAt: 'asc', id: 'asc' } })),
    );
  },

  /**
   * A new incident's tasks, as the loader would read them (same order): the
   * payload of the mutation that created them answers without reading them back.
   */
  primeCreatedTasks(ctx: Ctx, incidentId: string, tasks: IncidentTask[]): void {
    const t = (d: Date) => d.getTime();
    const sorted = [...tasks].sort((a, b) => t(a.dueAt) - t(b.dueAt) || t(a.createdAt) - t(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.tasks(ctx).clear(incidentId).prime(incidentId, sorted);
  },

  reports(ctx: Ctx) {
    return ctx.loaders.get<string, IncidentReport[]>('incident.reports', async (ids) =>
      byIncident(ids, await ctx.em.find(IncidentReport, { incident: { id: { $in: [...ids] } } }, { orderBy: { createdAt: 'asc', id: 'asc' }, ...READ_ONLY })),
    );
  },

  evidence(ctx: Ctx) {
    return ctx.loaders.get<string, IncidentEvidence[]>('incident.evidence', async (ids) =>
      byIncident(ids, await ctx.em.find(IncidentEvidence, { incident: { id: { $in: [...ids] } } }, { orderBy: { createdAt: 'asc', id: 'asc' }, ...READ_ONLY })),
    );
  },

  taskEvidence(ctx: Ctx) {
    return ctx.loaders.get<string, IncidentEvidence[]>('incident.taskEvidence', async (ids) => {
      const rows = await ctx.em.find(IncidentEvidence, { task: { id: { $in: [...ids] } } }, { orderBy: { createdAt: 'asc', id: 'asc' }, ...READ_ONLY });
      return groupByKeys(ids, rows, (e) => e.task!.id);
    });
  },

  levels(ctx: Ctx) {
    return ctx.loaders.get<string, IncidentLevel[]>('incident.levels', async (ids) =>
      byIncident(ids, await ctx.em.find(IncidentLevel, { incident: { id: { $in: [...ids] } } }, { orderBy: { sequence: 'asc' }, ...READ_ONLY })),
    );
  },

  /** The incident events of the tenant log, in sequence order. */
  history(ctx: Ctx) {
    const tenantId = requireMember(ctx).tenant.id;
    return ctx.loaders.get<string, HistoryRow[]>('incident.history', async (ids) => {
      const rows = await ctx.em.getConnection().execute<{ seq: string; created_at: Date; event: IncidentEventKind; action: string; reason: string | null; actor_member_id: string | null; incident_id: string }[]>(
        `select seq, created_at, event, action, reason, actor_member_id, incident_id from log_entry
          where tenant_id = ? and incident_id = any(?::uuid[]) and event is not null order by seq`,
        [tenantId, `{${ids.join(',')}}`],
        'all',
        ctx.em.getTransactionContext(),
      );
      const mapped = rows.map((r) => ({
        seq: Number(r.seq), at: new Date(r.created_at), event: r.event, action: r.action, reason: r.reason, actorMemberId: r.actor_member_id, incidentId: r.incident_id,
      }));
      return groupByKeys(ids, mapped, (r) => r.incidentId);
    });
  },
};

/** A member as shown on a case (name and title), or null. */
export async function memberNode(ctx: Ctx, id: string | null | undefined): Promise<MemberNode | null> {
  if (!id) return null;
  const member = await incidentLoaders.member(ctx).load(id);
  return member ? MemberNode.from(member) : null;
}

/** The incident of a child row the caller reached through a visible parent. */
export async function incidentNodeOf(ctx: Ctx, id: string): Promise<IncidentNode> {
  const incident = await incidentLoaders.incident(ctx).load(id);
  if (!incident) throw new Error('incident missing');
  return IncidentNode.from(incident);
}
