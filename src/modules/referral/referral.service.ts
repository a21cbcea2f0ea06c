// 转送 and 交办 between linked organisations. Every step is one transaction over
// both tenants (auditedAcross): the sender's half and the receiver's half, each
// under its own tenant scope, one log entry on each side naming the other.
import { ref } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { requireMember } from '../../platform/authz.js';
import { DomainError, invalid, notFound } from '../../platform/errors.js';
import { idOf } from '../../platform/ids.js';
import { precheck, type Outcome } from '../../platform/audit/mutation.js';
import { auditedAcross } from '../../platform/audit/audited-across.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { IncidentSource } from '../incident/incident.enums.js';
import { IncidentEventKind } from '../incident/incident.model.js';
import { endAsTransferred, lockMatterToRefer, receiveReferredMatter } from '../incident/referred-matter.service.js';
import { clocksOf, openClock, openClockDueAt } from '../petition/clocks.service.js';
import { ClockKind } from '../petition/petition.enums.js';
import { restartClock } from '../petition/statutory-clocks.model.js';
import { clockSuspensionService } from '../petition/clock-suspension.service.js';
import { Referral } from './referral.entity.js';
import { ReferralKind, ReferralStage } from './referral.enums.js';
import { ReferralErrorCode } from './referral.errors.js';
import { referralAccess } from './referral.access.js';
import { receivingActor } from './receiving-actor.js';
import { Loaders } from '../../platform/loaders.js';
import { setTenantScope } from '../../platform/db/tenant-scope.js';
import { EscalationCause, supervisionEscalation } from './supervision-escalation.service.js';
import { referralSettingsService } from './referral-settings.service.js';

type Side = 'sender' | 'receiver';

function step(referral: Referral, name: string, tenantId: string, note: string | null): void {
  referral.history = [...referral.history, { at: new Date().toISOString(), step: name, tenantId, note }];
}

function stateOf(r: Referral) {
  return { stage: r.stage, returns: r.returns, dueAt: r.dueAt?.toISOString() ?? null, signInDueAt: r.signInDueAt?.toISOString() ?? null };
}

function requireStage(referral: Referral, ...stages: ReferralStage[]): void {
  if (!stages.includes(referral.stage)) {
    throw new DomainError(ReferralErrorCode.WRONG_STAGE, `The referral is ${referral.stage}`, ['input', 'referralId']);
  }
}

interface SendInput {
  incidentId: string;
  toTenantId: string;
  reason?: string | null;
  instructions?: string | null;
  dueAt?: Date | null;
}

