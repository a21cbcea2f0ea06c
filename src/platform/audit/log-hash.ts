import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of a tenant log entry covered by its hash, in the shape an outside verifier reconstructs. */
export interface HashedEntry {
  tenantId: string;
  seq: number;
  time: string;
  actorKind: string;
  actorUserId: string | null;
  actorMemberId: string | null;
  actorRoles: string[];
  action: string;
  targetType: string | null;
  targetId: string | null;
  incidentId: string | null;
  event: string | null;
  changes: unknown[];
  reason: string | null;
  requestId: string | null;
  clientAddress: string | null;
}

/** An entry as exported for outside verification: the hashed fields with its link and hash. */
export interface ExportedEntry extends HashedEntry {
  prevHash: string;
  hash: string;
}

/** The fields of a platform log entry covered by its hash. */
export interface PlatformHashedEntry {
  seq: number;
  time: string;
  actorUserId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  tenantId: string | null;
  changes: unknown[];
  reason: string | null;
  requestId: string | null;
  clientAddress: string | null;
}

/** sha-256 (hex) over the previous hash, a newline, and the entry's canonical JSON. */
export function chainHash(prevHash: string, entry: HashedEntry | PlatformHashedEntry): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(entry)).digest('hex');
}
