import { BigIntType, Entity, Index, Property } from '@mikro-orm/core';
import { TenantEntity } from '../../platform/db/base.entity.js';

/**
 * A signed checkpoint of a tenant's chain head: an ed25519 signature over
 * {tenantId, seq, hash, time} (checkpoint.verify.ts has the exact message).
 * Append-only; `npm run admin -- verify-log` checks the chain against each.
 */
@Entity({ tableName: 'log_checkpoint' })
@Index({ properties: ['tenant', 'seq'] })
export class LogCheckpoint extends TenantEntity {
  @Property({ type: new BigIntType('number') })
  seq!: number;

  @Property({ type: 'text' })
  hash!: string;

  /** The signed time (ISO, milliseconds). */
  @Property({ type: 'datetime' })
  signedAt!: Date;

  @Property({ type: 'text' })
  algorithm!: string;

  /** sha-256 of the public key (SPKI DER), hex: which key signed. */
  @Property({ type: 'text' })
  keyId!: string;

  /** base64 signature over the checkpoint message. */
  @Property({ type: 'text' })
  signature!: string;

  @Property({ type: 'uuid', nullable: true })
  issuedByUserId?: string | null;
}
