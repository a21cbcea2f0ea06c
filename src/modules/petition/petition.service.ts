// The petition's statutory path (信访工作条例 arts. 23, 34–36): acceptance,
// extension, written reply, review and re-review. Each mutation locks the
// incident row first; closing and withdrawal are the case's (incident/).
import type { Ctx } from '../../platform/context.js';
import { DomainError, DomainErrors, invalid } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { requireMember } from '../../platform/authz.js';
import { calendarService } from '../calendar/calendar.service.js';
import type { Incident } from '../incident/incident.entity.js';
import type { IncidentActionInput } from '../incident/incident.types.js';
import type { StatutoryClock } from './clock.entity.js';
import { IncidentStatus } from '../incident/incident.enums.js';
import { ClockKind, ExtensionRequestState, PetitionDecision, ReviewStage } from './petition.enums.js';
import { IncidentErrorCode } from '../incident/incident.errors.js';
import { assertTransition } from '../incident/incident-lifecycle.model.js';
import { incidentAccess } from '../incident/incident.access.js';
import { leaderCovering } from '../incident/duty-assignment.service.js';
import { cancelClock, extendClock, isRunning, meetClock, rejectExtension, requestExtension, windowOpenAt } from './statutory-clocks.model.js';
import {
  AcceptanceDecision,
  type AcceptPetitionInput,
  type AnswerReviewInput,
  type ApproveDeadlineExtensionInput,
  type RejectDeadlineExtensionInput,
  type RequestDeadlineExtensionInput,
  type RecordReviewRequestInput,
  type ReplyToPetitionerInput,
} from './petition.inputs.js';
import { actorRef } from '../member/member.service.js';
import { clocksOf, openClock } from './clocks.service.js';
import { PetitionErrorCode } from './petition.errors.js';
import { repeatLinks } from './repeat-links.service.js';
import { clockSuspensionService } from './clock-suspension.service.js';
import { IncidentEventKind } from '../incident/incident.model.js';

export interface ClockResult {
  clock: StatutoryClock;
  incident: Incident;
}

const CLOCK_SKEW_MS = 5 * 60_000;

function atOrNow(value: Date | null | undefined, notBefore: Date, field: string[]): Date {
  const now = new Date();
  const at = value ?? now;
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw invalid('cannot be in the future', field);
  if (at < notBefore) throw invalid(`cannot be before ${notBefore.toISOString()}`, field);
  return at;
}

function requireClock(clocks: Map<ClockKind, StatutoryClock>, kind: ClockKind): StatutoryClock {
  const clock = clocks.get(kind);
  if (!clock || !isRunning(clock)) {
    throw new DomainError(PetitionErrorCode.CLOCK_NOT_RUNNING, `No running ${kind} clock on this incident`, ['input', 'incidentId']);
  }
  return clock;
}

const REVIEW_KINDS = {
  [ReviewStage.REVIEW]: { request: ClockKind.REVIEW_REQUEST, answer: ClockKind.REVIEW_ANSWER },
  [ReviewStage.REREVIEW]: { request: ClockKind.REREVIEW_REQUEST, answer: ClockKind.REREVIEW_ANSWER },
};

/** The incident (locked, in HANDLING) and its reply clock. */
async function lockReplyClock(tx: Ctx, input: IncidentActionInput): Promise<{ incident: Incident; reply: StatutoryClock }> {
  const incident = await incidentAccess.lockFromInput(tx, input);
  if (incident.status !== IncidentStatus.HANDLING) {
    throw new DomainError(IncidentErrorCode.INVALID_TRANSITION, `Only a case being handled can have its reply deadline extended (it is ${incident.status})`, ['input', 'incidentId']);
  }
  const reply = (await clocksOf(tx, incident.id)).get(ClockKind.REPLY);
  if (!reply) throw new DomainError(PetitionErrorCode.CLOCK_NOT_RUNNING, 'The petition has no reply clock', ['input', 'incidentId']);
  return { incident, reply };
}

