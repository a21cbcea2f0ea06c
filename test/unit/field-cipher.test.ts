import { describe, expect, it } from 'vitest';
import { createCipheriv, randomBytes } from 'node:crypto';
import { DATA_CIPHERS, openBytes, sealBytes } from '../../src/platform/crypto/field-cipher.js';
import { masterKeyOf, parseMasterKey, unwrapDataKey, wrapDataKey } from '../../src/platform/crypto/master-key.js';

describe('field encryption at rest', () => {
  it('SM4 here is GB/T 32907 (its example A.1)', () => {
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const c = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    expect(Buffer.concat([c.update(key), c.final()]).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });

  for (const cipher of DATA_CIPHERS) {
    it(`${cipher}: round-trips, hides the plaintext, and refuses another key, other associated data or a flipped bit`, () => {
      const key = randomBytes(32);
      const plain = Buffer.from('举报某干部违规收受礼金', 'utf8');
      const sealed = sealBytes(cipher, key, plain, 'xinfang/field/t1/incident.summary');
      expect(openBytes(cipher, key, sealed, 'xinfang/field/t1/incident.summary').toString('utf8')).toBe('举报某干部违规收受礼金');
      expect(sealed.includes(plain)).toBe(false);
      // A fresh iv each time: the same text never seals to the same bytes.
      expect(sealBytes(cipher, key, plain, 'a').equals(sealBytes(cipher, key, plain, 'a'))).toBe(false);
      expect(() => openBytes(cipher, randomBytes(32), sealed, 'xinfang/field/t1/incident.summary')).toThrow();
      expect(() => openBytes(cipher, key, sealed, 'xinfang/field/t2/incident.summary')).toThrow();
      const flipped = Buffer.from(sealed);
      flipped[20] ^= 1;
      expect(() => openBytes(cipher, key, flipped, 'xinfang/field/t1/incident.summary')).toThrow();
      expect(openBytes(cipher, key, sealBytes(cipher, key, Buffer.alloc(0), 'e'), 'e').length).toBe(0);
    });

    it(`${cipher}: a data key wrapped under the master key unwraps only for its tenant and version`, () => {
      const master = masterKeyOf(parseMasterKey(randomBytes(32).toString('base64'), 'test'), 'test');
      const dataKey = randomBytes(32);
      const wrapped = wrapDataKey(master, cipher, dataKey, 't1', 1);
      expect(unwrapDataKey(master, cipher, wrapped, 't1', 1).equals(dataKey)).toBe(true);
      expect(() => unwrapDataKey(master, cipher, wrapped, 't1', 2)).toThrow();
      expect(() => unwrapDataKey(master, cipher, wrapped, 't2', 1)).toThrow();
    });
  }

  it('a master key is 32 bytes as base64 or hex', () => {
    const key = randomBytes(32);
    expect(parseMasterKey(key.toString('base64'), 'x').equals(key)).toBe(true);
    expect(parseMasterKey(key.toString('base64url'), 'x').equals(key)).toBe(true);
    expect(parseMasterKey(key.toString('hex'), 'x').equals(key)).toBe(true);
    expect(() => parseMasterKey('too-short', 'DATA_MASTER_KEY')).toThrow(/DATA_MASTER_KEY: a master key is 32 bytes/);
  });
});
