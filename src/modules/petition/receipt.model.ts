// Receipt numbers and access codes for petitioners. The receipt number is
// random (not a sequence: it must not let anyone walk other cases); the access
// code is shown once and only its hash is kept.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { localDateOf } from '../calendar/clock-math.model.js';

// Crockford base32: no I, L, O, U (nothing to misread on a printed receipt).
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomText(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** XF-20261123-7KQ2M9TDXA: the local date of receipt and 50 random bits. */
export function newReceiptNumber(receivedAt: Date, timezone: string): string {
  return `XF-${localDateOf(receivedAt, timezone).replace(/-/g, '')}-${randomText(10)}`;
}

/** 12 characters in three groups, about 60 random bits. */
export function newAccessCode(): string {
  const raw = randomText(12);
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}

/** Upper-case, separators dropped, the letters people confuse with digits mapped as Crockford does. */
export function normaliseCode(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function normaliseReceipt(text: string): string {
  return text.trim().toUpperCase();
}

export function accessCodeHash(receiptNumber: string, code: string): string {
  return createHash('sha256').update(`${normaliseReceipt(receiptNumber)}:${normaliseCode(code)}`).digest('hex');
}

/** Constant-time comparison of two hex hashes. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
