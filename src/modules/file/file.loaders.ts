import type { Ctx } from '../../platform/context.js';
import { byKeys } from '../../platform/loaders.js';
import { StoredFile } from './file.entity.js';

export const fileLoaders = {
  byId(ctx: Ctx) {
    return ctx.loaders.get<string, StoredFile | null>('file.byId', async (ids) =>
      byKeys(ids, await ctx.em.find(StoredFile, { id: { $in: [...ids] } }, { disableIdentityMap: true }), (f) => f.id),
    );
  },
};
