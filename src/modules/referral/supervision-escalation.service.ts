// 提级督办: a matter returned for rework as often as the sender's settings allow, or whose
// sign-in or closing time passed, is escalated by the upper organ (the SYSTEM
// in its name): an order, SUPERVISION_ESCALATED on both sides, and a finding
// in the lower organ naming who held the case — in one transaction over both
// tenants. The order's unique key (referral, cause) makes it once per cause.
import { LockMode, ref } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { auditedAcross } from '../../platform/audit/audited-across.js';
import type { Audited } from '../../platform/audit/mutation.js';
import { setTenantScope } from '../../platform/db/tenant-scope.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { IncidentEventKind } from '../incident/incident.model.js';
import './supervision-findings.model.js';
import { Referral } from './referral.entity.js';
import { ReferralKind, ReferralStage } from './referral.enums.js';
import { SupervisionOrder } from './supervision-order.entity.js';
import { supervisionSql } from './supervision.sql.js';

/** How long the lower organ has to answer an escalation order. */
const ANSWER_WITHIN_MS = 3 * 86_400_000;

export enum EscalationCause {
  RETURNS = 'RETURNS',
  SIGN_IN_MISSED = 'SIGN_IN_MISSED',
  CLOSING_MISSED = 'CLOSING_MISSED',
  /** A 督办 order (by a member or the system) left unanswered past its due time. */
  ANSWER_MISSED = 'ANSWER_MISSED',
}

const WORDING: Record<EscalationCause, (returns: number) => string> = {
  [EscalationCause.RETURNS]: (returns) => `提级督办：办结报告已被退回重办${returns}次`,
  [EscalationCause.SIGN_IN_MISSED]: () => '提级督办：交办事项逾期未签收',
  [EscalationCause.CLOSING_MISSED]: () => '提级督办：交办事项逾期未报送办结报告',
  [EscalationCause.ANSWER_MISSED]: () => '提级督办：督办事项逾期未答复',
};

/** The earliest order of the referral still unanswered: the one whose due time was missed first (the escalation's own is due later). */
function firstUnanswered(tx: Ctx, senderTenantId: string, referralId: string): Promise<SupervisionOrder | null> {
  return tx.em.findOne(SupervisionOrder, { tenant: senderTenantId, referralId, answeredAt: null }, { filters: false, orderBy: { dueAt: 'asc' } });
}

export const supervisionEscalation = {
  /** Escalations due among the referrals `tenantId` sent (its own rows: the caller's scope is that tenant). */
  async due(ctx: Ctx, tenantId: string, now: Date, limit: number): Promise<{ id: string; cause: EscalationCause }[]> {
    return ctx.em.getConnection().execute(supervisionSql.due, [now, now, now, tenantId, limit], 'all', ctx.em.getTransactionContext());
  },

  /** Escalates one referral for one cause, as the system; false when it was escalated for it already. */
  async escalate(ctx: Ctx, senderTenantId: string, referralId: string, cause: EscalationCause, now: Date): Promise<boolean> {
    await setTenantScope(ctx.em, senderTenantId, null);
    const referral = await ctx.em.findOne(Referral, { tenant: senderTenantId, id: referralId }, { filters: false });
    if (!referral || referral.kind !== ReferralKind.ASSIGNMENT || !referral.receiverIncidentId || referral.stage === ReferralStage.CLOSED) return false;
    if (await ctx.em.findOne(SupervisionOrder, { tenant: senderTenantId, referralId, cause }, { filters: false })) return false;
    let order: SupervisionOrder;
    const instruction = WORDING[cause](referral.returns);
    const entry = (incidentId: string | null, extra: Audited<SupervisionOrder>['extraChanges']): Audited<SupervisionOrder> => ({
      result: order, target: { type: 'SupervisionOrder', id: order.id }, incidentId, event: IncidentEventKind.SUPERVISION_ESCALATED, reason: instruction, extraChanges: extra,
    });
    const out = await auditedAcross(
      ctx,
      'supervision.escalate',
      {
        tenantId: senderTenantId, actor: null, memberOfTenant: false,
        work: async (tx) => {
          // The referral's row lock: an escalation racing a step (or another escalation) waits, then sees the order.
          await tx.em.findOne(Referral, { tenant: senderTenantId, id: referralId }, { filters: false, lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
          order = tx.em.create(SupervisionOrder, {
            tenant: ref(tx.em.getReference<Tenant>(Tenant, senderTenantId)),
            receiverTenantId: referral.receiverTenantId,
            referralId,
            instruction,
            dueAt: new Date(now.getTime() + ANSWER_WITHIN_MS),
            issuedBy: null,
            cause,
          });
          return entry(referral.senderIncidentId, [{ type: 'SupervisionOrder', id: order.id, op: 'create', before: null, after: { cause, dueAt: order.dueAt.toISOString() } }]);
        },
      },
      {
        tenantId: referral.receiverTenantId, actor: null, memberOfTenant: false,
        work: async (tx) => {
          const dueAt = cause === EscalationCause.SIGN_IN_MISSED ? referral.signInDueAt ?? now
            : cause === EscalationCause.ANSWER_MISSED ? (await firstUnanswered(tx, senderTenantId, referralId))?.dueAt ?? now
              : referral.dueAt ?? now;
          const finding = await tx.services.supervisionFindings.record(tx, { tenantId: referral.receiverTenantId, incidentId: referral.receiverIncidentId!, cause, action: instruction, dueAt, now });
          return entry(referral.receiverIncidentId ?? null, [{ type: 'SupervisionOrder', id: order.id, op: 'create', before: null, after: { cause, findingId: finding.id } }]);
        },
      },
    );
    if (!out.ok) throw new Error(`supervision.escalate: ${out.errors.map((e) => e.message).join('; ')}`);
    return true;
  },
};
