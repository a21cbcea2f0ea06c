// Ratings (满意度评价) and follow-up calls (回访). The petitioner rates an
// answer without an account (receipt number and access code, verified and
// rate limited exactly as petitionStatus); an officer records a call and may
// take the rating on it. Once per stage, within the tenant's window; a
// DISSATISFIED rating opens a follow-up task for the case owner and answers
// with the review remedy and its deadline.
import { LockMode, ref } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { DomainError, invalid, notFound } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { ActorKind } from '../../platform/audit/log.entity.js';
import { validateInput } from '../../platform/validation.js';
import { requireMember } from '../../platform/authz.js';
import { findPlain } from '../../platform/db/plain-rows.js';
import { Incident } from '../incident/incident.entity.js';
import { IncidentTask } from '../incident/task.entity.js';
import { incidentAccess } from '../incident/incident.access.js';
import { byIncident } from '../incident/incident.loaders.js';
import { Member } from '../member/member.entity.js';
import { DutyKind } from '../plan/plan.model.js';
import { clocksOf } from '../petition/clocks.service.js';
import { verifyReceipt } from '../petition/petition-status.service.js';
import type { StatutoryClock } from '../petition/clock.entity.js';
import { ClockKind, PetitionDecision } from '../petition/petition.enums.js';
import { DEFAULT_SATISFACTION_SETTINGS, FollowUpCall, SatisfactionRating, SatisfactionSettings } from './satisfaction.entity.js';
import { Rating, RatingChannel, RatingStage, RemedyKind } from './satisfaction.enums.js';
import { SatisfactionErrorCode } from './satisfaction.errors.js';
import type { PhoneRatingInput, RateReplyInput, RecordFollowUpCallInput, UpdateSatisfactionSettingsInput } from './satisfaction.inputs.js';

const DAY_MS = 86_400_000;
const CLOCK_SKEW_MS = 5 * 60_000;

export interface Remedy {
  kind: RemedyKind;
  /** Until when the petitioner may ask for it; null when there is no further remedy or no window is open. */
  deadline: Date | null;
  text: string;
}

export interface RatingResult {
  rating: SatisfactionRating;
  /** For DISSATISFIED: what the petitioner may do next. */
  remedy: Remedy | null;
}

export interface CallResult {
  call: FollowUpCall;
  rating: RatingResult | null;
  incident: Incident;
}

/** The same refusal for an unknown receipt and a wrong code. */
export const RECEIPT_REFUSAL = () => notFound('Petition', ['input', 'receiptNumber']);

/** When the answer of a stage was given, from the statutory clocks; null when it was not. */
function answeredAt(incident: Incident, clocks: Map<ClockKind, StatutoryClock>, stage: RatingStage): Date | null {
  if (stage === RatingStage.REPLY) {
    const reply = clocks.get(ClockKind.REPLY)?.metAt;
    if (reply) return reply;
    // Not accepted, or objected to as not this unit's: the written reasons are the answer.
    if ((incident.decision === PetitionDecision.REFUSED || incident.decision === PetitionDecision.NOT_OURS) && incident.decidedAt) return incident.decidedAt;
    return null;
  }
  return clocks.get(stage === RatingStage.REVIEW ? ClockKind.REVIEW_ANSWER : ClockKind.REREVIEW_ANSWER)?.metAt ?? null;
}

/** The remedy after an answer the petitioner is not satisfied with (arts. 35–36). */
export function remedyAfter(stage: RatingStage, clocks: Map<ClockKind, StatutoryClock>): Remedy {
  if (stage === RatingStage.REPLY) {
    const window = clocks.get(ClockKind.REVIEW_REQUEST);
    return {
      kind: RemedyKind.REVIEW,
      deadline: window?.dueAt ?? null,
      text: '对答复意见不服的，可以自收到书面答复意见之日起30日内请求原办理机关、单位的上一级机关、单位复查（《信访工作条例》第三十五条）。',
    };
  }
  if (stage === RatingStage.REVIEW) {
    const window = clocks.get(ClockKind.REREVIEW_REQUEST);
    return {
      kind: RemedyKind.REREVIEW,
      deadline: window?.dueAt ?? null,
      text: '对复查意见不服的，可以自收到书面复查意见之日起30日内向复查机关、单位的上一级机关、单位请求复核（《信访工作条例》第三十六条）。',
    };
  }
  return { kind: RemedyKind.NONE, deadline: null, text: '复核意见为最终意见；对同一事项不再受理（《信访工作条例》第三十六条）。' };
}

