// SM2 checkpoint signatures interoperate: made here, checked by sm-crypto and
// by OpenSSL's command line; made by OpenSSL, checked here.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import smCrypto from 'sm-crypto';
import { CheckpointSigner } from '../../src/modules/log/checkpoint.signer.js';
import { CheckpointAlgorithm, checkpointMessage, verifyCheckpointSignature } from '../../src/modules/log/checkpoint.verify.js';
import { generateSm2Pem, sm2PublicHexOf } from '../../src/platform/crypto/sm2.js';

const CLAIM = { tenantId: '0f9e8d7c-6b5a-4938-8271-605f4e3d2c1b', seq: 42, hash: 'ab'.repeat(32), time: '2026-12-02T03:00:00.000Z' };
const HAS_OPENSSL = spawnSync('openssl', ['version']).status === 0;

function openssl(args: string[]): { status: number | null; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('SM2 checkpoints', () => {
  const pem = generateSm2Pem();
  const signer = new CheckpointSigner(pem, CheckpointAlgorithm.SM2);
  const cp = signer.sign(CLAIM);

  it('verify here and with sm-crypto (SM3, identifier 1234567812345678, DER)', () => {
    expect(cp.algorithm).toBe('sm2');
    expect(verifyCheckpointSignature(cp, signer.publicKeyPem)).toBe(true);
    const point = sm2PublicHexOf(createPublicKey(signer.publicKeyPem).export({ type: 'spki', format: 'der' }))!;
    const der = Buffer.from(cp.signature, 'base64').toString('hex');
    expect(smCrypto.sm2.doVerifySignature(checkpointMessage(cp), der, point, { hash: true, der: true })).toBe(true);
    // Another identifier is another signature: the identifier really is part of it.
    expect(smCrypto.sm2.doVerifySignature(checkpointMessage(cp), der, point, { hash: true, der: true, userId: 'xinfang' })).toBe(false);
    expect(verifyCheckpointSignature({ ...cp, seq: 43 }, signer.publicKeyPem)).toBe(false);
    // An SM2 signature claimed as ed25519, or checked with an ed25519 key, fails.
    expect(verifyCheckpointSignature({ ...cp, algorithm: 'ed25519' }, signer.publicKeyPem)).toBe(false);
    const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyCheckpointSignature(cp, ed)).toBe(false);
  });

  it.skipIf(!HAS_OPENSSL)('verify with the openssl command line as the README says, and the reverse', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinfang-sm2-'));
    try {
      fs.writeFileSync(path.join(dir, 'checkpoint-key.pem'), signer.publicKeyPem);
      fs.writeFileSync(path.join(dir, 'checkpoint.msg'), checkpointMessage(cp));
      fs.writeFileSync(path.join(dir, 'checkpoint.sig'), Buffer.from(cp.signature, 'base64'));
      const verify = (msg: string) => openssl(['pkeyutl', '-verify', '-pubin', '-inkey', path.join(dir, 'checkpoint-key.pem'), '-rawin', '-digest', 'sm3',
        '-pkeyopt', 'distid:1234567812345678', '-in', path.join(dir, msg), '-sigfile', path.join(dir, 'checkpoint.sig')]);
      const good = verify('checkpoint.msg');
      expect(good.status, good.out).toBe(0);
      expect(good.out).toContain('Signature Verified Successfully');
      fs.writeFileSync(path.join(dir, 'forged.msg'), checkpointMessage({ ...cp, seq: 41 }));
      expect(verify('forged.msg').status).not.toBe(0);

      // OpenSSL signs, we verify: the same scheme both ways.
      fs.writeFileSync(path.join(dir, 'private.pem'), pem);
      const signed = openssl(['pkeyutl', '-sign', '-inkey', path.join(dir, 'private.pem'), '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678',
        '-in', path.join(dir, 'checkpoint.msg'), '-out', path.join(dir, 'openssl.sig')]);
      expect(signed.status, signed.out).toBe(0);
      const theirs = { ...cp, signature: fs.readFileSync(path.join(dir, 'openssl.sig')).toString('base64') };
      expect(theirs.signature).not.toBe(cp.signature);
      expect(verifyCheckpointSignature(theirs, signer.publicKeyPem)).toBe(true);

      // A key made by `openssl genpkey -algorithm SM2` is accepted as CHECKPOINT_PRIVATE_KEY.
      const gen = openssl(['genpkey', '-algorithm', 'SM2', '-out', path.join(dir, 'gen.pem')]);
      expect(gen.status, gen.out).toBe(0);
      const fromOpenssl = new CheckpointSigner(fs.readFileSync(path.join(dir, 'gen.pem'), 'utf8'), CheckpointAlgorithm.SM2);
      expect(verifyCheckpointSignature(fromOpenssl.sign(CLAIM), fromOpenssl.publicKeyPem)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it.skipIf(HAS_OPENSSL)('openssl is not on the PATH: the command-line check is skipped', () => {
    console.warn('openssl not found on the PATH: SM2 checkpoints were not checked with the OpenSSL command line');
  });

  it('refuses a key of the wrong kind for the algorithm', () => {
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => new CheckpointSigner(ed, CheckpointAlgorithm.SM2)).toThrow(/SM2 key/);
    expect(() => new CheckpointSigner(pem, CheckpointAlgorithm.ED25519)).toThrow(/ed25519/);
    expect(createPrivateKey(pem)).toBeTruthy();
  });
});
