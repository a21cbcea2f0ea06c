// The police record of an incident (004: 领导出面，慎用警力): whether the police
// were called or deliberately not called, who decided, when and on what
// ground. The incident keeps the latest decision (a trigger fact, shown to
// auditors and counted by the accountability report); the log keeps each one.
import type { Ctx } from '../../platform/context.js';
import { invalid, notFound } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { idOf } from '../../platform/ids.js';
import { requireMember } from '../../platform/authz.js';
import { Member, MemberStatus } from '../member/member.entity.js';
import { actorRef, memberRef } from '../member/member.service.js';
import type { Incident } from './incident.entity.js';
import { incidentAccess } from './incident.access.js';
import { assertWritable } from './incident-lifecycle.model.js';
import { IncidentEventKind } from './incident.model.js';
import type { RecordPoliceDecisionInput } from './incident.inputs.js';

const CLOCK_SKEW_MS = 5 * 60_000;

export const policeDecisionService = {
  async record(ctx: Ctx, input: RecordPoliceDecisionInput): Promise<Outcome<Incident>> {
    return audited(ctx, 'incident.record_police_decision', async (tx) => {
      await validateInput(input);
      const actor = requireMember(tx);
      const incident = await incidentAccess.lock(tx, idOf('Incident', input.incidentId, ['input', 'incidentId']), undefined, input.expectedVersion);
      assertWritable(incident.status);
      const reason = input.reason.trim();
      if (!reason) throw invalid('A decision on the police states its ground', ['input', 'reason']);
      const now = new Date();
      const decidedAt = input.decidedAt ?? now;
      if (decidedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw invalid('decidedAt cannot be in the future', ['input', 'decidedAt']);
      if (decidedAt.getTime() < incident.occurredAt.getTime() - CLOCK_SKEW_MS) {
        throw invalid('decidedAt cannot be before the incident occurred', ['input', 'decidedAt']);
      }
      const deciderId = input.decidedById ? idOf('Member', input.decidedById, ['input', 'decidedById']) : actor.memberId;
      if (deciderId !== actor.memberId) {
        const decider = await tx.em.findOne(Member, { id: deciderId, status: MemberStatus.ACTIVE });
        // A member kept out of the case is not revealed, and cannot have decided on it.
        if (!decider || (await incidentAccess.excludedMembers(tx, incident.id)).has(deciderId)) throw notFound('Member', ['input', 'decidedById']);
      }
      const before = incident.policeCalled ?? null;
      incident.policeCalled = input.called;
      incident.policeDecidedBy = memberRef(tx, deciderId);
      incident.policeDecidedAt = decidedAt;
      incident.policeReason = reason;
      incident.policeRecordedBy = actorRef(tx);
      incident.policeRecordedAt = now;
      incident.touch();
      return {
        result: incident,
        target: { type: 'Incident', id: incident.id },
        incidentId: incident.id,
        event: IncidentEventKind.POLICE_DECISION,
        reason: `${input.called ? 'police called' : 'police deliberately not called'}${before === null ? '' : ` (was ${before ? 'called' : 'not called'})`}: ${reason}`,
      };
    });
  },
};
