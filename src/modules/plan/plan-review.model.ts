// Where a plan draft reads a post-incident review's proposed revisions
// (后期处置: 预案修订建议). Reviews live on incidents, and the incident module
// uses the plan module, so the plan module names the shape it needs and the
// server wires the incident module's implementation in (Services).
import type { Ctx } from '../../platform/context.js';

export interface PlanReview {
  /** The reviewed incident (raw id). */
  incidentId: string;
  proposals: string[];
  /** The draft already started from this review (raw plan id), if any. */
  draftPlanId: string | null;
}

export interface PlanReviewSource {
  /** The review of a closed incident the caller may see, locked; NOT_FOUND otherwise (at `field`). */
  lockReview(tx: Ctx, reviewId: string, field: string[]): Promise<PlanReview>;
  /** Records on the review the draft started from it. */
  linkDraft(tx: Ctx, incidentId: string, planId: string): Promise<void>;
}

declare module '../../platform/context.js' {
  interface Services {
    planReviewSource: PlanReviewSource;
  }
}
