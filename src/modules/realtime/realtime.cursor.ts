import { invalid } from '../../platform/errors.js';

/**
 * Event cursors are opaque to clients: base64url of [tenant id, log sequence].
 * The tenant is checked on resume, so a cursor of another tenant is refused
 * instead of silently replaying from a foreign position.
 */
export function encodeEventCursor(tenantId: string, seq: number): string {
  return Buffer.from(JSON.stringify([tenantId, seq]), 'utf8').toString('base64url');
}

export function decodeEventCursor(cursor: string, tenantId: string): number {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value[0] === tenantId && Number.isSafeInteger(value[1]) && value[1] >= 0) {
      return value[1] as number;
    }
  } catch {
    // fall through
  }
  throw invalid('after is not an event cursor of this tenant', ['after']);
}
