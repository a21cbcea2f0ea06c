// SM2 signatures (GM/T 0003-2012) as OpenSSL's command line and other GM/T
// implementations make and check them: SM3 with the distinguishing identifier
// folded in (Z value), DER-encoded (r, s). node's crypto.sign does not apply
// the identifier (nodejs/node#53761), hence sm-crypto.
import { generateKeyPairSync } from 'node:crypto';
import smCrypto from 'sm-crypto';

const { sm2 } = smCrypto;

/** The default distinguishing identifier of GM/T 0009-2012, which OpenSSL's `distid:` must name too. */
export const SM2_DEFAULT_ID = '1234567812345678';

/** SPKI DER of an SM2 public key, up to the uncompressed point (04 || x || y). */
const SPKI_PREFIX = '3059301306072a8648ce3d020106082a811ccf5501822d034200';
/** The curve's OID (1.2.156.10197.1.301) as DER, which an SM2 PKCS#8 key names. */
const CURVE_OID = '06082a811ccf5501822d';

/** The private scalar (hex) of an SM2 PKCS#8 key (DER), or null when the key is not SM2. */
export function sm2PrivateHexOf(pkcs8Der: Buffer): string | null {
  const hex = pkcs8Der.toString('hex');
  if (!hex.includes(CURVE_OID)) return null;
  // ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING (32 bytes), ... }
  const at = hex.indexOf('0201010420');
  return at < 0 ? null : hex.slice(at + 10, at + 74);
}

/** The public point (hex, 04 || x || y) of an SM2 SPKI key (DER), or null when it is not SM2. */
export function sm2PublicHexOf(spkiDer: Buffer): string | null {
  const hex = spkiDer.toString('hex');
  return hex.length === SPKI_PREFIX.length + 130 && hex.startsWith(SPKI_PREFIX) ? hex.slice(SPKI_PREFIX.length) : null;
}

/** SPKI DER of an SM2 public point. */
export function sm2SpkiDer(publicHex: string): Buffer {
  return Buffer.from(SPKI_PREFIX + publicHex, 'hex');
}

/** A DER signature over the UTF-8 message, with the default identifier. */
export function sm2Sign(message: string, privateHex: string, publicHex: string): Buffer {
  return Buffer.from(sm2.doSignature(message, privateHex, { hash: true, der: true, publicKey: publicHex, userId: SM2_DEFAULT_ID }), 'hex');
}

export function sm2Verify(message: string, signatureDer: Buffer, publicHex: string): boolean {
  try {
    return sm2.doVerifySignature(message, signatureDer.toString('hex'), publicHex, { hash: true, der: true, userId: SM2_DEFAULT_ID });
  } catch {
    return false;
  }
}

/** A new SM2 key as PKCS#8 PEM (what `openssl genpkey -algorithm SM2` writes). */
export function generateSm2Pem(): string {
  return generateKeyPairSync('ec', { namedCurve: 'SM2' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim();
}
