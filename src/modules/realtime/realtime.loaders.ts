import type { Ctx } from '../../platform/context.js';
import { incidentAccess } from '../incident/incident.access.js';
import { incidentLoaders } from '../incident/incident.loaders.js';
import { IncidentNode } from '../incident/incident.types.js';

/**
 * The incident of an event as the viewer may see it, batched: the events of
 * one render cost one visibility query and one load, whatever their number.
 */
export function visibleIncident(ctx: Ctx, incidentId: string): Promise<IncidentNode | null> {
  return ctx.loaders
    .get<string, IncidentNode | null>('realtime.visibleIncident', async (ids) => {
      const visible = await incidentAccess.visibleIncidentIds(ctx, ids);
      const incidents = await incidentLoaders.incident(ctx).loadMany(ids.filter((id) => visible.has(id)));
      const byId = new Map<string, IncidentNode>();
      for (const i of incidents) if (i && !(i instanceof Error)) byId.set(i.id, IncidentNode.from(i));
      return ids.map((id) => byId.get(id) ?? null);
    })
    .load(incidentId);
}
