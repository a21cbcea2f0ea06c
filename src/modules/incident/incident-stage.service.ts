// advanceIncidentStage: the response moves to a later stage with a reason; the
// duties of the stages it enters become tasks due from the advance.
import type { Ctx } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { idOf } from '../../platform/ids.js';
import { requireMember } from '../../platform/authz.js';
import { planService } from '../plan/plan.service.js';
import type { DutyStage } from '../plan/plan.model.js';
import type { Incident } from './incident.entity.js';
import { IncidentTask } from './task.entity.js';
import { TaskStatus } from './incident.enums.js';
import { IncidentErrorCode } from './incident.errors.js';
import { assertWritable } from './incident-lifecycle.model.js';
import { incidentAccess } from './incident.access.js';
import { createTasks, meetOwnCaseDuties } from './duty-tasks.service.js';
import { alreadyDone, partsOf } from './incident.service.js';
import { dutiesBeginning, stageIndex } from './incident-stage.js';
import { IncidentEventKind } from './incident.model.js';
import type { IncidentWarning } from './incident.types.js';

export interface AdvanceStageInput {
  incidentId: string;
  stage: DutyStage;
  reason: string;
  expectedVersion?: number | null;
}

export interface AdvanceStageResult {
  incident: Incident;
  newTasks: IncidentTask[];
  warnings: IncidentWarning[];
}

export const incidentStageService = {
  async advance(ctx: Ctx, input: AdvanceStageInput): Promise<Outcome<AdvanceStageResult>> {
    return audited(ctx, 'incident.advance_stage', async (tx) => {
      await validateInput(input);
      const actor = requireMember(tx);
      const incident = await incidentAccess.lock(tx, idOf('Incident', input.incidentId, ['input', 'incidentId']), undefined, input.expectedVersion);
      assertWritable(incident.status);
      const from = incident.stage;
      if (stageIndex(input.stage) <= stageIndex(from)) {
        throw new DomainError(IncidentErrorCode.STAGE_NOT_FORWARD, `The incident is already at stage ${from}: a stage only moves forward`, ['input', 'stage']);
      }
      const now = new Date();
      const reason = input.reason.trim();
      let newTasks: IncidentTask[] = [];
      const warnings: IncidentWarning[] = [];
      const snapshot = incident.plan ? await planService.snapshot(tx, incident.plan.id) : null;
      // A plan not run by stages created every duty already: the stage only moves.
      if (snapshot?.staged) {
        const existing = await tx.em.find(IncidentTask, { incident: { id: incident.id } });
        const done = existing.filter((t) => t.status === TaskStatus.DONE);
        const level = snapshot.levels.find((l) => l.key === incident.levelKey) ?? null;
        // Every measure applied so far (matching now, or having brought tasks before).
        const applied = new Set([...incident.measureKeys, ...existing.flatMap((t) => (t.measureKey ? [t.measureKey] : []))]);
        const measures = snapshot.measures.filter((m) => applied.has(m.key)).map((measure) => ({ measure, explanation: [] }));
        const parts = dutiesBeginning(partsOf(level, measures), from, input.stage)
          .map((p) => ({ ...p, duties: p.duties.filter((d) => !alreadyDone(d, done)) }))
          .filter((p) => p.duties.length > 0);
        if (parts.length) {
          const unitPath = await incidentAccess.unitPathOf(tx, incident);
          const excluded = await incidentAccess.excludedMembers(tx, incident.id);
          const onDuty = incident.onDutyMember?.id ? [incident.onDutyMember.id] : [];
          const sequence = Math.max(1, ...existing.map((t) => t.levelSequence));
          // Due from the advance: nobody could act on a stage's duties before it began.
          const created = await createTasks(tx, incident, unitPath, parts, sequence, snapshot.version, now, excluded, onDuty);
          meetOwnCaseDuties(tx, incident, created.tasks, now);
          created.tasks.forEach((t) => tx.em.persist(t));
          newTasks = created.tasks;
          warnings.push(...created.warnings);
        }
      }
      incident.stage = input.stage;
      incident.stageHistory = [...incident.stageHistory, { stage: input.stage, from, at: now.toISOString(), byMemberId: actor.memberId, reason }];
      incident.touch();
      return {
        result: { incident, newTasks, warnings },
        target: { type: 'Incident', id: incident.id },
        incidentId: incident.id,
        event: IncidentEventKind.STAGE_ADVANCED,
        reason,
      };
    });
  },
};
