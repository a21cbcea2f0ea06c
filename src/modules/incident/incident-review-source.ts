// The plan module's view of post-incident reviews (PlanReviewSource): a
// closed incident's proposed plan revisions, read under the incident's
// visibility rule, and the link back from the review to the draft.
import { idOf } from '../../platform/ids.js';
import { invalid } from '../../platform/errors.js';
import type { PlanReviewSource } from '../plan/plan-review.model.js';
import { incidentAccess } from './incident.access.js';

export const incidentReviewSource: PlanReviewSource = {
  async lockReview(tx, reviewId, field) {
    const incident = await incidentAccess.lock(tx, idOf('Incident', reviewId, field), field);
    if (!incident.review) throw invalid('The incident has no post-incident review yet (it is reviewed when closed)', field);
    return { incidentId: incident.id, proposals: incident.review.planRevisions, draftPlanId: incident.review.draftPlanId ?? null };
  },
  async linkDraft(tx, incidentId, planId) {
    const incident = await incidentAccess.lock(tx, incidentId);
    incident.review = { ...incident.review!, draftPlanId: planId };
    incident.touch();
  },
};