/** A pending request, and a caller who may decide it: leader rank over the case, and not the one who asked. */
async function lockPendingRequest(tx: Ctx, input: IncidentActionInput): Promise<{ incident: Incident; reply: StatutoryClock }> {
  const found = await lockReplyClock(tx, input);
  const { incident, reply } = found;
  if (reply.extensionRequestState !== ExtensionRequestState.PENDING) {
    throw new DomainError(PetitionErrorCode.NO_PENDING_EXTENSION, 'No extension request waits for a decision', ['input', 'incidentId']);
  }
  const me = requireMember(tx).memberId;
  if (reply.extensionRequestedBy?.id === me) {
    throw new DomainError(PetitionErrorCode.SELF_APPROVAL, 'Another leader decides an extension: the one who asked for it cannot (art. 34, four eyes)', ['input', 'incidentId']);
  }
  if (!(await leaderCovering(tx, me, await incidentAccess.unitPathOf(tx, incident)))) {
    throw new DomainError(IncidentErrorCode.NOT_LEADER_RANK, 'An extension is decided by a member of leader rank in a unit covering the incident (本机关、单位负责人)', ['input', 'incidentId']);
  }
  return found;
}

export const petitionService = {
  /**
   * Art. 23: ACCEPT starts the 60-day reply clock and moves the case to
   * HANDLING; REFUSE (with reasons) and NOT_OURS (a transferred matter that is
   * not this unit's, objected to with reasons) answer the petitioner now.
   */
  async accept(ctx: Ctx, input: AcceptPetitionInput): Promise<Outcome<Incident>> {
    return audited(ctx, 'incident.accept_petition', async (tx) => {
      await validateInput(input);
      const incident = await incidentAccess.lockFromInput(tx, input);
      const decidedAt = atOrNow(input.decidedAt, incident.receivedAt, ['input', 'decidedAt']);
      const reason = input.reason?.trim() || null;
      if (input.decision !== AcceptanceDecision.ACCEPT && !reason) throw invalid('Give the reasons the petitioner will be told', ['input', 'reason']);
      if (incident.decision !== PetitionDecision.PENDING) {
        throw new DomainError(IncidentErrorCode.INVALID_TRANSITION, `The petition was already decided (${incident.decision})`, ['input', 'incidentId']);
      }
      const clocks = await clocksOf(tx, incident.id);
      const me = requireMember(tx).memberId;
      const objection = clocks.get(ClockKind.TRANSFER_OBJECTION);
      const acceptance = clocks.get(ClockKind.ACCEPTANCE);
      incident.decidedAt = decidedAt;
      incident.decidedBy = actorRef(tx);
      incident.decisionReason = reason;
      let event: IncidentEventKind = IncidentEventKind.ACCEPTED;
      if (input.decision === AcceptanceDecision.ACCEPT) {
        await repeatLinks.assertNotReReviewed(tx, incident);
        assertTransition(incident.status, IncidentStatus.HANDLING);
        incident.status = IncidentStatus.HANDLING;
        incident.decision = PetitionDecision.ACCEPTED;
        await clockSuspensionService.meet(tx, requireClock(clocks, ClockKind.ACCEPTANCE), decidedAt, 'accepted');
        if (objection) cancelClock(objection, decidedAt, me, 'accepted: no objection');
        tx.em.persist(await openClock(tx, incident, ClockKind.REPLY, decidedAt));
      } else {
        assertTransition(incident.status, IncidentStatus.REPLIED);
        incident.status = IncidentStatus.REPLIED;
        incident.replyText = reason;
        incident.repliedAt = decidedAt;
        incident.repliedBy = actorRef(tx);
        event = IncidentEventKind.REPLIED;
        if (input.decision === AcceptanceDecision.REFUSE) {
          incident.decision = PetitionDecision.REFUSED;
          await clockSuspensionService.meet(tx, requireClock(clocks, ClockKind.ACCEPTANCE), decidedAt, 'not accepted, reasons given');
          if (objection) cancelClock(objection, decidedAt, me, 'not accepted');
        } else {
          if (!incident.transferredFrom || !objection) {
            throw new DomainError(PetitionErrorCode.NOT_TRANSFERRED, 'Only a transferred matter can be objected to as not this unit\'s', ['input', 'decision']);
          }
          incident.decision = PetitionDecision.NOT_OURS;
          await clockSuspensionService.meet(tx, requireClock(clocks, ClockKind.TRANSFER_OBJECTION), decidedAt, 'objected: not this unit\'s matter');
          if (acceptance) cancelClock(acceptance, decidedAt, me, 'objected to the transfer');
        }
      }
      incident.touch();
      return { result: incident, target: { type: 'Incident', id: incident.id }, incidentId: incident.id, event, reason };
    });
  },

  /**
   * Art. 34, four eyes: the handler asks for one extension of the reply
   * deadline (at most 30 days, with the reason the petitioner will be told).
   * The deadline stays as it is until another, leader-rank member approves.
   */
  async requestExtension(ctx: Ctx, input: RequestDeadlineExtensionInput, action = 'incident.request_extension'): Promise<Outcome<ClockResult>> {
    return audited(ctx, action, async (tx) => {
      await validateInput(input);
      const { incident, reply } = await lockReplyClock(tx, input);
      requestExtension(reply, input.days, input.reason, requireMember(tx).memberId);
      reply.extensionRequestedBy = actorRef(tx);
      reply.extensionDecidedBy = null;
      incident.touch();
      return extensionStep(incident, reply, IncidentEventKind.EXTENSION_REQUESTED, input.reason.trim());
    });
  },

  /** A leader-rank member covering the case, not the requester, approves: the extension takes effect now. */
  async approveExtension(ctx: Ctx, input: ApproveDeadlineExtensionInput): Promise<Outcome<ClockResult>> {
    return audited(ctx, 'incident.approve_extension', async (tx) => {
      await validateInput(input);
      const { incident, reply } = await lockPendingRequest(tx, input);
      const me = requireMember(tx).memberId;
      extendClock(reply, reply.extensionRequestDays!, reply.extensionRequestReason!, me, await calendarService.clock(tx));
      reply.extensionRequestState = ExtensionRequestState.APPROVED;
      reply.extensionDecidedAt = reply.extendedAt;
      reply.extensionDecidedBy = actorRef(tx);
      reply.extensionApprovedBy = actorRef(tx);
      incident.touch();
      return extensionStep(incident, reply, IncidentEventKind.DEADLINE_EXTENDED, input.note?.trim() || null);
    });
  },

  /** The same leader check; the deadline stays, the reason is kept, and the handler may ask again. */
  async rejectExtension(ctx: Ctx, input: RejectDeadlineExtensionInput): Promise<Outcome<ClockResult>> {
    return audited(ctx, 'incident.reject_extension', async (tx) => {
      await validateInput(input);
      const { incident, reply } = await lockPendingRequest(tx, input);
      rejectExtension(reply, input.reason, requireMember(tx).memberId);
      reply.extensionDecidedBy = actorRef(tx);
      incident.touch();
      return extensionStep(incident, reply, IncidentEventKind.EXTENSION_REJECTED, input.reason.trim());
    });
  },

  /** Art. 34: the written reply; the 30-day review window (art. 35) opens. */
  async reply(ctx: Ctx, input: ReplyToPetitionerInput): Promise<Outcome<Incident>> {
    return audited(ctx, 'incident.reply', async (tx) => {
      await validateInput(input);
      const incident = await incidentAccess.lockFromInput(tx, input);
      assertTransition(incident.status, IncidentStatus.REPLIED);
      if (incident.decision !== PetitionDecision.ACCEPTED) {
        throw new DomainError(IncidentErrorCode.INVALID_TRANSITION, 'A reply follows acceptance (acceptPetition)', ['input', 'incidentId']);
      }
      const clocks = await clocksOf(tx, incident.id);
      const reply = requireClock(clocks, ClockKind.REPLY);
      const repliedAt = atOrNow(input.repliedAt, reply.startedAt, ['input', 'repliedAt']);
      await clockSuspensionService.meet(tx, reply, repliedAt, 'written reply given');
      incident.status = IncidentStatus.REPLIED;
      incident.replyText = input.reply.trim();
      incident.repliedAt = repliedAt;
      incident.repliedBy = actorRef(tx);
      tx.em.persist(await openClock(tx, incident, ClockKind.REVIEW_REQUEST, repliedAt));
      incident.touch();
      return { result: incident, target: { type: 'Incident', id: incident.id }, incidentId: incident.id, event: IncidentEventKind.REPLIED };
    });
  },

  /**
   * Arts. 35–36: the petitioner asked for review (or re-review) within its
   * window; the 30-day answer clock starts. Remedies outlive closing: on a
   * closed case the request reopens it (back to REPLIED) for that stage.
   */
  async recordReviewRequest(ctx: Ctx, input: RecordReviewRequestInput): Promise<Outcome<ClockResult>> {
    return audited(ctx, 'incident.review_requested', async (tx) => {
      await validateInput(input);
      const incident = await incidentAccess.lockFromInput(tx, input);
      if (incident.status !== IncidentStatus.REPLIED && incident.status !== IncidentStatus.CLOSED) {
        throw new DomainError(IncidentErrorCode.INVALID_TRANSITION, `Review is asked of a replied or closed case (it is ${incident.status})`, ['input', 'incidentId']);
      }
      const kinds = REVIEW_KINDS[input.stage];
      const clocks = await clocksOf(tx, incident.id);
      const window = clocks.get(kinds.request);
      const requestedAt = atOrNow(input.requestedAt, window?.startedAt ?? incident.receivedAt, ['input', 'requestedAt']);
      if (!window || !windowOpenAt(window, requestedAt)) {
        throw new DomainError(PetitionErrorCode.REVIEW_WINDOW_CLOSED, `No open ${input.stage === ReviewStage.REVIEW ? 'review (art. 35)' : 're-review (art. 36)'} window at that time`, ['input', 'stage']);
      }
      meetClock(window, requestedAt, requireMember(tx).memberId, 'requested');
      const answer = await openClock(tx, incident, kinds.answer, requestedAt);
      tx.em.persist(answer);
      const reopened = incident.status === IncidentStatus.CLOSED;
      if (reopened) {
        // The archive's review (后期处置) stays; closing again after the answer writes a new one.
        incident.status = IncidentStatus.REPLIED;
        incident.closedAt = null;
        incident.closedBy = null;
      }
      incident.touch();
      return {
        result: { clock: answer, incident },
        target: { type: 'StatutoryClock', id: answer.id },
        incidentId: incident.id,
        event: reopened ? IncidentEventKind.STATUS_CHANGED : IncidentEventKind.CLOCK_STARTED,
        reason: reopened ? `reopened for ${input.stage === ReviewStage.REVIEW ? '复查 (art. 35)' : '复核 (art. 36)'}` : null,
      };
    });
  },

  /** Arts. 35–36: the review (re-review) answer; after a review the re-review window opens. */
  async answerReview(ctx: Ctx, input: AnswerReviewInput): Promise<Outcome<Incident>> {
    return audited(ctx, 'incident.review_answered', async (tx) => {
      await validateInput(input);
      const incident = await incidentAccess.lockFromInput(tx, input);
      if (incident.status !== IncidentStatus.REPLIED) {
        throw new DomainError(IncidentErrorCode.INVALID_TRANSITION, `Only a replied case is reviewed (it is ${incident.status})`, ['input', 'incidentId']);
      }
      const kinds = REVIEW_KINDS[input.stage];
      const clocks = await clocksOf(tx, incident.id);
      const now = new Date();
      await clockSuspensionService.meet(tx, requireClock(clocks, kinds.answer), now, 'answered');
      incident.replyText = `${incident.replyText ?? ''}\n\n[${input.stage === ReviewStage.REVIEW ? '复查意见' : '复核意见'}] ${input.answer.trim()}`.trim();
      incident.repliedAt = now;
      if (input.stage === ReviewStage.REVIEW) tx.em.persist(await openClock(tx, incident, ClockKind.REREVIEW_REQUEST, now));
      incident.touch();
      return { result: incident, target: { type: 'Incident', id: incident.id }, incidentId: incident.id, event: IncidentEventKind.REPLIED };
    });
  },
};

/** What each step of the extension flow answers and logs: the reply clock, on its incident, with the step's event. */
function extensionStep(incident: Incident, reply: StatutoryClock, event: IncidentEventKind, reason: string | null) {
  return { result: { clock: reply, incident }, target: { type: 'StatutoryClock', id: reply.id }, incidentId: incident.id, event, reason };
}
