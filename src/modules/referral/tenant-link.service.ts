// Platform administrators relate organisations; each change is written to
// both tenants' logs (with a cross-reference) and to the platform log.
import { ref } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { idOf } from '../../platform/ids.js';
import { precheck, type Outcome } from '../../platform/audit/mutation.js';
import { auditedAcross } from '../../platform/audit/audited-across.js';
import { appendPlatformLog } from '../../platform/audit/log-writer.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { TenantLink } from './referral.entity.js';
import { ReferralErrorCode } from './referral.errors.js';
import type { TenantLinkKind } from './referral.enums.js';

function linkChange(link: TenantLink, op: 'create' | 'delete') {
  const state = { upperTenantId: link.upper.id, lowerTenantId: link.lower.id, kind: link.kind };
  return { type: 'TenantLink', id: link.id, op, before: op === 'delete' ? state : null, after: op === 'create' ? state : null };
}

async function writeBoth(ctx: Ctx, action: string, upper: string, lower: string, work: (tx: Ctx) => Promise<TenantLink>): Promise<Outcome<TenantLink>> {
  let link: TenantLink | null = null;
  let op: 'create' | 'delete' = 'create';
  const out = await auditedAcross(
    ctx,
    action,
    {
      tenantId: upper, actor: ctx.actor, memberOfTenant: false,
      work: async (tx) => {
        link = await work(tx);
        op = action === 'tenant.unlink' ? 'delete' : 'create';
        return { result: link, target: { type: 'TenantLink', id: link.id }, extraChanges: [linkChange(link, op)] };
      },
    },
    {
      tenantId: lower, actor: ctx.actor, memberOfTenant: false,
      work: async () => ({ result: link!, target: { type: 'TenantLink', id: link!.id }, extraChanges: [linkChange(link!, op)] }),
    },
    {
      platformEntry: (em, [upperSeq, lowerSeq]) => appendPlatformLog(em, {
        actorUserId: ctx.actor?.userId ?? null, action, targetType: 'TenantLink', targetId: link!.id, tenantId: upper,
        changes: [{ ...linkChange(link!, op), after: { ...(linkChange(link!, op).after ?? {}), upperSeq, lowerSeq } }],
        requestId: ctx.request.requestId, clientAddress: ctx.request.clientAddress,
      }).then(() => undefined),
    },
  );
  return out.ok ? { ok: true, value: out.value[0] } : out;
}

export const tenantLinkService = {
  async link(ctx: Ctx, input: { upperTenantId: string; lowerTenantId: string; kind: TenantLinkKind }): Promise<Outcome<TenantLink>> {
    const checked = await precheck(async () => {
      const upper = idOf('Tenant', input.upperTenantId, ['input', 'upperTenantId']);
      const lower = idOf('Tenant', input.lowerTenantId, ['input', 'lowerTenantId']);
      if (upper === lower) throw new DomainError(ReferralErrorCode.SAME_TENANT, 'A tenant is not linked to itself', ['input', 'lowerTenantId']);
      if (!(await ctx.em.findOne(Tenant, { id: upper }))) throw notFound('Tenant', ['input', 'upperTenantId']);
      if (!(await ctx.em.findOne(Tenant, { id: lower }))) throw notFound('Tenant', ['input', 'lowerTenantId']);
      if (await ctx.em.findOne(TenantLink, { $or: [{ upper, lower }, { upper: lower, lower: upper }] })) {
        throw new DomainError(ReferralErrorCode.ALREADY_LINKED, 'The two tenants are linked already', ['input']);
      }
      return { upper, lower };
    });
    if (!checked.ok) return checked;
    const { upper, lower } = checked.value;
    return writeBoth(ctx, 'tenant.link', upper, lower, async (tx) => {
      const link = tx.em.create(TenantLink, { upper: ref(tx.em.getReference<Tenant>(Tenant, upper)), lower: ref(tx.em.getReference<Tenant>(Tenant, lower)), kind: input.kind });
      await tx.em.flush();
      return link;
    });
  },

  async unlink(ctx: Ctx, input: { linkId: string }): Promise<Outcome<TenantLink>> {
    const checked = await precheck(async () => {
      const link = await ctx.em.findOne(TenantLink, { id: idOf('TenantLink', input.linkId, ['input', 'linkId']) });
      if (!link) throw notFound('TenantLink', ['input', 'linkId']);
      return link;
    });
    if (!checked.ok) return checked;
    const found = checked.value;
    return writeBoth(ctx, 'tenant.unlink', found.upper.id, found.lower.id, async (tx) => {
      const link = await tx.em.findOneOrFail(TenantLink, { id: found.id });
      tx.em.remove(link);
      await tx.em.flush();
      return link;
    });
  },

  /** Platform administrators: every link; a member: its own tenant's links. */
  async list(ctx: Ctx): Promise<TenantLink[]> {
    if (ctx.actor?.platformAdmin && !ctx.actor.tenant) return ctx.em.find(TenantLink, {}, { orderBy: { createdAt: 'asc' } });
    const me = ctx.actor?.tenant?.id;
    if (!me) return [];
    return ctx.em.find(TenantLink, { $or: [{ upper: me }, { lower: me }] }, { orderBy: { createdAt: 'asc' } });
  },
};

