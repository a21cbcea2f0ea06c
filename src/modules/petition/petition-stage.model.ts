// The stage of a petition as the petitioner's status page and the API both
// show it, from the case and its statutory clocks: one rule, so they agree.
import { IncidentStatus } from '../incident/incident.enums.js';
import { ClockKind, PetitionDecision } from './petition.enums.js';
import { isRunning, type ClockRecord } from './statutory-clocks.model.js';

export enum PetitionStage {
  RECEIVED = 'RECEIVED',
  ACCEPTED = 'ACCEPTED',
  NOT_ACCEPTED = 'NOT_ACCEPTED',
  REFERRED_BACK = 'REFERRED_BACK',
  REPLIED = 'REPLIED',
  UNDER_REVIEW = 'UNDER_REVIEW',
  UNDER_REREVIEW = 'UNDER_REREVIEW',
  CLOSED = 'CLOSED',
  WITHDRAWN = 'WITHDRAWN',
  /** 转送: handed on to the organisation with authority (the status names it). */
  TRANSFERRED = 'TRANSFERRED',
}

export function stageOf(i: { status: IncidentStatus; decision: PetitionDecision }, clocks: readonly Pick<ClockRecord, 'kind' | 'state'>[]): PetitionStage {
  if (i.status === IncidentStatus.WITHDRAWN) return PetitionStage.WITHDRAWN;
  if (i.status === IncidentStatus.TRANSFERRED) return PetitionStage.TRANSFERRED;
  // A review (复查) or re-review (复核) being answered: its own stage, whatever came before.
  const answering = (kind: ClockKind) => clocks.some((c) => c.kind === kind && isRunning(c));
  if (answering(ClockKind.REREVIEW_ANSWER)) return PetitionStage.UNDER_REREVIEW;
  if (answering(ClockKind.REVIEW_ANSWER)) return PetitionStage.UNDER_REVIEW;
  if (i.decision === PetitionDecision.REFUSED) return PetitionStage.NOT_ACCEPTED;
  if (i.decision === PetitionDecision.NOT_OURS) return PetitionStage.REFERRED_BACK;
  if (i.status === IncidentStatus.CLOSED) return PetitionStage.CLOSED;
  if (i.status === IncidentStatus.REPLIED) return PetitionStage.REPLIED;
  if (i.decision === PetitionDecision.ACCEPTED) return PetitionStage.ACCEPTED;
  return PetitionStage.RECEIVED;
}
