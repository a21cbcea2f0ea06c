import type { Ctx } from '../../platform/context.js';
import { tenantIdOf } from '../../platform/context.js';
import { toGlobalId } from '../../platform/ids.js';
import { byKeys } from '../../platform/loaders.js';
import { Member } from '../member/member.entity.js';
import { StaffRef } from './plan.types.js';

/** Members as named in plans, rosters and alert periods (name and title), batched per operation. */
export function staffLoader(ctx: Ctx) {
  const tenant = tenantIdOf(ctx);
  return ctx.loaders.get<string, Member | null>('staffById', async (ids) => {
    const rows = await ctx.em.find(Member, { tenant, id: { $in: [...ids] } }, { populate: ['user'] });
    return byKeys(ids, rows, (m) => m.id);
  });
}

export function staffRef(m: Member): StaffRef {
  return Object.assign(new StaffRef(), { id: toGlobalId('Member', m.id), displayName: m.user.getEntity().displayName, title: m.title ?? null });
}

export async function staffRefs(ctx: Ctx, ids: string[]): Promise<StaffRef[]> {
  const members = await staffLoader(ctx).loadMany(ids);
  return members.filter((m): m is Member => !!m && !(m instanceof Error)).map(staffRef);
}

export async function staffRefOf(ctx: Ctx, id: string | null | undefined): Promise<StaffRef | null> {
  if (!id) return null;
  const m = await staffLoader(ctx).load(id);
  return m ? staffRef(m) : null;
}
