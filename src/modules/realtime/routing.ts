import type { EntityManager } from '@mikro-orm/postgresql';
import { unitSubtree } from '../../platform/unit-subtree.js';
import { incidentVisibility } from '../incident/incident.access.js';
import type { MemberActor } from './connection.js';
import type { EventFilterSpec } from './subscriber.js';
import { sql } from '../../platform/db/tenant-transaction.js';
import { LEVEL_ORDER, type LevelReached } from '../incident/incident.model.js';

/** What decides who receives an incident's events, read once per batch for every subscriber. */
export interface IncidentRoute {
  unitPath: string;
  levelRank: number;
  /** Subjects of a report (举报) and recused members: they never receive its events. */
  excluded: ReadonlySet<string>;
  /** Members holding a task of the incident: they see it whatever their jurisdiction. */
  assignees: ReadonlySet<string>;
}

interface RouteRow {
  id: string;
  unit_path: string;
  level_reached: LevelReached;
  excluded: string[] | null;
  assignees: string[] | null;
}

/**
 * The routes of a batch's incidents in one statement, whatever the number of
 * subscribers: the facts of incidentVisibility's in-memory form, read once and
 * tested for every subscriber; a test holds it to the SQL form's answers.
 */
export async function loadRoutes(em: EntityManager, tenantId: string, incidentIds: readonly string[]): Promise<Map<string, IncidentRoute>> {
  if (!incidentIds.length) return new Map();
  const rows = await sql<RouteRow>(
    em,
    `select i.id, i.level_reached, ${incidentVisibility.factsColumns('i')}
       from incident i
      where i.tenant_id = ? and i.id = any(?::uuid[])`,
    [tenantId, `{${[...new Set(incidentIds)].join(',')}}`],
  );
  return new Map(
    rows.map((r) => [r.id, { unitPath: r.unit_path, levelRank: LEVEL_ORDER.indexOf(r.level_reached), excluded: new Set(r.excluded ?? []), assignees: new Set(r.assignees ?? []) }]),
  );
}

/** Whether the member may see the incident at all (what `incident(id:)` would answer). */
export function routeVisibleTo(actor: MemberActor, route: IncidentRoute): boolean {
  return incidentVisibility.holds(actor, route);
}

/** Whether the incident lies in the member's jurisdiction (then its sight of it is the same as any member's of its shape). */
export function routeInJurisdiction(actor: MemberActor, route: IncidentRoute): boolean {
  return unitSubtree.containsAny(actor.jurisdiction, route.unitPath);
}

/**
 * A TASK_REASSIGNED event reaches the member the task was taken from, even
 * where it no longer sees the incident: it learns the task left it, nothing
 * more (the event's incident renders null). Never a member kept out of the case.
 */
export function routeToldFormerAssignee(actor: MemberActor, route: IncidentRoute, formerAssigneeId: string | null): boolean {
  return !!formerAssigneeId && formerAssigneeId === actor.memberId && !route.excluded.has(actor.memberId);
}

/** Whether the subscriber's own filter keeps the event. */
export function routeMatches(filter: EventFilterSpec, route: IncidentRoute, kind: string): boolean {
  if (filter.kinds && !filter.kinds.has(kind)) return false;
  if (filter.unitPath && !unitSubtree.contains(filter.unitPath, route.unitPath)) return false;
  if (filter.minLevelRank !== null && route.levelRank < filter.minLevelRank) return false;
  return true;
}
