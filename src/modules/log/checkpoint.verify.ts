// Standalone verification of exported log entries against a signed checkpoint.
// Needs only the entries, the checkpoint and the public key: no database, no
// configuration (an outside party can copy this file with platform/audit/log-hash.ts,
// platform/audit/canonical-json.ts and platform/crypto/sm2.ts).
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { sm2PublicHexOf, sm2Verify } from '../../platform/crypto/sm2.js';
import { canonicalJson } from '../../platform/audit/canonical-json.js';
import { algorithmOf, chainHash, GENESIS_HASH, LogHashAlgorithm, type ExportedEntry, type HashedEntry } from '../../platform/audit/log-hash.js';

/** How checkpoints are signed, a deployment setting; each checkpoint names its own. */
export enum CheckpointAlgorithm {
  ED25519 = 'ed25519',
  /** SM2 with SM3 and the default identifier 1234567812345678, DER (r, s): what `openssl pkeyutl` and GM/T libraries verify. */
  SM2 = 'sm2',
}
const MESSAGE_PREFIX = 'xinfang-log-checkpoint/v1\n';

/** What a checkpoint attests: entry `seq` of tenant `tenantId` has hash `hash`, signed at `time`. */
export interface CheckpointClaim {
  tenantId: string;
  seq: number;
  hash: string;
  /** ISO-8601 UTC. */
  time: string;
}

export interface SignedCheckpoint extends CheckpointClaim {
  algorithm: string;
  /** sha-256 (hex) of the signing public key's SPKI DER encoding. */
  keyId: string;
  /** base64 signature over checkpointMessage(claim): raw ed25519, or DER-encoded SM2. */
  signature: string;
}

/** The exact signed bytes (UTF-8): a fixed prefix line, then the canonical JSON of the claim. */
export function checkpointMessage(claim: CheckpointClaim): string {
  return MESSAGE_PREFIX + canonicalJson({ tenantId: claim.tenantId, seq: claim.seq, hash: claim.hash, time: claim.time });
}

/** Whether the checkpoint's signature is valid under the public key (PEM, SPKI) for the algorithm it names. */
export function verifyCheckpointSignature(checkpoint: SignedCheckpoint, publicKeyPem: string): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    const message = checkpointMessage(checkpoint);
    const signature = Buffer.from(checkpoint.signature, 'base64');
    if (checkpoint.algorithm === CheckpointAlgorithm.ED25519) {
      return key.asymmetricKeyType === 'ed25519' && verifySignature(null, Buffer.from(message, 'utf8'), key, signature);
    }
    if (checkpoint.algorithm === CheckpointAlgorithm.SM2) {
      const point = sm2PublicHexOf(key.export({ type: 'spki', format: 'der' }));
      return point !== null && sm2Verify(message, signature, point);
    }
    return false;
  } catch {
    return false;
  }
}

export type ExportFailure =
  | 'SIGNATURE_INVALID'
  | 'WRONG_TENANT'
  | 'GAP'
  | 'PREV_HASH_MISMATCH'
  | 'HASH_MISMATCH'
  | 'CHECKPOINT_MISMATCH'
  | 'CHECKPOINT_NOT_COVERED'
  | 'ALGORITHM_MISMATCH';

export interface ExportVerification {
  ok: boolean;
  /** Entries whose hash was recomputed and found right. */
  verifiedEntries: number;
  /** The first sequence number found wrong, when not ok. */
  brokenSeq: number | null;
  reason: ExportFailure | null;
  detail: string | null;
}

/**
 * Verifies exported entries (any order; a contiguous run of one tenant's log)
 * against a signed checkpoint: the signature under the public key, every
 * entry's hash recomputed, every link to the previous hash, and the
 * checkpoint's hash at its sequence number. A run that starts at seq 1 must
 * start from the genesis hash; a later start is taken as given (anchor it
 * with an earlier checkpoint). Only entries up to the checkpoint are attested.
 */
export function verifyExport(entries: readonly ExportedEntry[], checkpoint: SignedCheckpoint, publicKeyPem: string): ExportVerification {
  const fail = (reason: ExportFailure, brokenSeq: number | null, detail: string, verifiedEntries: number): ExportVerification => ({
    ok: false, verifiedEntries, brokenSeq, reason, detail,
  });
  if (!verifyCheckpointSignature(checkpoint, publicKeyPem)) {
    return fail('SIGNATURE_INVALID', checkpoint.seq, 'the checkpoint signature does not verify under this public key', 0);
  }
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  const first = sorted[0];
  if (!first || first.seq > checkpoint.seq || sorted[sorted.length - 1]!.seq < checkpoint.seq) {
    return fail('CHECKPOINT_NOT_COVERED', checkpoint.seq, `the entries do not include seq ${checkpoint.seq}`, 0);
  }
  // One chain, one algorithm: an entry naming another than the first is a break (a downgrade, or a splice).
  const chainAlgorithm = algorithmOf(first);
  let prevHash = first.seq === 1 ? GENESIS_HASH : first.prevHash;
  let expected = first.seq;
  let verified = 0;
  for (const entry of sorted) {
    if (entry.seq > checkpoint.seq) break;
    if (entry.tenantId !== checkpoint.tenantId) return fail('WRONG_TENANT', entry.seq, 'the entry belongs to another tenant', verified);
    if (entry.seq !== expected) return fail('GAP', expected, `entry ${expected} is missing`, verified);
    if (algorithmOf(entry) !== chainAlgorithm || !chainAlgorithm) {
      return fail('ALGORITHM_MISMATCH', entry.seq, `the entry names hash algorithm ${entry.hashAlgorithm ?? LogHashAlgorithm.SHA256}, the chain ${chainAlgorithm ?? 'an unknown one'}`, verified);
    }
    if (entry.prevHash !== prevHash) return fail('PREV_HASH_MISMATCH', entry.seq, 'the entry does not link to the previous hash', verified);
    if (chainHash(entry.prevHash, hashedPart(entry)) !== entry.hash) return fail('HASH_MISMATCH', entry.seq, 'the entry content does not match its hash', verified);
    if (entry.seq === checkpoint.seq && entry.hash !== checkpoint.hash) {
      return fail('CHECKPOINT_MISMATCH', entry.seq, 'the entry hash differs from the signed checkpoint', verified);
    }
    verified++;
    prevHash = entry.hash;
    expected++;
  }
  return { ok: true, verifiedEntries: verified, brokenSeq: null, reason: null, detail: null };
}

/** Exactly the hashed fields of an exported entry (anything else an exporter added is ignored). */
export function hashedPart(e: HashedEntry): HashedEntry {
  return {
    tenantId: e.tenantId, seq: e.seq, time: e.time, actorKind: e.actorKind, actorUserId: e.actorUserId, actorMemberId: e.actorMemberId,
    actorRoles: e.actorRoles, action: e.action, targetType: e.targetType, targetId: e.targetId, incidentId: e.incidentId, event: e.event,
    changes: e.changes, reason: e.reason, requestId: e.requestId, clientAddress: e.clientAddress,
    ...(e.hashAlgorithm && e.hashAlgorithm !== LogHashAlgorithm.SHA256 ? { hashAlgorithm: e.hashAlgorithm } : {}),
  };
}