/** 转送 or 交办: the sender's matter, a new incident at the receiver, the shared record between them. */
async function send(ctx: Ctx, kind: ReferralKind, input: SendInput): Promise<Outcome<Referral>> {
  const checked = await precheck(async () => {
    const me = requireMember(ctx).tenant.id;
    const to = idOf('Tenant', input.toTenantId, ['input', 'toTenantId']);
    const incidentId = idOf('Incident', input.incidentId, ['input', 'incidentId']);
    // Unlinked organisations do not know of each other: NOT_FOUND.
    const link = to === me ? null : await referralAccess.linkBetween(ctx, me, to);
    if (!link) throw notFound('Tenant', ['input', 'toTenantId']);
    if (kind === ReferralKind.ASSIGNMENT && link.upper.id !== me) throw notFound('Tenant', ['input', 'toTenantId']);
    if (kind === ReferralKind.ASSIGNMENT && (!input.dueAt || input.dueAt.getTime() <= Date.now())) {
      throw invalid('An assignment needs a due time in the future', ['input', 'dueAt']);
    }
    const [sender, receiver] = await Promise.all([ctx.em.findOneOrFail(Tenant, { id: me }), ctx.em.findOneOrFail(Tenant, { id: to })]);
    // The sender's terms, read in its own scope (the receiver's half cannot see them).
    const terms = await referralSettingsService.of(ctx, me);
    return { me, to, incidentId, sender, receiver, terms };
  });
  if (!checked.ok) return checked;
  const { me, to, incidentId, sender, receiver, terms } = checked.value;
  const action = kind === ReferralKind.TRANSFER ? 'referral.transfer' : 'referral.assign';
  let referral: Referral;
  let personalData = false;
  const out = await auditedAcross(
    ctx,
    action,
    {
      tenantId: me, actor: ctx.actor, memberOfTenant: true,
      work: async (tx) => {
        const { incident, matter } = await lockMatterToRefer(tx, incidentId);
        if (await tx.em.findOne(Referral, { senderIncidentId: incident.id, receiverTenantId: to })) {
          throw new DomainError(ReferralErrorCode.NOT_REFERABLE, 'The matter was referred to this organisation already', ['input', 'incidentId']);
        }
        personalData = matter.personalData;
        referral = tx.em.create(Referral, {
          tenant: ref(tx.em.getReference<Tenant>(Tenant, me)),
          receiverTenantId: to,
          kind,
          stage: kind === ReferralKind.TRANSFER ? ReferralStage.TRANSFERRED : ReferralStage.AWAITING_SIGN_IN,
          senderIncidentId: incident.id,
          senderName: sender.name,
          receiverName: receiver.name,
          senderReceiptNumber: incident.receiptNumber,
          reason: input.reason?.trim() || null,
          instructions: input.instructions?.trim() || null,
          dueAt: input.dueAt ?? null,
        });
        step(referral, kind === ReferralKind.TRANSFER ? 'TRANSFERRED' : 'ASSIGNED', me, referral.reason ?? referral.instructions ?? null);
        if (kind === ReferralKind.TRANSFER) endAsTransferred(incident, receiver.name);
        return {
          result: { referral, matter },
          target: { type: 'Referral', id: referral.id },
          incidentId: incident.id,
          event: kind === ReferralKind.TRANSFER ? IncidentEventKind.TRANSFERRED : IncidentEventKind.STATUS_CHANGED,
          reason: referral.reason ?? null,
          extraChanges: [{ type: 'ReferralSent', id: referral.id, op: 'create', before: null, after: { toTenantId: to, petitioners: matter.petitioners.length, personalData } }],
        };
      },
    },
    {
      tenantId: to, actor: (tx) => receivingActor(tx, to), loggedAs: ctx.actor, memberOfTenant: false,
      work: async (tx, earlier) => {
        const { matter } = earlier as Awaited<ReturnType<typeof lockMatterToRefer>>;
        const from = `${sender.name}${kind === ReferralKind.TRANSFER ? '转送' : '交办'}（${matter.receiptNumber}）`;
        const opened = await receiveReferredMatter(tx, matter, from, kind === ReferralKind.TRANSFER ? IncidentSource.TRANSFERRED : IncidentSource.ASSIGNED);
        const incident = opened.result.incident;
        referral.receiverIncidentId = incident.id;
        if (kind === ReferralKind.ASSIGNMENT) {
          const now = new Date();
          // The sender sets how many working days; they count in the receiver's calendar.
          const signIn = await openClock(tx, incident, ClockKind.SIGN_IN, now, terms.signInWorkingDays);
          const closing = await openClockDueAt(tx, incident, ClockKind.CLOSING_REPORT, now, input.dueAt!);
          tx.em.persist([signIn, closing]);
          referral.signInDueAt = signIn.dueAt;
        }
        return {
          result: referral,
          target: { type: 'Referral', id: referral.id },
          incidentId: incident.id,
          event: IncidentEventKind.REFERRAL_RECEIVED,
          reason: referral.reason ?? null,
          extraChanges: [{ type: 'ReferralReceived', id: referral.id, op: 'create', before: null, after: { fromTenantId: me, petitioners: matter.petitioners.length, personalData } }],
        };
      },
    },
  );
  return out.ok ? { ok: true, value: out.value[1] } : out;
}

