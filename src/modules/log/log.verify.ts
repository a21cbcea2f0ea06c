// Recomputes a hash chain page by page (a million entries never sit in memory
// at once) and reports the first broken sequence number and why.
import type { EntityManager } from '@mikro-orm/postgresql';
import { algorithmOf, chainHash, GENESIS_HASH, LogHashAlgorithm, type HashedEntry, type PlatformHashedEntry } from '../../platform/audit/log-hash.js';
import { hashedEntryOf, LOG_ENTRY_COLUMNS, platformHashedEntryOf, PLATFORM_LOG_COLUMNS, type LogEntryRow, type PlatformLogRow } from './log-rows.js';
import { verifyCheckpointSignature, type SignedCheckpoint } from './checkpoint.verify.js';

export enum LogBreakReason {
  /** An entry is missing: the sequence jumps, or ends before the head. */
  GAP = 'GAP',
  /** The entry's recorded previous hash is not the previous entry's hash. */
  PREV_HASH_MISMATCH = 'PREV_HASH_MISMATCH',
  /** The entry's content does not hash to its recorded hash. */
  HASH_MISMATCH = 'HASH_MISMATCH',
  /** The entry's hash differs from a signed checkpoint issued for it. */
  CHECKPOINT_MISMATCH = 'CHECKPOINT_MISMATCH',
  /** A stored checkpoint's signature does not verify under the signing key. */
  CHECKPOINT_SIGNATURE_INVALID = 'CHECKPOINT_SIGNATURE_INVALID',
  /** The last entry's hash differs from the chain head. */
  HEAD_MISMATCH = 'HEAD_MISMATCH',
  /** The entry names another hash algorithm than its chain's. */
  ALGORITHM_MISMATCH = 'ALGORITHM_MISMATCH',
}

export interface ChainRow {
  seq: number;
  prevHash: string;
  hash: string;
  content: HashedEntry | PlatformHashedEntry;
}

/** Where a chain is read from. */
export interface ChainSource {
  /** The head: last sequence number and its hash (0 and the genesis hash when empty), and the chain's algorithm. */
  head(): Promise<{ seq: number; hash: string; algorithm?: LogHashAlgorithm }>;
  /** The recorded hash of one entry, or null when it is missing. */
  hashAt(seq: number): Promise<string | null>;
  /** Entries with from <= seq <= to in sequence order, at most `limit`. */
  page(from: number, to: number, limit: number): Promise<ChainRow[]>;
  /** Checkpoints issued for entries with from <= seq <= to. */
  checkpoints?(from: number, to: number): Promise<SignedCheckpoint[]>;
}

export interface ChainVerification {
  ok: boolean;
  from: number;
  to: number;
  headSeq: number;
  checkedEntries: number;
  checkpointsChecked: number;
  /** The chain's hash algorithm (the head's). */
  hashAlgorithm: LogHashAlgorithm;
  firstBrokenSeq: number | null;
  reason: LogBreakReason | null;
  detail: string | null;
}

export interface VerifyOptions {
  from?: number | null;
  to?: number | null;
  pageSize?: number;
  /** The signing key: checkpoints it signed get their signatures checked too. */
  signer?: { publicKeyPem: string; keyId: string };
  /** The key history (keyId → public key): checkpoints of older keys are checked with their own. */
  keys?: ReadonlyMap<string, { publicKeyPem: string }>;
}

