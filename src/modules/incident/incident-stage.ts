// The stages of a response in order (004 预防/接待/决策, 003 后期处置): duties of a
// later stage wait until the incident advances to it.
import { DutyStage } from '../plan/plan.model.js';
import type { DutyPart } from './duty-tasks.service.js';

export const STAGE_ORDER: readonly DutyStage[] = [DutyStage.PREVENTION, DutyStage.RECEPTION, DutyStage.DECISION, DutyStage.AFTERMATH];

/** Where a reported incident starts: a petition has been made, so prevention is behind it (a concern's too). */
export const FIRST_INCIDENT_STAGE = DutyStage.RECEPTION;

export function stageIndex(stage: DutyStage | null | undefined): number {
  return stage ? STAGE_ORDER.indexOf(stage) : -1;
}

export type { StageStep } from './stage-step.model.js';

/** The parts' duties owed by the stage `current` (no stage, or not later than it); every duty when the plan does not run by stages. */
export function dutiesUpTo(parts: readonly DutyPart[], current: DutyStage, staged: boolean): DutyPart[] {
  if (!staged) return [...parts];
  const max = stageIndex(current);
  return parts.map((p) => ({ ...p, duties: p.duties.filter((d) => stageIndex(d.stage) <= max) })).filter((p) => p.duties.length > 0);
}

/** The parts' duties that begin with the stages after `from` up to `to`. */
export function dutiesBeginning(parts: readonly DutyPart[], from: DutyStage, to: DutyStage): DutyPart[] {
  const lo = stageIndex(from);
  const hi = stageIndex(to);
  return parts
    .map((p) => ({ ...p, duties: p.duties.filter((d) => stageIndex(d.stage) > lo && stageIndex(d.stage) <= hi) }))
    .filter((p) => p.duties.length > 0);
}
