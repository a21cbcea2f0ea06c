import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields covered by the hash, in the shape an outside verifier reconstructs. */
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

/** sha-256 over the previous hash, a newline, and the entry's canonical JSON. */
export function chainHash(prevHash: string, entry: HashedEntry): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(entry)).digest('hex');
}
