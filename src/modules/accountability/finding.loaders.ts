// Per-operation batch loaders for the fields of findings: a page of findings
// with answers, rulings, escalations, people, incidents and tasks costs a
// fixed number of statements.
import type { Ctx } from '../../platform/context.js';
import { unitSubtree } from '../../platform/unit-subtree.js';
import { byKeys } from '../../platform/loaders.js';
import { Permission } from '../../platform/permissions.js';
import { IncidentTask } from '../incident/task.entity.js';
import { StatutoryClock } from '../petition/clock.entity.js';
import { incidentAccess } from '../incident/incident.access.js';
import { AlertPeriod } from '../alert-period/alert-period.entity.js';
import { unitService } from '../unit/unit.service.js';
import { FindingAnswer, FindingEscalation, FindingRuling } from './finding.entity.js';

function byFinding<T extends { finding: { id: string } }>(ctx: Ctx, name: string, entity: new () => T) {
  return ctx.loaders.get<string, T | null>(name, async (ids) => {
    const rows = await ctx.em.find(entity as never, { finding: { id: { $in: [...ids] } } } as never) as T[];
    return byKeys(ids, rows, (r) => r.finding.id);
  });
}

export const findingLoaders = {
  answer: (ctx: Ctx) => byFinding(ctx, 'finding.answer', FindingAnswer),
  ruling: (ctx: Ctx) => byFinding(ctx, 'finding.ruling', FindingRuling),
  escalation: (ctx: Ctx) => byFinding(ctx, 'finding.escalation', FindingEscalation),

  /** Whether the caller may see each incident (the incident rule: INCIDENT_READ, subtree, not kept out). */
  incidentVisible(ctx: Ctx) {
    return ctx.loaders.get<string, boolean>('finding.incidentVisible', async (ids) => {
      const visible = await incidentAccess.visibleIncidentIds(ctx, ids);
      return ids.map((id) => visible.has(id));
    });
  },

  task(ctx: Ctx) {
    return ctx.loaders.get<string, IncidentTask | null>('finding.task', async (ids) => byKeys(ids, await ctx.em.find(IncidentTask, { id: { $in: [...ids] } }), (t) => t.id));
  },

  clock(ctx: Ctx) {
    return ctx.loaders.get<string, StatutoryClock | null>('finding.clock', async (ids) => byKeys(ids, await ctx.em.find(StatutoryClock, { id: { $in: [...ids] } }), (c) => c.id));
  },

  /** Alert periods the caller may see (PLAN_READ; over its subtree or above it), with their units loaded. */
  alertPeriod(ctx: Ctx) {
    return ctx.loaders.get<string, AlertPeriod | null>('finding.alertPeriod', async (ids) => {
      const path = ctx.actor?.unitPath;
      if (!path || !ctx.actor?.permissions.has(Permission.PLAN_READ)) return ids.map(() => null);
      const rows = await ctx.em.find(AlertPeriod, { id: { $in: [...ids] } });
      const units = await unitService.loader(ctx).loadMany(rows.map((p) => p.unit.id));
      const visible = rows.filter((_, i) => {
        const u = units[i];
        return u && !(u instanceof Error) && unitSubtree.related(u.path, path);
      });
      return byKeys(ids, visible, (p) => p.id);
    });
  },
};
