// The hash chain, its verifier and the standalone checkpoint verification, without a database.
import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { canonicalJson } from '../../src/platform/audit/canonical-json.js';
import { chainHash, GENESIS_HASH, type ExportedEntry, type HashedEntry } from '../../src/platform/audit/log-hash.js';
import { storable } from '../../src/platform/audit/log-writer.js';
import { CheckpointSigner } from '../../src/modules/log/checkpoint.signer.js';
import { checkpointMessage, verifyCheckpointSignature, verifyExport } from '../../src/modules/log/checkpoint.verify.js';
import { LogBreakReason, verifyChain, type ChainRow, type ChainSource } from '../../src/modules/log/log.verify.js';

const TENANT = '7b0c3f4e-1d2a-4c5b-9e8f-0a1b2c3d4e5f';

function entry(seq: number, extra: Partial<HashedEntry> = {}): HashedEntry {
  return {
    tenantId: TENANT, seq, time: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), actorKind: 'USER', actorUserId: null,
    actorMemberId: null, actorRoles: ['AUDITOR'], action: 'unit.update', targetType: 'Unit', targetId: null, incidentId: null, event: null,
    changes: [{ type: 'Unit', id: 'u', op: 'update', before: { name: `a${seq}` }, after: { name: `b${seq}` } }], reason: null, requestId: `r${seq}`,
    clientAddress: '127.0.0.1', ...extra,
  };
}