interface StepSpec {
  action: string;
  /** Who may take the step. */
  by: Side;
  stages: ReferralStage[];
  event: IncidentEventKind;
  reason?: string | null;
  /** The change on the shared record, made in the acting tenant's half. */
  change: (r: Referral, tx: Ctx) => void;
  /** The receiver's own clocks, changed in its half. */
  receiverClocks?: (tx: Ctx, r: Referral) => Promise<void>;
}

/** A step on an existing referral: the acting side locks the shared record and changes it, the other side records it. */
async function stepOn(ctx: Ctx, referralId: string, spec: StepSpec): Promise<Outcome<Referral>> {
  const checked = await precheck(async () => {
    const me = requireMember(ctx).tenant.id;
    const found = await referralAccess.get(ctx, referralId, ['input', 'referralId']);
    const side: Side = found.tenant.id === me ? 'sender' : 'receiver';
    // The other side's step is not the caller's to take: as if the referral had no such step.
    if (side !== spec.by) throw new DomainError(ReferralErrorCode.WRONG_STAGE, `Only the ${spec.by} takes this step`, ['input', 'referralId']);
    return { me, found };
  });
  if (!checked.ok) return checked;
  const { me, found } = checked.value;
  const other = spec.by === 'sender' ? found.receiverTenantId : found.tenant.id;
  let referral: Referral;
  const entry = (r: Referral, side: Side, incidentId: string | null) => ({
    result: r,
    target: { type: 'Referral', id: r.id },
    incidentId,
    event: spec.event,
    reason: spec.reason ?? null,
    extraChanges: side === spec.by ? [] : [{ type: 'Referral', id: r.id, op: 'update' as const, before: null, after: stateOf(r) }],
  });
  const out = await auditedAcross(
    ctx,
    spec.action,
    {
      tenantId: me, actor: ctx.actor, memberOfTenant: true,
      work: async (tx) => {
        // The row lock: two racing steps on one record, one wins, the other sees the new stage.
        referral = (await referralAccess.find(tx, found.id, true))!;
        requireStage(referral, ...spec.stages);
        spec.change(referral, tx);
        step(referral, spec.action, me, spec.reason ?? null);
        if (spec.by === 'receiver' && spec.receiverClocks) await spec.receiverClocks(tx, referral);
        return entry(referral, spec.by, spec.by === 'sender' ? referral.senderIncidentId : referral.receiverIncidentId ?? null);
      },
    },
    {
      tenantId: other, actor: ctx.actor, memberOfTenant: false,
      work: async (tx) => {
        const side: Side = spec.by === 'sender' ? 'receiver' : 'sender';
        if (side === 'receiver' && spec.receiverClocks) await spec.receiverClocks({ ...tx, actor: await receivingActor(tx, other) }, referral);
        return entry(referral, side, side === 'sender' ? referral.senderIncidentId : referral.receiverIncidentId ?? null);
      },
    },
  );
  return out.ok ? { ok: true, value: out.value[0] } : out;
}

async function receiverClock(tx: Ctx, r: Referral, kind: ClockKind) {
  const clocks = await clocksOf(tx, r.receiverIncidentId!);
  return clocks.get(kind) ?? null;
}

