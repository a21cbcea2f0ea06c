// The guarded lifecycle: which status may follow which. Pure; services call
// assertTransition under the incident's row lock, so two racing members cannot
// both move the same incident.
import { DomainError } from '../../platform/errors.js';
import { IncidentStatus as S, TERMINAL_STATUSES, type IncidentStatus } from './incident.enums.js';
import { IncidentErrorCode } from './incident.errors.js';

export const TRANSITIONS: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  [S.REPORTED]: [S.TRANSFERRED, S.ACKNOWLEDGED, S.WITHDRAWN],
  [S.ACKNOWLEDGED]: [S.TRANSFERRED, S.RESPONDING, S.HANDLING, S.REPLIED, S.WITHDRAWN],
  [S.RESPONDING]: [S.TRANSFERRED, S.HANDLING, S.REPLIED, S.WITHDRAWN],
  [S.HANDLING]: [S.TRANSFERRED, S.REPLIED, S.WITHDRAWN],
  [S.REPLIED]: [S.CLOSED],
  [S.CLOSED]: [],
  [S.WITHDRAWN]: [],
  [S.TRANSFERRED]: [],
};

export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: IncidentStatus, to: IncidentStatus): void {
  if (!canTransition(from, to)) {
    throw new DomainError(IncidentErrorCode.INVALID_TRANSITION, `An incident that is ${from} cannot become ${to}`, ['input', 'incidentId']);
  }
}

export function isTerminal(status: IncidentStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** Work on a case (tasks, reports, evidence, owner) stops once it is closed or withdrawn. */
export function assertWritable(status: IncidentStatus): void {
  if (isTerminal(status)) {
    throw new DomainError(IncidentErrorCode.INCIDENT_READ_ONLY, `The incident is ${status} and read-only`, ['input', 'incidentId']);
  }
}
