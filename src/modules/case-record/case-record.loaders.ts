import type { Ctx } from '../../platform/context.js';
import { groupByKeys } from '../../platform/loaders.js';
import { CaseRecord, CaseRecordVersion } from './case-record.entity.js';

const READ_ONLY = { disableIdentityMap: true } as const;

/** Records of incidents the caller already sees, and their versions: one statement per list. */
export const caseRecordLoaders = {
  byIncident(ctx: Ctx) {
    return ctx.loaders.get<string, CaseRecord[]>('caseRecord.byIncident', async (ids) =>
      groupByKeys(ids, await ctx.em.find(CaseRecord, { incident: { id: { $in: [...ids] } } }, { orderBy: { createdAt: 'asc', id: 'asc' }, ...READ_ONLY }), (r) => r.incident.id),
    );
  },
  versions(ctx: Ctx) {
    return ctx.loaders.get<string, CaseRecordVersion[]>('caseRecord.versions', async (ids) =>
      groupByKeys(ids, await ctx.em.find(CaseRecordVersion, { record: { id: { $in: [...ids] } } }, { orderBy: { version: 'asc' }, ...READ_ONLY }), (v) => v.record.id),
    );
  },
};