export const referralService = {
  transfer(ctx: Ctx, input: { incidentId: string; toTenantId: string; reason: string }) {
    return send(ctx, ReferralKind.TRANSFER, input);
  },

  assign(ctx: Ctx, input: { incidentId: string; toTenantId: string; dueAt: Date; instructions: string }) {
    return send(ctx, ReferralKind.ASSIGNMENT, input);
  },

  acceptAssignment(ctx: Ctx, input: { referralId: string }) {
    const now = new Date();
    return stepOn(ctx, input.referralId, {
      action: 'referral.accept_assignment', by: 'receiver', stages: [ReferralStage.AWAITING_SIGN_IN], event: IncidentEventKind.REFERRAL_ACCEPTED,
      change: (r) => { r.stage = ReferralStage.IN_PROGRESS; r.signedAt = now; },
      receiverClocks: async (tx, r) => {
        const clock = await receiverClock(tx, r, ClockKind.SIGN_IN);
        if (clock) await clockSuspensionService.meet(tx, clock, now, 'signed for');
      },
    });
  },

  submitClosingReport(ctx: Ctx, input: { referralId: string; findings: string; outcome: string; replySent: boolean }) {
    const now = new Date();
    return stepOn(ctx, input.referralId, {
      action: 'referral.submit_closing_report', by: 'receiver', stages: [ReferralStage.IN_PROGRESS], event: IncidentEventKind.CLOSING_REPORT_SUBMITTED,
      change: (r, tx) => {
        r.stage = ReferralStage.REPORT_SUBMITTED;
        r.closingReport = { findings: input.findings.trim(), outcome: input.outcome.trim(), replySent: input.replySent, submittedAt: now.toISOString(), submittedBy: requireMember(tx).memberId };
      },
      receiverClocks: async (tx, r) => {
        const clock = await receiverClock(tx, r, ClockKind.CLOSING_REPORT);
        if (clock) await clockSuspensionService.meet(tx, clock, now, 'closing report submitted');
      },
    });
  },

  async returnClosingReport(ctx: Ctx, input: { referralId: string; reasons: string; dueAt: Date }): Promise<Outcome<Referral>> {
    const now = new Date();
    if (input.dueAt.getTime() <= now.getTime()) return { ok: false as const, errors: [invalid('The new due time must be in the future', ['input', 'dueAt'])] };
    // The caller is the sender when the step succeeds, so these are the sender's terms.
    const { returnsEscalateAt } = await referralSettingsService.mine(ctx);
    const out = await stepOn(ctx, input.referralId, {
      action: 'referral.return_closing_report', by: 'sender', stages: [ReferralStage.REPORT_SUBMITTED], event: IncidentEventKind.CLOSING_REPORT_RETURNED,
      reason: input.reasons.trim(),
      change: (r) => { r.stage = ReferralStage.IN_PROGRESS; r.returns += 1; r.dueAt = input.dueAt; },
      receiverClocks: async (tx, r) => {
        const clock = await receiverClock(tx, r, ClockKind.CLOSING_REPORT);
        if (clock) restartClock(clock, now, input.dueAt, null, `returned for rework: ${input.reasons.trim()}`);
      },
    });
    // 提级督办 right after the return that reaches the limit, as the system, in the request's transaction
    // (a connection of its own would wait on the referral's row lock the request still holds); the sweeper catches up if it fails.
    if (out.ok && out.value.returns >= returnsEscalateAt) {
      const r = out.value;
      try {
        await supervisionEscalation.escalate({ ...ctx, actor: null, loaders: new Loaders() }, r.tenant.id, r.id, EscalationCause.RETURNS, now);
      } catch (error) {
        ctx.log.error({ err: error, referralId: r.id }, 'escalation after a return failed; the sweeper retries');
      } finally {
        await setTenantScope(ctx.em, requireMember(ctx).tenant.id, ctx.actor?.userId ?? null);
      }
    }
    return out;
  },

  acceptClosingReport(ctx: Ctx, input: { referralId: string }) {
    return stepOn(ctx, input.referralId, {
      action: 'referral.accept_closing_report', by: 'sender', stages: [ReferralStage.REPORT_SUBMITTED], event: IncidentEventKind.CLOSING_REPORT_ACCEPTED,
      change: (r) => { r.stage = ReferralStage.CLOSED; },
    });
  },

  /** Referrals the caller's tenant sent or received, newest first. */
  async list(ctx: Ctx, limit: number): Promise<Referral[]> {
    const me = requireMember(ctx).tenant.id;
    return ctx.em.find(Referral, { $or: [{ tenant: me }, { receiverTenantId: me }] }, { filters: false, orderBy: { createdAt: 'desc', id: 'desc' }, limit });
  },
};
