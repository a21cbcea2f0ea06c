import { validate, type ValidationError } from 'class-validator';
import { DomainError, DomainErrors, CommonErrorCode } from './errors.js';

/**
 * Validates a mutation input (class-validator decorators on the input class).
 * Every failure becomes a userError with the field path; values are never echoed.
 */
export async function validateInput(input: object, root = 'input'): Promise<void> {
  const errors = await validate(input, {
    // Inputs are always instances of their type-graphql input class (GraphQL already refuses
    // unknown fields); a class without constraints must not count as an "unknown value".
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
    stopAtFirstError: true,
  });
  if (errors.length === 0) return;
  const flat: DomainError[] = [];
  const walk = (list: ValidationError[], path: string[]) => {
    for (const e of list) {
      const here = [...path, e.property];
      for (const message of Object.values(e.constraints ?? {})) {
        flat.push(new DomainError(CommonErrorCode.INVALID_INPUT, message, here));
      }
      if (e.children?.length) walk(e.children, here);
    }
  };
  walk(errors, [root]);
  throw new DomainErrors(flat);
}

/** An input class instance from plain data (CLI, seed, tests calling services directly). */
export function inputOf<T extends object>(type: new () => T, data: Partial<T>): T {
  return Object.assign(new type(), data);
}