function chain(n: number): ExportedEntry[] {
  const out: ExportedEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = entry(seq);
    const hash = chainHash(prev, e);
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

function source(entries: ExportedEntry[], head?: { seq: number; hash: string }, checkpoints: ReturnType<CheckpointSigner['sign']>[] = []): ChainSource & { pages: number } {
  const rows: ChainRow[] = entries.map(({ prevHash, hash, ...content }) => ({ seq: content.seq, prevHash, hash, content }));
  const last = rows[rows.length - 1];
  const s = {
    pages: 0,
    head: async () => head ?? { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH },
    hashAt: async (seq: number) => rows.find((r) => r.seq === seq)?.hash ?? null,
    page: async (from: number, to: number, limit: number) => {
      s.pages++;
      return rows.filter((r) => r.seq >= from && r.seq <= to).slice(0, limit);
    },
    checkpoints: async (from: number, to: number) => checkpoints.filter((c) => c.seq >= from && c.seq <= to),
  };
  return s;
}

describe('canonical JSON and the chain hash', () => {
  it('sorts keys, drops undefined members, writes dates as ISO text', () => {
    expect(canonicalJson({ b: 1, a: [undefined, { d: new Date(0), c: 'x' }], e: undefined })).toBe('{"a":[null,{"c":"x","d":"1970-01-01T00:00:00.000Z"}],"b":1}');
    expect(chainHash(GENESIS_HASH, entry(1))).toBe(chainHash(GENESIS_HASH, JSON.parse(JSON.stringify(entry(1)))));
    expect(chainHash(GENESIS_HASH, entry(1))).not.toBe(chainHash(GENESIS_HASH, entry(1, { reason: ' ' })));
  });

  it('makes strings storable before hashing (PostgreSQL refuses lone surrogates and NUL)', () => {
    expect(storable({ a: ['x\uD800y', 'ok 😀'], 'k\u0000': 'n\u0000' })).toEqual({ a: ['x\uFFFDy', 'ok 😀'], 'k\uFFFD': 'n\uFFFD' });
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain read in pages, and ranges of it', async () => {
    const s = source(chain(10));
    expect(await verifyChain(s, { pageSize: 3 })).toMatchObject({ ok: true, checkedEntries: 10, from: 1, to: 10, headSeq: 10 });
    expect(s.pages).toBe(4);
    expect(await verifyChain(source(chain(10)), { from: 4, to: 6, pageSize: 2 })).toMatchObject({ ok: true, checkedEntries: 3 });
    expect(await verifyChain(source([]))).toMatchObject({ ok: true, checkedEntries: 0, headSeq: 0 });
  });

  it('reports the first broken sequence number and why, across page boundaries', async () => {
    const altered = chain(10);
    altered[6] = { ...altered[6]!, reason: 'changed' };
    expect(await verifyChain(source(altered), { pageSize: 3 })).toMatchObject({ ok: false, firstBrokenSeq: 7, reason: LogBreakReason.HASH_MISMATCH, checkedEntries: 6 });

    const gap = chain(10).filter((e) => e.seq !== 5);
    expect(await verifyChain(source(gap, { seq: 10, hash: chain(10)[9]!.hash }), { pageSize: 4 })).toMatchObject({ firstBrokenSeq: 5, reason: LogBreakReason.GAP });

    const relinked = chain(10);
    relinked[2] = { ...relinked[2]!, prevHash: GENESIS_HASH };
    expect(await verifyChain(source(relinked))).toMatchObject({ firstBrokenSeq: 3, reason: LogBreakReason.PREV_HASH_MISMATCH });

    const short = chain(10);
    expect(await verifyChain(source(short.slice(0, 8), { seq: 10, hash: short[9]!.hash }))).toMatchObject({ firstBrokenSeq: 9, reason: LogBreakReason.GAP });
    expect(await verifyChain(source(short, { seq: 10, hash: 'f'.repeat(64) }))).toMatchObject({ firstBrokenSeq: 10, reason: LogBreakReason.HEAD_MISMATCH });
    expect(await verifyChain(source(chain(10).filter((e) => e.seq !== 3)), { from: 4 })).toMatchObject({ firstBrokenSeq: 3, reason: LogBreakReason.GAP });
  });

  it('checks stored checkpoints: their hash, their signature, and none beyond the head', async () => {
    const signer = new CheckpointSigner(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const entries = chain(6);
    const cp = signer.sign({ tenantId: TENANT, seq: 4, hash: entries[3]!.hash, time: new Date().toISOString() });
    const key = { publicKeyPem: signer.publicKeyPem, keyId: signer.keyId };
    expect(await verifyChain(source(entries, undefined, [cp]), { signer: key })).toMatchObject({ ok: true, checkpointsChecked: 1 });
    expect(await verifyChain(source(entries, undefined, [{ ...cp, hash: entries[2]!.hash }]), { signer: key })).toMatchObject({ firstBrokenSeq: 4, reason: LogBreakReason.CHECKPOINT_MISMATCH });
    expect(await verifyChain(source(entries, undefined, [{ ...cp, signature: Buffer.alloc(64).toString('base64') }]), { signer: key })).toMatchObject({ firstBrokenSeq: 4, reason: LogBreakReason.CHECKPOINT_SIGNATURE_INVALID });
    const beyond = signer.sign({ tenantId: TENANT, seq: 9, hash: 'a'.repeat(64), time: new Date().toISOString() });
    expect(await verifyChain(source(entries, undefined, [beyond]), { signer: key })).toMatchObject({ firstBrokenSeq: 7, reason: LogBreakReason.GAP });
  });
});

describe('standalone checkpoint verification', () => {
  const keys = generateKeyPairSync('ed25519');
  const signer = new CheckpointSigner(keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const pem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const entries = chain(8);
  const cp = signer.sign({ tenantId: TENANT, seq: 6, hash: entries[5]!.hash, time: '2026-01-02T03:04:05.678Z' });

  it('signs a fixed, documented message', () => {
    expect(checkpointMessage(cp)).toBe(`xinfang-log-checkpoint/v1\n{"hash":"${cp.hash}","seq":6,"tenantId":"${TENANT}","time":"2026-01-02T03:04:05.678Z"}`);
    expect(verifyCheckpointSignature(cp, pem)).toBe(true);
    expect(signer.publicKeyPem).toBe(pem);
  });

  it('verifies entries up to the checkpoint; entries after it are not attested', () => {
    expect(verifyExport(entries, cp, pem)).toEqual({ ok: true, verifiedEntries: 6, brokenSeq: null, reason: null, detail: null });
    const later = entries.map((e) => (e.seq === 8 ? { ...e, reason: 'after the checkpoint' } : e));
    expect(verifyExport(later, cp, pem).ok).toBe(true);
    // A run starting later is taken from its first link.
    expect(verifyExport(entries.slice(3), cp, pem)).toMatchObject({ ok: true, verifiedEntries: 3 });
  });

  it('fails on any alteration, a gap, a missing range, or a foreign key or tenant', () => {
    const altered = entries.map((e) => (e.seq === 2 ? { ...e, changes: [] } : e));
    expect(verifyExport(altered, cp, pem)).toMatchObject({ ok: false, brokenSeq: 2, reason: 'HASH_MISMATCH' });
    expect(verifyExport(entries.filter((e) => e.seq !== 4), cp, pem)).toMatchObject({ brokenSeq: 4, reason: 'GAP' });
    expect(verifyExport(entries.slice(0, 5), cp, pem)).toMatchObject({ reason: 'CHECKPOINT_NOT_COVERED' });
    const rechained = chain(8).map((e, i) => (i === 0 ? { ...e, prevHash: 'e'.repeat(64) } : e));
    expect(verifyExport(rechained, cp, pem)).toMatchObject({ brokenSeq: 1, reason: 'PREV_HASH_MISMATCH' });
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyExport(entries, cp, other)).toMatchObject({ reason: 'SIGNATURE_INVALID' });
    expect(verifyExport(entries, { ...cp, time: '2026-01-02T03:04:05.679Z' }, pem)).toMatchObject({ reason: 'SIGNATURE_INVALID' });
    expect(verifyExport(entries, { ...cp, algorithm: 'rsa' }, pem)).toMatchObject({ reason: 'SIGNATURE_INVALID' });
    expect(verifyExport(entries, cp, 'not a key')).toMatchObject({ reason: 'SIGNATURE_INVALID' });
    const otherTenant = signer.sign({ ...cp, tenantId: '00000000-0000-4000-8000-000000000000' });
    expect(verifyExport(entries, otherTenant, pem)).toMatchObject({ reason: 'WRONG_TENANT' });
  });

  it('refuses a key that is not ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => new CheckpointSigner(rsa)).toThrow(/ed25519/);
    const escaped = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n');
    expect(new CheckpointSigner(escaped).keyId).toBe(signer.keyId);
  });
});
