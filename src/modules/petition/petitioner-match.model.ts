// The petitioner match key: an HMAC (the server's PETITIONER_MATCH_KEY) over
// the normalised name and contact, stored beside the petitioner, so that
// earlier petitions of the same person are found by comparing keys in the
// database — no plain name or contact is read for the match, and the key
// reveals neither without the secret.
import { createHmac } from 'node:crypto';

/** Name without any white space (half- and full-width), NFKC, lower case. */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(/[\s\u3000]+/g, '').toLowerCase();
}

/** Digits only; a mainland number written with +86 / 0086 loses the prefix. */
export function normaliseContact(contact: string | null | undefined): string {
  const digits = (contact ?? '').normalize('NFKC').replace(/\D+/g, '');
  return digits.replace(/^(0086|86)(1\d{10})$/, '$2');
}

export function petitionerMatchKey(secret: string, name: string, contact: string | null | undefined): string {
  return createHmac('sha256', secret).update(`xinfang-petitioner/v1\n${normaliseName(name)}\n${normaliseContact(contact)}`).digest('hex');
}

declare module '../../platform/context.js' {
  interface Services {
    /** The HMAC secret of petitioner match keys (PETITIONER_MATCH_KEY). */
    petitionerMatchSecret: string;
  }
}
