// 督办: the upper organ orders, the lower organ answers by the due time. Each
// step is one transaction over both tenants (auditedAcross), one log entry on
// each side, the event on each side's own incident of the matter.
import { LockMode, ref } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { requireMember } from '../../platform/authz.js';
import { DomainError, invalid, notFound } from '../../platform/errors.js';
import { idOf } from '../../platform/ids.js';
import { precheck, type Audited, type Outcome } from '../../platform/audit/mutation.js';
import { auditedAcross } from '../../platform/audit/audited-across.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { IncidentEventKind } from '../incident/incident.model.js';
import { ReferralKind, ReferralStage } from './referral.enums.js';
import { ReferralErrorCode } from './referral.errors.js';
import { referralAccess } from './referral.access.js';
import { SupervisionOrder } from './supervision-order.entity.js';

/** The order if the caller's tenant issued or received it; null otherwise (NOT_FOUND to the caller). */
async function findOrder(ctx: Ctx, id: string, lock = false): Promise<SupervisionOrder | null> {
  const me = requireMember(ctx).tenant.id;
  return ctx.em.findOne(
    SupervisionOrder,
    { id, $or: [{ tenant: me }, { receiverTenantId: me }] },
    { filters: false, ...(lock ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } : {}) },
  );
}

function entry(o: SupervisionOrder, incidentId: string | null, event: IncidentEventKind, reason: string | null): Audited<SupervisionOrder> {
  return {
    result: o,
    target: { type: 'SupervisionOrder', id: o.id },
    incidentId,
    event,
    reason,
    extraChanges: [{ type: 'SupervisionOrder', id: o.id, op: 'update', before: null, after: { dueAt: o.dueAt.toISOString(), answered: !!o.answeredAt } }],
  };
}

export const supervisionService = {
  findOrder,

  async get(ctx: Ctx, globalId: string, field: string[]): Promise<SupervisionOrder> {
    const order = await findOrder(ctx, idOf('SupervisionOrder', globalId, field));
    if (!order) throw notFound('SupervisionOrder', field);
    return order;
  },

  async issue(ctx: Ctx, input: { referralId: string; instruction: string; dueAt: Date }): Promise<Outcome<SupervisionOrder>> {
    const checked = await precheck(async () => {
      const me = requireMember(ctx).tenant.id;
      const found = await referralAccess.get(ctx, input.referralId, ['input', 'referralId']);
      // Only the upper organ supervises; to the receiver, as if there were no such step.
      if (found.tenant.id !== me) throw new DomainError(ReferralErrorCode.WRONG_STAGE, 'Only the sender supervises', ['input', 'referralId']);
      if (found.kind !== ReferralKind.ASSIGNMENT || found.stage === ReferralStage.CLOSED) {
        throw new DomainError(ReferralErrorCode.WRONG_STAGE, `The referral is ${found.stage}`, ['input', 'referralId']);
      }
      if (input.dueAt.getTime() <= Date.now()) throw invalid('The answer must be due in the future', ['input', 'dueAt']);
      return { me, found };
    });
    if (!checked.ok) return checked;
    const { me, found } = checked.value;
    let order: SupervisionOrder;
    const out = await auditedAcross(
      ctx,
      'supervision.issue',
      {
        tenantId: me, actor: ctx.actor, memberOfTenant: true,
        work: async (tx) => {
          const referral = (await referralAccess.find(tx, found.id, true))!;
          order = tx.em.create(SupervisionOrder, {
            tenant: ref(tx.em.getReference<Tenant>(Tenant, me)),
            receiverTenantId: referral.receiverTenantId,
            referralId: referral.id,
            instruction: input.instruction.trim(),
            dueAt: input.dueAt,
            issuedBy: requireMember(tx).memberId,
          });
          return entry(order, referral.senderIncidentId, IncidentEventKind.SUPERVISION_ORDERED, order.instruction);
        },
      },
      {
        tenantId: found.receiverTenantId, actor: ctx.actor, memberOfTenant: false,
        work: async () => entry(order, found.receiverIncidentId ?? null, IncidentEventKind.SUPERVISION_ORDERED, order.instruction),
      },
    );
    return out.ok ? { ok: true, value: out.value[0] } : out;
  },

  async answer(ctx: Ctx, input: { orderId: string; answer: string }): Promise<Outcome<SupervisionOrder>> {
    const checked = await precheck(async () => {
      const me = requireMember(ctx).tenant.id;
      const found = await this.get(ctx, input.orderId, ['input', 'orderId']);
      if (found.receiverTenantId !== me) throw new DomainError(ReferralErrorCode.WRONG_STAGE, 'Only the lower organ answers', ['input', 'orderId']);
      const referral = await referralAccess.find(ctx, found.referralId);
      if (!referral) throw notFound('SupervisionOrder', ['input', 'orderId']);
      return { me, found, referral };
    });
    if (!checked.ok) return checked;
    const { me, found, referral } = checked.value;
    let order: SupervisionOrder;
    const out = await auditedAcross(
      ctx,
      'supervision.answer',
      {
        tenantId: me, actor: ctx.actor, memberOfTenant: true,
        work: async (tx) => {
          // The row lock: two racing answers, one wins.
          order = (await findOrder(tx, found.id, true))!;
          if (order.answeredAt) throw new DomainError(ReferralErrorCode.WRONG_STAGE, 'The order was answered already', ['input', 'orderId']);
          order.answer = input.answer.trim();
          order.answeredAt = new Date();
          order.answeredBy = requireMember(tx).memberId;
          return entry(order, referral.receiverIncidentId ?? null, IncidentEventKind.SUPERVISION_ANSWERED, null);
        },
      },
      {
        tenantId: referral.tenant.id, actor: ctx.actor, memberOfTenant: false,
        work: async () => entry(order, referral.senderIncidentId, IncidentEventKind.SUPERVISION_ANSWERED, null),
      },
    );
    return out.ok ? { ok: true, value: out.value[0] } : out;
  },

};
