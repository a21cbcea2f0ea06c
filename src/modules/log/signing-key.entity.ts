import { Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';

/**
 * The key history: every public key that has signed a checkpoint, recorded in
 * the transaction of its first checkpoint. After a rotation, older
 * checkpoints verify with the key they name (keyId). Append-only, platform-level.
 */
@Entity({ tableName: 'log_signing_key' })
export class LogSigningKey {
  /** sha-256 (hex) of the SPKI DER: what checkpoints name as keyId. */
  @PrimaryKey({ type: 'text' })
  keyId!: string;

  /** ed25519 or sm2. */
  @Property({ type: 'text' })
  algorithm!: string;

  @Property({ type: 'text' })
  publicKeyPem!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  firstUsedAt: Opt<Date> = new Date();
}
