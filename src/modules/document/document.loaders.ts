import type { Ctx } from '../../platform/context.js';
import { groupByKeys } from '../../platform/loaders.js';
import { CaseDocument } from './document.entity.js';

export const documentLoaders = {
  /** Documents of incidents the caller already sees: one statement per list. */
  byIncident(ctx: Ctx) {
    return ctx.loaders.get<string, CaseDocument[]>('document.byIncident', async (ids) =>
      groupByKeys(ids, await ctx.em.find(CaseDocument, { incident: { id: { $in: [...ids] } } }, { orderBy: { createdAt: 'asc', id: 'asc' }, disableIdentityMap: true }), (d) => d.incident.id),
    );
  },
};