export async function verifyChain(source: ChainSource, options: VerifyOptions = {}): Promise<ChainVerification> {
  const head = await source.head();
  const from = Math.max(1, options.from ?? 1);
  const to = Math.min(head.seq, options.to ?? head.seq);
  const pageSize = options.pageSize ?? 2000;
  let checked = 0;
  let checkpointsChecked = 0;
  const result = (firstBrokenSeq: number | null, reason: LogBreakReason | null, detail: string | null): ChainVerification => ({
    ok: reason === null, from, to, headSeq: head.seq, checkedEntries: checked, checkpointsChecked, hashAlgorithm, firstBrokenSeq, reason, detail,
  });
  const hashAlgorithm = head.algorithm ?? LogHashAlgorithm.SHA256;
  if (from > to) return result(null, null, null);

  let prevHash = GENESIS_HASH;
  if (from > 1) {
    const before = await source.hashAt(from - 1);
    if (before === null) return result(from - 1, LogBreakReason.GAP, `entry ${from - 1} is missing`);
    prevHash = before;
  }
  let expected = from;
  while (expected <= to) {
    const rows = await source.page(expected, to, pageSize);
    if (rows.length === 0) break;
    const last = rows[rows.length - 1]!.seq;
    const checkpoints = new Map<number, SignedCheckpoint[]>();
    for (const cp of (await source.checkpoints?.(expected, last)) ?? []) {
      checkpoints.set(cp.seq, [...(checkpoints.get(cp.seq) ?? []), cp]);
    }
    for (const row of rows) {
      if (row.seq !== expected) return result(expected, LogBreakReason.GAP, `entry ${expected} is missing (next present: ${row.seq})`);
      if (algorithmOf(row.content as { hashAlgorithm?: string }) !== hashAlgorithm) {
        return result(row.seq, LogBreakReason.ALGORITHM_MISMATCH, `the entry is not hashed with the chain's ${hashAlgorithm}`);
      }
      if (row.prevHash !== prevHash) {
        return result(row.seq, LogBreakReason.PREV_HASH_MISMATCH, 'the recorded previous hash is not the previous entry\'s hash');
      }
      if (chainHash(row.prevHash, row.content) !== row.hash) {
        return result(row.seq, LogBreakReason.HASH_MISMATCH, 'the entry\'s content does not hash to its recorded hash');
      }
      for (const cp of checkpoints.get(row.seq) ?? []) {
        if (cp.hash !== row.hash) return result(row.seq, LogBreakReason.CHECKPOINT_MISMATCH, `checkpoint signed at ${cp.time} attests another hash`);
        const key = options.keys?.get(cp.keyId) ?? (options.signer?.keyId === cp.keyId ? options.signer : undefined);
        if (key && !verifyCheckpointSignature(cp, key.publicKeyPem)) {
          return result(row.seq, LogBreakReason.CHECKPOINT_SIGNATURE_INVALID, `checkpoint signed at ${cp.time} has an invalid signature`);
        }
        checkpointsChecked++;
      }
      checked++;
      prevHash = row.hash;
      expected++;
    }
  }
  if (expected <= to) return result(expected, LogBreakReason.GAP, `entries ${expected}..${to} are missing`);
  if (to === head.seq) {
    if (prevHash !== head.hash) return result(head.seq, LogBreakReason.HEAD_MISMATCH, 'the chain head records another hash than the last entry');
    // A checkpoint beyond the head means the log was cut short (entries and head rewound together).
    const beyond = (await source.checkpoints?.(head.seq + 1, Number.MAX_SAFE_INTEGER)) ?? [];
    if (beyond.length) {
      const highest = Math.max(...beyond.map((cp) => cp.seq));
      return result(head.seq + 1, LogBreakReason.GAP, `a checkpoint attests entry ${highest}, but the log ends at ${head.seq}`);
    }
  }
  return result(null, null, null);
}

function exec<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

/** A tenant's log, read through `em` (its transaction must be scoped to the tenant: row-level security). */
export function tenantChainSource(em: EntityManager, tenantId: string): ChainSource {
  return {
    async head() {
      const [row] = await exec<{ seq: string; hash: string; hash_algorithm: LogHashAlgorithm }>(
        em, 'select seq, hash, hash_algorithm from log_head where tenant_id = ?', [tenantId],
      );
      return row ? { seq: Number(row.seq), hash: row.hash, algorithm: row.hash_algorithm } : { seq: 0, hash: GENESIS_HASH };
    },
    async hashAt(seq) {
      const [row] = await exec<{ hash: string }>(em, 'select hash from log_entry where tenant_id = ? and seq = ?', [tenantId, seq]);
      return row?.hash ?? null;
    },
    async page(from, to, limit) {
      const rows = await exec<LogEntryRow>(
        em,
        `select ${LOG_ENTRY_COLUMNS.join(', ')} from log_entry where tenant_id = ? and seq >= ? and seq <= ? order by seq limit ?`,
        [tenantId, from, to, limit],
      );
      return rows.map((r) => ({ seq: Number(r.seq), prevHash: r.prev_hash, hash: r.hash, content: hashedEntryOf(r) }));
    },
    async checkpoints(from, to) {
      const rows = await exec<{ seq: string; hash: string; signed_at: Date; algorithm: string; key_id: string; signature: string }>(
        em,
        'select seq, hash, signed_at, algorithm, key_id, signature from log_checkpoint where tenant_id = ? and seq >= ? and seq <= ?',
        [tenantId, from, to],
      );
      return rows.map((r) => ({
        tenantId, seq: Number(r.seq), hash: r.hash, time: new Date(r.signed_at).toISOString(), algorithm: r.algorithm, keyId: r.key_id, signature: r.signature,
      }));
    },
  };
}

/** The platform log (not tenant-owned). */
export function platformChainSource(em: EntityManager): ChainSource {
  return {
    async head() {
      const [row] = await exec<{ seq: string; hash: string }>(em, 'select seq, hash from platform_log_entry order by seq desc limit 1', []);
      return row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: GENESIS_HASH };
    },
    async hashAt(seq) {
      const [row] = await exec<{ hash: string }>(em, 'select hash from platform_log_entry where seq = ?', [seq]);
      return row?.hash ?? null;
    },
    async page(from, to, limit) {
      const rows = await exec<PlatformLogRow>(
        em,
        `select ${PLATFORM_LOG_COLUMNS.join(', ')} from platform_log_entry where seq >= ? and seq <= ? order by seq limit ?`,
        [from, to, limit],
      );
      return rows.map((r) => ({ seq: Number(r.seq), prevHash: r.prev_hash, hash: r.hash, content: platformHashedEntryOf(r) }));
    },
  };
}
