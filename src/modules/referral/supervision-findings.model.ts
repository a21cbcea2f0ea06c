// Where a 提级督办 records its finding in the lower organ. Findings are the
// accountability module's, and that module's sweeper uses this one, so the
// referral module names the step it needs and the server wires the
// accountability module's implementation in (Services).
import type { Ctx } from '../../platform/context.js';

export interface SupervisionFindingInput {
  tenantId: string;
  incidentId: string;
  cause: string;
  action: string;
  dueAt: Date;
  now: Date;
}

export interface SupervisionFindings {
  /** Writes the finding (persisted with the transaction); its id goes into the log entry. */
  record(tx: Ctx, input: SupervisionFindingInput): Promise<{ id: string }>;
}

declare module '../../platform/context.js' {
  interface Services {
    supervisionFindings: SupervisionFindings;
  }
}