async function settingsOf(ctx: Ctx, tenantId: string) {
  const row = await ctx.em.findOne(SatisfactionSettings, { tenant: tenantId });
  return row ? { ratingWindowDays: row.ratingWindowDays, followUpDays: row.followUpDays } : { ...DEFAULT_SATISFACTION_SETTINGS };
}

/**
 * Records a rating on a locked incident (both paths): once per stage, within
 * the window; DISSATISFIED opens the case owner's follow-up task.
 */
async function recordRating(
  tx: Ctx,
  tenantId: string,
  incident: Incident,
  given: { stage: RatingStage; rating: Rating; comment?: string | null },
  channel: { kind: RatingChannel; takenById: string | null; call: FollowUpCall | null },
  now: Date,
): Promise<RatingResult> {
  const field = channel.kind === RatingChannel.PHONE ? ['input', 'rating', 'stage'] : ['input', 'stage'];
  const clocks = await clocksOf(tx, incident.id);
  const at = answeredAt(incident, clocks, given.stage);
  if (!at) throw new DomainError(SatisfactionErrorCode.STAGE_NOT_ANSWERED, 'That answer has not been given', field);
  if (await tx.em.count(SatisfactionRating, { incident: { id: incident.id }, stage: given.stage })) {
    throw new DomainError(SatisfactionErrorCode.ALREADY_RATED, 'This answer was rated already', field);
  }
  const settings = await settingsOf(tx, tenantId);
  const closes = new Date(at.getTime() + settings.ratingWindowDays * DAY_MS);
  if (now > closes) {
    throw new DomainError(SatisfactionErrorCode.RATING_WINDOW_CLOSED, `An answer may be rated within ${settings.ratingWindowDays} days; this window closed at ${closes.toISOString()}`, field);
  }
  const tenant = ref(tx.em.getReference<{ id: string }>('Tenant', tenantId));
  const member = (id: string) => ref(tx.em.getReference(Member, [tenantId, id] as never));
  const rating = tx.em.create(SatisfactionRating, {
    tenant,
    incident,
    stage: given.stage,
    rating: given.rating,
    comment: given.comment?.trim() || null,
    channel: channel.kind,
    takenBy: channel.takenById ? member(channel.takenById) : null,
    call: channel.call,
    answeredAt: at,
    ratedAt: now,
  });
  if (given.rating !== Rating.DISSATISFIED) return { rating, remedy: null };
  // The case owner follows up (领导包案); without one, whoever gave the reply.
  const ownerId = incident.caseOwner?.id ?? incident.repliedBy?.id ?? null;
  const owner = ownerId ? await tx.em.findOne(Member, { id: ownerId }) : null;
  rating.followUpTask = ref(
    tx.em.create(IncidentTask, {
      tenant,
      incident,
      levelSequence: 0,
      levelKey: 'SATISFACTION',
      dutyKey: `follow-up-${given.stage.toLowerCase()}`,
      dutyKind: DutyKind.FOLLOW_UP,
      action: '回访不满意的信访人：了解不满意的原因，告知复查、复核途径和期限，记录回访情况。',
      roleKey: 'CASE_OWNER',
      role: null,
      assignee: owner ? member(owner.id) : null,
      responsibleUnit: owner ? owner.unit : null,
      dueAt: new Date(now.getTime() + settings.followUpDays * DAY_MS),
      evidenceRequired: false,
    }),
  );
  return { rating, remedy: remedyAfter(given.stage, clocks) };
}

