// Opaque Relay global ids: base64url("Type:uuid"). The tenant never travels in an id;
// it always comes from the authenticated context (notes/tenant-keys.md).
import { notFound } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export function parseGlobalId(globalId: string): { type: string; id: string } | null {
  if (typeof globalId !== 'string' || globalId.length > 200) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const sep = decoded.indexOf(':');
  if (sep <= 0) return null;
  const type = decoded.slice(0, sep);
  const id = decoded.slice(sep + 1);
  if (!UUID.test(id)) return null;
  return { type, id: id.toLowerCase() };
}

/** The uuid of a global id of the expected type; anything else is NOT_FOUND (never "malformed": ids are opaque). */
export function idOf(type: string, globalId: string, field: string[] | null = null): string {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.type !== type) throw notFound(type, field);
  return parsed.id;
}

export function idOfOptional(type: string, globalId: string | null | undefined, field: string[] | null = null): string | null {
  if (globalId === null || globalId === undefined) return null;
  return idOf(type, globalId, field);
}
