// The stance guard's word test, for other modules' free text (a concern's).
export { termsAskedFor } from './plan.stance.js';
export type { StanceTerm } from './stance-terms.js';