export const satisfactionService = {
  /** rateReply: public; a wrong code and an unknown receipt get the same refusal, counted against the address. */
  async rateReply(ctx: Ctx, input: RateReplyInput): Promise<Outcome<RatingResult>> {
    const receipt = await verifyReceipt(ctx, input.receiptNumber, input.accessCode);
    if (!receipt) return { ok: false, errors: [RECEIPT_REFUSAL()] };
    const tenantId = receipt.tenant.id;
    return audited(
      ctx,
      'satisfaction.rate',
      async (tx) => {
        await validateInput(input);
        const incident = await tx.em.findOne(Incident, { id: receipt.incidentId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!incident) throw RECEIPT_REFUSAL();
        const result = await recordRating(tx, tenantId, incident, input, { kind: RatingChannel.PETITIONER, takenById: null, call: null }, new Date());
        return { result, target: { type: 'SatisfactionRating', id: result.rating.id }, incidentId: incident.id };
      },
      { tenantId, actorKind: ActorKind.PUBLIC },
    );
  },

  /** A follow-up call, and the rating taken on it if the petitioner gave one. */
  async recordFollowUpCall(ctx: Ctx, input: RecordFollowUpCallInput): Promise<Outcome<CallResult>> {
    return audited(ctx, 'satisfaction.follow_up_call', async (tx) => {
      await validateInput(input);
      const me = requireMember(tx);
      const incident = await incidentAccess.lockFromInput(tx, input);
      const now = new Date();
      const calledAt = input.calledAt ?? now;
      if (calledAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw invalid('cannot be in the future', ['input', 'calledAt']);
      if (calledAt < incident.receivedAt) throw invalid('cannot be before the incident was received', ['input', 'calledAt']);
      const tenant = ref(tx.em.getReference<{ id: string }>('Tenant', me.tenant.id));
      const call = tx.em.create(FollowUpCall, {
        tenant,
        incident,
        caller: ref(tx.em.getReference(Member, [me.tenant.id, me.memberId] as never)),
        calledAt,
        summary: input.summary.trim(),
        outcome: input.outcome,
      });
      let rating: RatingResult | null = null;
      if (input.rating) {
        const phone: PhoneRatingInput = input.rating;
        rating = await recordRating(tx, me.tenant.id, incident, phone, { kind: RatingChannel.PHONE, takenById: me.memberId, call }, calledAt);
      }
      incident.touch();
      return { result: { call, rating, incident }, target: { type: 'FollowUpCall', id: call.id }, incidentId: incident.id };
    });
  },

  async settings(ctx: Ctx) {
    return settingsOf(ctx, requireMember(ctx).tenant.id);
  },

  async updateSettings(ctx: Ctx, input: UpdateSatisfactionSettingsInput): Promise<Outcome<{ ratingWindowDays: number; followUpDays: number }>> {
    return audited(ctx, 'satisfaction.update_settings', async (tx) => {
      await validateInput(input);
      const tenantId = requireMember(tx).tenant.id;
      let row = await tx.em.findOne(SatisfactionSettings, { tenant: tenantId });
      if (!row) {
        row = tx.em.create(SatisfactionSettings, { tenant: ref(tx.em.getReference<{ id: string }>('Tenant', tenantId)) });
      }
      if (input.ratingWindowDays != null) row.ratingWindowDays = input.ratingWindowDays;
      if (input.followUpDays != null) row.followUpDays = input.followUpDays;
      return { result: { ratingWindowDays: row.ratingWindowDays, followUpDays: row.followUpDays }, target: { type: 'SatisfactionSettings', id: row.id } };
    });
  },

  ratingsLoader(ctx: Ctx) {
    return ctx.loaders.get<string, SatisfactionRating[]>('satisfaction.ratings', async (ids) =>
      byIncident(ids, await findPlain(ctx.em, SatisfactionRating, { incident: { id: { $in: [...ids] } } }, { orderBy: { ratedAt: 'asc', id: 'asc' } })),
    );
  },

  callsLoader(ctx: Ctx) {
    return ctx.loaders.get<string, FollowUpCall[]>('satisfaction.calls', async (ids) =>
      byIncident(ids, await findPlain(ctx.em, FollowUpCall, { incident: { id: { $in: [...ids] } } }, { orderBy: { calledAt: 'asc', id: 'asc' } })),
    );
  },
};
