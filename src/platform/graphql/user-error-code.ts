import { registerEnumType } from 'type-graphql';
import { CommonErrorCode } from '../errors.js';

let registered: Record<string, string> | null = null;

/**
 * Registers the GraphQL enum `UserErrorCode`: the common codes and every
 * module's, in one enum so clients can switch on them. The server calls it
 * once with its list of module enums, before the schema is built.
 */
export function registerUserErrorCodes(moduleEnums: Record<string, string>[]): Record<string, string> {
  if (registered) return registered;
  const codes: Record<string, string> = Object.assign({}, CommonErrorCode, ...moduleEnums);
  registerEnumType(codes, { name: 'UserErrorCode', description: 'Why a mutation was refused. 变更被拒绝的原因。' });
  registered = codes;
  return codes;
}

/** The registered enum, for `UserError.code` (read when the schema is built). */
export function userErrorCodeEnum(): Record<string, string> {
  if (!registered) throw new Error('registerUserErrorCodes() has not run: src/server/error-codes.ts registers the codes before the schema is built');
  return registered;
}
