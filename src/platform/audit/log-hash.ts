import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The hash of a tenant's chain, chosen at provisioning; chains written before the choice existed are SHA-256. */
export enum LogHashAlgorithm {
  SHA256 = 'SHA256',
  /** GB/T 32905-2016 (national hash, 国密 SM3). */
  SM3 = 'SM3',
}

const NODE_HASH: Record<LogHashAlgorithm, string> = { [LogHashAlgorithm.SHA256]: 'sha256', [LogHashAlgorithm.SM3]: 'sm3' };

export function isLogHashAlgorithm(value: unknown): value is LogHashAlgorithm {
  return value === LogHashAlgorithm.SHA256 || value === LogHashAlgorithm.SM3;
}

/** The algorithm an entry names (absent: SHA-256, so entries written before the choice hash as they always did). */
export function algorithmOf(entry: { hashAlgorithm?: string | null }): LogHashAlgorithm | null {
  const named = entry.hashAlgorithm ?? LogHashAlgorithm.SHA256;
  return isLogHashAlgorithm(named) ? named : null;
}

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
  /** Present (and hashed) only when not SHA-256: an SM3 entry says so inside what its hash covers. */
  hashAlgorithm?: LogHashAlgorithm;
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

/** The digest (hex) over a text with the named algorithm. */
export function digestHex(algorithm: LogHashAlgorithm, text: string): string {
  return createHash(NODE_HASH[algorithm]).update(text, 'utf8').digest('hex');
}

/**
 * The entry's algorithm (sha-256 unless it names SM3), hex, over the previous
 * hash, a newline, and the entry's canonical JSON. An entry naming an unknown
 * algorithm hashes to '' and so never matches.
 */
export function chainHash(prevHash: string, entry: HashedEntry | PlatformHashedEntry): string {
  const algorithm = 'hashAlgorithm' in entry ? algorithmOf(entry) : LogHashAlgorithm.SHA256;
  if (!algorithm) return '';
  // SHA-256 stays out of the hashed record: chains written before the choice existed verify unchanged.
  const record = algorithm === LogHashAlgorithm.SHA256 && 'hashAlgorithm' in entry ? { ...entry, hashAlgorithm: undefined } : entry;
  return createHash(NODE_HASH[algorithm]).update(prevHash).update('\n').update(canonicalJson(record)).digest('hex');
}
