// A handler's own judgement on repeats (重复信访): linkRepeat marks an incident
// as the same matter as an earlier one the caller may see; unlinkRepeat takes
// it back. Art. 36: a matter that completed re-review (复核) is not accepted
// again — acceptPetition answers with the earlier case instead.
import { ref } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { DomainError, invalid } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import type { Incident } from '../incident/incident.entity.js';
import { incidentAccess } from '../incident/incident.access.js';
import { ClockKind, ClockState } from './petition.enums.js';
import { PetitionErrorCode } from './petition.errors.js';
import { clocksOf } from './clocks.service.js';
import type { LinkRepeatInput, UnlinkRepeatInput } from './repeat-links.inputs.js';

export const repeatLinks = {
  async link(ctx: Ctx, input: LinkRepeatInput): Promise<Outcome<Incident>> {
    return audited(ctx, 'incident.link_repeat', async (tx) => {
      await validateInput(input);
      const incident = await incidentAccess.lockFromInput(tx, input);
      const earlier = await incidentAccess.get(tx, input.earlierIncidentId, ['input', 'earlierIncidentId']);
      if (earlier.id === incident.id) throw invalid('An incident is not a repeat of itself', ['input', 'earlierIncidentId']);
      if (earlier.receivedAt > incident.receivedAt) throw invalid('The earlier matter must have been received before this one', ['input', 'earlierIncidentId']);
      if (earlier.repeatOf?.id === incident.id) throw invalid('That incident is linked as a repeat of this one', ['input', 'earlierIncidentId']);
      incident.repeatOf = ref(earlier);
      incident.touch();
      return { result: incident, target: { type: 'Incident', id: incident.id }, incidentId: incident.id, reason: `repeat of ${earlier.receiptNumber}${input.note?.trim() ? `: ${input.note.trim()}` : ''}` };
    });
  },

  async unlink(ctx: Ctx, input: UnlinkRepeatInput): Promise<Outcome<Incident>> {
    return audited(ctx, 'incident.unlink_repeat', async (tx) => {
      await validateInput(input);
      const incident = await incidentAccess.lockFromInput(tx, input);
      if (!incident.repeatOf) throw new DomainError(PetitionErrorCode.NOT_A_REPEAT, 'The incident is not linked as a repeat', ['input', 'incidentId']);
      incident.repeatOf = null;
      incident.touch();
      return { result: incident, target: { type: 'Incident', id: incident.id }, incidentId: incident.id, reason: input.reason?.trim() || null };
    });
  },

  /**
   * Art. 36: refuses a new acceptance of a matter linked to an earlier case
   * whose re-review (复核) was answered; the error cites that case (its receipt
   * number when the caller may see it) so the handler answers with its decision.
   */
  async assertNotReReviewed(tx: Ctx, incident: Incident): Promise<void> {
    const earlierId = incident.repeatOf?.id;
    if (!earlierId) return;
    const rereview = (await clocksOf(tx, earlierId)).get(ClockKind.REREVIEW_ANSWER);
    if (rereview?.state !== ClockState.MET) return;
    const earlier = await incidentAccess.find(tx, earlierId);
    const cited = earlier ? `case ${earlier.receiptNumber}` : 'an earlier case';
    throw new DomainError(
      PetitionErrorCode.ALREADY_REREVIEWED,
      `The same matter completed re-review (复核) in ${cited}: answer the petitioner with its decision instead of accepting it again (信访工作条例 第三十六条, 不再受理)`,
      ['input', 'decision'],
    );
  },
};
