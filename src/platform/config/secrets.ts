import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { generateSm2Pem } from '../crypto/sm2.js';

/** Reads a secret kept under the data directory, creating it (mode 0600) on first use. */
export function loadOrCreateSecret(dataDir: string, name: string, create: () => string): string {
  const file = path.join(dataDir, name);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const value = create();
  fs.writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return value;
}

export function jwtSecret(dataDir: string, configured?: string): string {
  return configured ?? loadOrCreateSecret(dataDir, 'jwt-secret', () => randomBytes(48).toString('base64url'));
}

/** The key for signed log checkpoints (PEM, PKCS#8), ed25519 or SM2; one file per algorithm under dataDir. */
export function checkpointKey(dataDir: string, configured?: string, algorithm: 'ed25519' | 'sm2' = 'ed25519'): string {
  return (
    configured ??
    loadOrCreateSecret(dataDir, `checkpoint-${algorithm}.pem`, () =>
      algorithm === 'sm2'
        ? generateSm2Pem()
        : generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim(),
    )
  );
}

/** HMAC key of the petitioner match keys (repeat petitions). */
export function petitionerMatchKey(dataDir: string, configured?: string): string {
  return configured ?? loadOrCreateSecret(dataDir, 'petitioner-match-key', () => randomBytes(48).toString('base64url'));
}
