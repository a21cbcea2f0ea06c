// Authenticated encryption of one field value with a 32-byte key, in one of
// two algorithms (a deployment setting): SM4 (GB/T 32907, 国密) as SM4-CBC with
// HMAC-SM3 over the associated data, iv and ciphertext (encrypt-then-MAC:
// OpenSSL 3.0 as shipped with Node 20 has no SM4-GCM), or AES-256-GCM.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const DATA_CIPHERS = ['sm4', 'aes-256-gcm'] as const;
export type DataCipher = (typeof DATA_CIPHERS)[number];
export const DATA_KEY_BYTES = 32;

export function isDataCipher(value: string): value is DataCipher {
  return (DATA_CIPHERS as readonly string[]).includes(value);
}

/** SM4 takes a 16-byte key; the encryption and MAC keys are derived apart from the one key. */
function sm4Keys(key: Buffer): { enc: Buffer; mac: Buffer } {
  return {
    enc: createHmac('sm3', key).update('xinfang/sm4-cbc/enc').digest().subarray(0, 16),
    mac: createHmac('sm3', key).update('xinfang/sm4-cbc/mac').digest(),
  };
}

function sm4Mac(mac: Buffer, aad: string, iv: Buffer, ct: Buffer): Buffer {
  const a = Buffer.from(aad, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(a.length);
  return createHmac('sm3', mac).update(len).update(a).update(iv).update(ct).digest();
}

function checkKey(key: Buffer): void {
  if (key.length !== DATA_KEY_BYTES) throw new Error(`a data key has ${DATA_KEY_BYTES} bytes, got ${key.length}`);
}

/** iv || ciphertext || tag (GCM: 12 + n + 16 bytes; SM4: 16 + padded n + 32 bytes). */
export function sealBytes(cipher: DataCipher, key: Buffer, plaintext: Buffer, aad: string): Buffer {
  checkKey(key);
  if (cipher === 'aes-256-gcm') {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([c.update(plaintext), c.final()]);
    return Buffer.concat([iv, ct, c.getAuthTag()]);
  }
  const { enc, mac } = sm4Keys(key);
  const iv = randomBytes(16);
  const c = createCipheriv('sm4-cbc', enc, iv);
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([iv, ct, sm4Mac(mac, aad, iv, ct)]);
}

/** The plaintext, or an error when the bytes, the key or the associated data do not match. */
export function openBytes(cipher: DataCipher, key: Buffer, sealed: Buffer, aad: string): Buffer {
  checkKey(key);
  if (cipher === 'aes-256-gcm') {
    if (sealed.length < 28) throw new Error('sealed value too short');
    const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
  }
  if (sealed.length < 64) throw new Error('sealed value too short');
  const { enc, mac } = sm4Keys(key);
  const iv = sealed.subarray(0, 16);
  const ct = sealed.subarray(16, sealed.length - 32);
  const tag = sealed.subarray(sealed.length - 32);
  if (!timingSafeEqual(tag, sm4Mac(mac, aad, iv, ct))) throw new Error('sealed value fails its MAC');
  const d = createDecipheriv('sm4-cbc', enc, iv);
  return Buffer.concat([d.update(ct), d.final()]);
}
