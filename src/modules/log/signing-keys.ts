// The key history: which public keys have signed checkpoints (log_signing_key).
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CheckpointSigner } from './checkpoint.signer.js';

export interface HistoricKey {
  keyId: string;
  algorithm: string;
  publicKeyPem: string;
  /** null: the current key, not used yet. */
  firstUsedAt: Date | null;
}

function exec<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

/**
 * Records the signer's key before its first checkpoint commits (same
 * transaction). The checkpoint's own log entry names the key (keyId), so the
 * key's first use is in the tenant log with it.
 */
export async function recordSigningKey(em: EntityManager, signer: CheckpointSigner): Promise<void> {
  await exec<{ key_id: string }>(
    em,
    'insert into log_signing_key (key_id, algorithm, public_key_pem) values (?, ?, ?) on conflict (key_id) do nothing',
    [signer.keyId, signer.algorithm, signer.publicKeyPem],
  );
}

/** Every key that has signed, oldest first, with the current signer's (it may not have signed yet). */
export async function signingKeys(em: EntityManager, current: CheckpointSigner): Promise<HistoricKey[]> {
  const rows = await exec<{ key_id: string; algorithm: string; public_key_pem: string; first_used_at: Date }>(
    em, 'select key_id, algorithm, public_key_pem, first_used_at from log_signing_key order by first_used_at, key_id', [],
  );
  const keys: HistoricKey[] = rows.map((r) => ({ keyId: r.key_id, algorithm: r.algorithm, publicKeyPem: r.public_key_pem, firstUsedAt: new Date(r.first_used_at) }));
  if (!keys.some((k) => k.keyId === current.keyId)) {
    keys.push({ keyId: current.keyId, algorithm: current.algorithm, publicKeyPem: current.publicKeyPem, firstUsedAt: null });
  }
  return keys;
}

export function keyMap(keys: HistoricKey[]): Map<string, { publicKeyPem: string }> {
  return new Map(keys.map((k) => [k.keyId, k]));
}
