// One step of the stage history kept on the incident (a type only: the entity stores it).
import type { DutyStage } from '../plan/plan.model.js';

export interface StageStep {
  stage: DutyStage;
  from: DutyStage | null;
  at: string;
  byMemberId: string | null;
  reason: string | null;
}
