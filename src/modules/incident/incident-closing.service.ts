// The end of a case: archived with its review (后期处置) once replied, or
// withdrawn by the petitioner. Each mutation locks the incident row first.
import type { Ctx } from '../../platform/context.js';
import { DomainError, DomainErrors } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { requireMember } from '../../platform/authz.js';
import { actorRef } from '../member/member.service.js';
import { clocksOf } from '../petition/clocks.service.js';
import { ClockParty } from '../petition/petition.enums.js';
import { cancelClock, isRunning } from '../petition/statutory-clocks.model.js';
import type { Incident } from './incident.entity.js';
import { IncidentStatus, TaskStatus } from './incident.enums.js';
import { IncidentErrorCode } from './incident.errors.js';
import { assertTransition } from './incident-lifecycle.model.js';
import { incidentAccess } from './incident.access.js';
import { openTasksOf } from './duty-tasks.service.js';
import { IncidentEventKind } from './incident.model.js';
import type { CloseIncidentInput, WithdrawIncidentInput } from './incident.inputs.js';

/**
 * A step other modules add to closing (the filing, 归档: the document module
 * builds the case-file index). `file` runs inside the close's mutation before
 * its entry (what it writes is in that entry; its `reason` joins the entry's);
 * `sealed` runs after the entry, in the same transaction. A throw fails the close.
 */
export interface ClosingStep {
  file(tx: Ctx, incident: Incident): Promise<{ reason: string }>;
  sealed(tx: Ctx, incident: Incident): Promise<void>;
}

declare module '../../platform/context.js' {
  interface Services {
    /** Steps modules add to closing a case, in order (the list is the server's). */
    closingSteps: readonly ClosingStep[];
  }
}

export const incidentClosingService = {
  /**
   * Archives a replied case with its review (causes, what worked, what did not,
   * improvements, proposed plan revisions). No open task and no institution
   * clock may be left; the petitioner's request windows keep running.
   */
  async close(ctx: Ctx, input: CloseIncidentInput): Promise<Outcome<Incident>> {
    // One transaction for the close entry and what the steps seal after it: a failed step leaves nothing.
    return ctx.em.transactional(async (em) => {
      const outer: Ctx = { ...ctx, em: em as Ctx['em'] };
      const out = await this.closeEntry(outer, input);
      if (out.ok) for (const step of ctx.services.closingSteps) await step.sealed(outer, out.value);
      return out;
    });
  },

  async closeEntry(ctx: Ctx, input: CloseIncidentInput): Promise<Outcome<Incident>> {
    return audited(ctx, 'incident.close', async (tx) => {
      await validateInput(input);
      const incident = await incidentAccess.lockFromInput(tx, input);
      assertTransition(incident.status, IncidentStatus.CLOSED);
      const errors: DomainError[] = [];
      const open = await openTasksOf(tx, incident.id);
      if (open.length) {
        errors.push(new DomainError(IncidentErrorCode.OPEN_TASKS, `${open.length} task(s) are still open (${open.map((t) => t.dutyKey).join(', ')}); complete them, or report ALL_CLEAR to end recurring ones`, ['input', 'incidentId']));
      }
      const running = [...(await clocksOf(tx, incident.id)).values()].filter((c) => c.party === ClockParty.INSTITUTION && isRunning(c));
      if (running.length) {
        errors.push(new DomainError(IncidentErrorCode.CLOCK_OPEN, `Statutory clocks still run: ${running.map((c) => c.kind).join(', ')}`, ['input', 'incidentId']));
      }
      if (errors.length) throw new DomainErrors(errors);
      const r = input.review;
      incident.review = {
        causes: r.causes.trim(),
        whatWorked: r.whatWorked.trim(),
        whatDidNot: r.whatDidNot.trim(),
        improvements: r.improvements.trim(),
        planRevisions: r.planRevisions.map((p) => p.trim()),
      };
      incident.status = IncidentStatus.CLOSED;
      incident.closedAt = new Date();
      incident.closedBy = actorRef(tx);
      incident.touch();
      const reasons: string[] = [];
      for (const step of tx.services.closingSteps) reasons.push((await step.file(tx, incident)).reason);
      return { result: incident, target: { type: 'Incident', id: incident.id }, incidentId: incident.id, event: IncidentEventKind.CLOSED, reason: reasons.join('; ') || null };
    });
  },

  /** The petitioner withdrew: open tasks and clocks are cancelled, the case becomes read-only. */
  async withdraw(ctx: Ctx, input: WithdrawIncidentInput): Promise<Outcome<Incident>> {
    return audited(ctx, 'incident.withdraw', async (tx) => {
      await validateInput(input);
      const incident = await incidentAccess.lockFromInput(tx, input);
      assertTransition(incident.status, IncidentStatus.WITHDRAWN);
      const now = new Date();
      const me = requireMember(tx).memberId;
      const reason = input.reason.trim();
      for (const task of await openTasksOf(tx, incident.id)) {
        task.status = TaskStatus.CANCELLED;
        task.cancelledAt = now;
        task.cancelReason = `withdrawn: ${reason}`;
      }
      for (const clock of (await clocksOf(tx, incident.id)).values()) cancelClock(clock, now, me, 'withdrawn');
      incident.status = IncidentStatus.WITHDRAWN;
      incident.withdrawnAt = now;
      incident.withdrawReason = reason;
      incident.touch();
      return { result: incident, target: { type: 'Incident', id: incident.id }, incidentId: incident.id, event: IncidentEventKind.WITHDRAWN, reason };
    });
  },
};
