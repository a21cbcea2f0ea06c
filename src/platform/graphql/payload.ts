import type { ClassType } from 'type-graphql';
import type { Outcome } from '../audit/mutation.js';
import { userErrorsOf, type UserError } from './relay.js';

/** Builds a mutation payload: the changed object(s) on success, userErrors otherwise. */
export function toPayload<P extends { userErrors: UserError[] }, T>(
  payloadType: ClassType<P>,
  outcome: Outcome<T>,
  fill: (value: T) => Partial<P>,
): P {
  const payload = new payloadType();
  if (outcome.ok) {
    Object.assign(payload, fill(outcome.value), { userErrors: [] });
  } else {
    Object.assign(payload, { userErrors: userErrorsOf(outcome.errors) });
  }
  return payload;
}
