import { Entity, Index, Property, Unique, type Opt } from '@mikro-orm/core';
import { TenantEntity } from '../../platform/db/base.entity.js';

/**
 * A 督办 order on a referral: owned by the upper (sending) tenant, readable and
 * answerable by the lower one (a second row-level policy on receiver_tenant_id,
 * like referral). `cause` is set on automatic 提级督办 orders and unique per
 * referral, so each cause escalates once.
 */
@Entity({ tableName: 'supervision_order' })
@Index({ properties: ['tenant', 'referralId'] })
@Index({ properties: ['receiverTenantId'] })
@Unique({ properties: ['tenant', 'referralId', 'cause'] })
export class SupervisionOrder extends TenantEntity {
  @Property({ type: 'uuid' })
  receiverTenantId!: string;

  @Property({ type: 'uuid' })
  referralId!: string;

  @Property({ type: 'text' })
  instruction!: string;

  @Property({ type: 'datetime' })
  dueAt!: Date;

  /** The member who issued it; null for an automatic escalation (SYSTEM). */
  @Property({ type: 'uuid', nullable: true })
  issuedBy?: string | null;

  @Property({ type: 'text', nullable: true })
  cause?: string | null;

  @Property({ type: 'text', nullable: true })
  answer?: string | null;

  @Property({ type: 'datetime', nullable: true })
  answeredAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  answeredBy?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}
