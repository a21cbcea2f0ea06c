// The rules a plan must meet to be published. Field paths point into the
// plan as updatePlanDraft writes it: ["input","levels","2","duties","0","roleKey"].
import { DomainError } from '../../platform/errors.js';
import type { RoleGraph } from '../role/role.service.js';
import type { PlanDocument } from './plan.document.js';
import type { Duty, RelativeDuration } from './plan.model.js';
import { PlanErrorCode } from './plan.errors.js';
import { findContradiction } from './plan.satisfiable.js';
import { describeTerms, dutyHits } from './plan.stance.js';

export interface ValidationEnv {
  graph: RoleGraph;
  /** Ids of the tenant's active members. */
  activeMemberIds: ReadonlySet<string>;
}

export function validatePlan(doc: PlanDocument, env: ValidationEnv, root: string[] = ['input']): DomainError[] {
  const errors: DomainError[] = [];
  const add = (code: PlanErrorCode, message: string, path: string[]) => errors.push(new DomainError(code, message, [...root, ...path]));

  for (const bodyKey of ['leadingGroup', 'office'] as const) {
    doc.organisation[bodyKey].positions.forEach((p, i) => {
      const path = ['organisation', bodyKey, 'positions', String(i)];
      if (!env.graph.ofKey(p.roleKey)) add(PlanErrorCode.UNKNOWN_ROLE, `No role ${p.roleKey} in this organisation`, [...path, 'roleKey']);
      p.memberIds.forEach((id, j) => {
        if (!env.activeMemberIds.has(id)) add(PlanErrorCode.UNKNOWN_MEMBER, 'Member not found or removed', [...path, 'memberIds', String(j)]);
      });
    });
  }

  if (doc.levels.length === 0) add(PlanErrorCode.PLAN_HAS_NO_LEVELS, 'A plan needs at least one response level', ['levels']);
  const keys = new Map<string, number>();
  const severities = new Map<number, number>();
  doc.levels.forEach((level, i) => {
    const path = ['levels', String(i)];
    const sameKey = keys.get(level.key);
    if (sameKey !== undefined) add(PlanErrorCode.DUPLICATE_LEVEL_KEY, `Level ${sameKey} has the key ${level.key} already`, [...path, 'key']);
    else keys.set(level.key, i);
    const sameSeverity = severities.get(level.severity);
    if (sameSeverity !== undefined) {
      add(PlanErrorCode.DUPLICATE_SEVERITY, `Level ${sameSeverity} has severity ${level.severity} already: severities decide which level wins`, [...path, 'severity']);
    } else severities.set(level.severity, i);

    const contradiction = findContradiction(level.trigger, [...path, 'trigger']);
    if (contradiction) add(PlanErrorCode.UNMATCHABLE_LEVEL, `No incident could ever match this level: ${contradiction.message}`, contradiction.path);

    checkDuties(level.duties, path, env, add);
  });
  const measureKeys = new Map<string, number>();
  (doc.measures ?? []).forEach((measure, i) => {
    const path = ['measures', String(i)];
    const sameKey = measureKeys.get(measure.key);
    if (sameKey !== undefined) add(PlanErrorCode.DUPLICATE_LEVEL_KEY, `Measure ${sameKey} has the key ${measure.key} already`, [...path, 'key']);
    else if (keys.has(measure.key)) add(PlanErrorCode.DUPLICATE_LEVEL_KEY, `Level ${keys.get(measure.key)} has the key ${measure.key} already: levels and measures name the tasks they create`, [...path, 'key']);
    else measureKeys.set(measure.key, i);
    const contradiction = findContradiction(measure.trigger, [...path, 'trigger']);
    if (contradiction) add(PlanErrorCode.UNMATCHABLE_LEVEL, `No incident could ever match this measure: ${contradiction.message}`, contradiction.path);
    checkDuties(measure.duties, path, env, add);
  });
  for (const hit of dutyHits(doc)) {
    add(
      PlanErrorCode.STANCE_DUTY_REFUSED,
      `This duty asks to ${describeTerms(hit.terms)}. Petitioning is a lawful right: a duty may receive, explain, coordinate, investigate and report, never watch, follow, control, stop or bring back anyone. 信访是合法权利，职责不得要求监控、跟踪、拦截或带回信访人。`,
      hit.path,
    );
  }
  return errors;
}

type Add = (code: PlanErrorCode, message: string, path: string[]) => void;

/** The rules every duty meets, of a level or of a measure. */
function checkDuties(duties: Duty[], path: string[], env: ValidationEnv, add: Add): void {
  const dutyKeys = new Set<string>();
  duties.forEach((duty, j) => {
    const dp = [...path, 'duties', String(j)];
    if (dutyKeys.has(duty.key)) add(PlanErrorCode.DUPLICATE_DUTY_KEY, `Another duty of this level (or measure) has the key ${duty.key}`, [...dp, 'key']);
    dutyKeys.add(duty.key);
    checkPositive(duty.due, [...dp, 'due'], add);
    if (duty.recurring) checkPositive(duty.recurring.every, [...dp, 'recurringEvery'], add);
    const role = env.graph.ofKey(duty.roleKey);
    if (!role) add(PlanErrorCode.UNKNOWN_ROLE, `No role ${duty.roleKey} in this organisation`, [...dp, 'roleKey']);
    if (!duty.escalation) return;
    const ep = [...dp, 'escalation'];
    if (duty.escalation.after && duty.escalation.after.amount < 0) {
      add(PlanErrorCode.NON_POSITIVE_DEADLINE, 'The grace time before escalating cannot be negative', [...ep, 'after', 'amount']);
    }
    const target = env.graph.ofKey(duty.escalation.notifyRoleKey);
    if (!target) {
      add(PlanErrorCode.UNKNOWN_ROLE, `No role ${duty.escalation.notifyRoleKey} in this organisation`, [...ep, 'notifyRoleKey']);
      return;
    }
    if (!role) return;
    if (target.id === role.id) {
      add(PlanErrorCode.ESCALATION_LOOP, 'A duty cannot escalate to the role that already holds it', [...ep, 'notifyRoleKey']);
      return;
    }
    const above = env.graph.above(role.id);
    if (!above.includes(target.id)) {
      const below = env.graph.below(role.id).includes(target.id);
      add(
        PlanErrorCode.ESCALATION_NOT_UPWARD,
        below ? `Escalation points down the chain: ${target.key ?? target.name} is below ${role.key ?? role.name}` : `Escalation points sideways: ${target.key ?? target.name} is not above ${role.key ?? role.name}`,
        [...ep, 'notifyRoleKey'],
      );
    } else if (above.length > 0 && env.graph.above(target.id).includes(role.id)) {
      // Only possible if the role hierarchy itself had a cycle.
      add(PlanErrorCode.ESCALATION_LOOP, 'The escalation chain loops back to the responsible role', [...ep, 'notifyRoleKey']);
    }
  });
}

function checkPositive(d: RelativeDuration, path: string[], add: (code: PlanErrorCode, message: string, path: string[]) => void): void {
  if (d.amount <= 0) add(PlanErrorCode.NON_POSITIVE_DEADLINE, 'Deadlines and intervals must be positive', [...path, 'amount']);
}
