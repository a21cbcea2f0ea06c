// SM3 (GB/T 32905-2016) for tenant log chains: the standard's test vectors,
// and chains of either algorithm through the same verifiers.
import { describe, expect, it } from 'vitest';
import {
  algorithmOf, chainHash, digestHex, GENESIS_HASH, LogHashAlgorithm, type ExportedEntry, type HashedEntry,
} from '../../src/platform/audit/log-hash.js';
import { canonicalJson } from '../../src/platform/audit/canonical-json.js';
import { hashedPart } from '../../src/modules/log/checkpoint.verify.js';
import { LogBreakReason, verifyChain, type ChainRow, type ChainSource } from '../../src/modules/log/log.verify.js';
import { createHash } from 'node:crypto';

const TENANT = '5d1e0f3a-2b4c-4d6e-8f90-a1b2c3d4e5f6';

function entry(seq: number, algorithm: LogHashAlgorithm): HashedEntry {
  return {
    tenantId: TENANT, seq, time: new Date(Date.UTC(2026, 5, 1, 0, 0, seq)).toISOString(), actorKind: 'USER', actorUserId: null,
    actorMemberId: null, actorRoles: ['TENANT_ADMIN'], action: 'unit.create', targetType: 'Unit', targetId: null, incidentId: null, event: null,
    changes: [{ type: 'Unit', id: `u${seq}`, op: 'create', before: null, after: { name: `村${seq}` } }], reason: null, requestId: `r${seq}`,
    clientAddress: null, ...(algorithm === LogHashAlgorithm.SHA256 ? {} : { hashAlgorithm: algorithm }),
  };
}

function chain(n: number, algorithm: LogHashAlgorithm): ExportedEntry[] {
  const out: ExportedEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = entry(seq, algorithm);
    const hash = chainHash(prev, e);
    out.push({ ...e, hashAlgorithm: algorithm, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

function source(entries: ExportedEntry[], algorithm: LogHashAlgorithm): ChainSource {
  const rows: ChainRow[] = entries.map(({ prevHash, hash, ...content }) => ({ seq: content.seq, prevHash, hash, content: hashedPart(content) }));
  const last = rows[rows.length - 1]!;
  return {
    head: async () => ({ seq: last.seq, hash: last.hash, algorithm }),
    hashAt: async (seq) => rows.find((r) => r.seq === seq)?.hash ?? null,
    page: async (from, to, limit) => rows.filter((r) => r.seq >= from && r.seq <= to).slice(0, limit),
  };
}

describe('SM3', () => {
  it('gives the test vectors of GB/T 32905-2016 (appendix A)', () => {
    expect(digestHex(LogHashAlgorithm.SM3, 'abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(digestHex(LogHashAlgorithm.SM3, 'abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
    expect(digestHex(LogHashAlgorithm.SHA256, 'abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('an SM3 entry is SM3 over the previous hash, a newline and its canonical JSON, which names the algorithm', () => {
    const e = entry(1, LogHashAlgorithm.SM3);
    expect(canonicalJson(e)).toContain('"hashAlgorithm":"SM3"');
    expect(chainHash(GENESIS_HASH, e)).toBe(digestHex(LogHashAlgorithm.SM3, `${GENESIS_HASH}\n${canonicalJson(e)}`));
    // A SHA-256 entry hashes exactly as before the choice existed, whether or not it names its algorithm.
    const plain = entry(1, LogHashAlgorithm.SHA256);
    const before = createHash('sha256').update(`${GENESIS_HASH}\n${canonicalJson(plain)}`).digest('hex');
    expect(chainHash(GENESIS_HASH, plain)).toBe(before);
    expect(chainHash(GENESIS_HASH, { ...plain, hashAlgorithm: LogHashAlgorithm.SHA256 })).toBe(before);
    // Relabelling an entry changes its hash; an unknown algorithm never matches.
    expect(chainHash(GENESIS_HASH, { ...e, hashAlgorithm: undefined })).not.toBe(chainHash(GENESIS_HASH, e));
    expect(chainHash(GENESIS_HASH, { ...e, hashAlgorithm: 'MD5' as LogHashAlgorithm })).toBe('');
    expect(algorithmOf({ hashAlgorithm: 'MD5' })).toBeNull();
  });
});

describe('verifying SM3 and SHA-256 chains', () => {
  it('verifies either chain and finds a tampered entry at its sequence number', async () => {
    for (const algorithm of [LogHashAlgorithm.SM3, LogHashAlgorithm.SHA256]) {
      const entries = chain(6, algorithm);
      expect(await verifyChain(source(entries, algorithm))).toMatchObject({ ok: true, checkedEntries: 6, hashAlgorithm: algorithm });
      const tampered = structuredClone(entries);
      tampered[3]!.reason = '改过';
      expect(await verifyChain(source(tampered, algorithm))).toMatchObject({ ok: false, firstBrokenSeq: 4, reason: LogBreakReason.HASH_MISMATCH });
    }
  });

  it('an entry rehashed with the other algorithm is an algorithm break, even when its hash and the next link are consistent', async () => {
    const entries = chain(4, LogHashAlgorithm.SM3);
    const forged = structuredClone(entries);
    // Entry 4 relabelled SHA-256 and its hash recomputed: content and hash agree, the chain's algorithm does not.
    const { prevHash, hash: _h, ...content } = forged[3]!;
    const relabelled = { ...content, hashAlgorithm: LogHashAlgorithm.SHA256 };
    forged[3] = { ...relabelled, prevHash, hash: chainHash(prevHash, hashedPart(relabelled)) };
    expect(await verifyChain(source(forged, LogHashAlgorithm.SM3))).toMatchObject({ ok: false, firstBrokenSeq: 4, reason: LogBreakReason.ALGORITHM_MISMATCH });
    // A chain whose head says SHA-256 but whose entries are SM3: found at the first entry.
    expect(await verifyChain(source(entries, LogHashAlgorithm.SHA256))).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: LogBreakReason.ALGORITHM_MISMATCH });
  });
});
