import { Entity, Property, Unique, type Opt } from '@mikro-orm/core';
import { TenantEntity } from '../db/base.entity.js';

/**
 * A tenant's data key for encryption at rest, wrapped under the master key
 * (data-keys.ts). Sealed values name the version that sealed them; a new
 * version starts when the deployment's cipher changes. Re-wrapping under a
 * new master key (rotate-master-key) changes wrappedKey and masterKeyId only.
 */
@Entity({ tableName: 'tenant_data_key' })
@Unique({ properties: ['tenant', 'version'] })
export class TenantDataKey extends TenantEntity {
  @Property({ type: 'integer' })
  version!: number;

  /** sm4 (SM4-CBC + HMAC-SM3) or aes-256-gcm: for the data and for the wrapping. */
  @Property({ type: 'text' })
  algorithm!: string;

  @Property({ type: 'text', hidden: true })
  wrappedKey!: string;

  /** Which master key wraps it (sha-256 prefix, master-key.ts). */
  @Property({ type: 'text' })
  masterKeyId!: string;

  @Property({ type: 'datetime', nullable: true })
  rewrappedAt?: Opt<Date> | null;
}
