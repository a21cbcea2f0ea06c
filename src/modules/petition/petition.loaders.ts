// Per-operation batch loaders for the statutory side of incidents: clocks and
// petitioners (plain rows or read-only entities: they are only read).
import type { Ctx } from '../../platform/context.js';
import { findPlain } from '../../platform/db/plain-rows.js';
import { byIncident } from '../incident/incident.loaders.js';
import { StatutoryClock } from './clock.entity.js';
import { Petitioner } from './petitioner.entity.js';

const READ_ONLY = { disableIdentityMap: true } as const;

export const petitionLoaders = {
  clocks(ctx: Ctx) {
    return ctx.loaders.get<string, StatutoryClock[]>('petition.clocks', async (ids) =>
      byIncident(ids, await findPlain(ctx.em, StatutoryClock, { incident: { id: { $in: [...ids] } } }, { orderBy: { startedAt: 'asc', id: 'asc' } })),
    );
  },

  /** A new incident's clocks, as the loader would read them (the report payload answers from them). */
  primeCreatedClocks(ctx: Ctx, incidentId: string, clocks: StatutoryClock[]): void {
    const t = (d: Date) => d.getTime();
    const sorted = [...clocks].sort((a, b) => t(a.startedAt) - t(b.startedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.clocks(ctx).clear(incidentId).prime(incidentId, sorted);
  },

  petitioners(ctx: Ctx) {
    return ctx.loaders.get<string, Petitioner[]>('petition.petitioners', async (ids) =>
      byIncident(ids, await ctx.em.find(Petitioner, { incident: { id: { $in: [...ids] } } }, { orderBy: { position: 'asc' }, ...READ_ONLY })),
    );
  },
};
