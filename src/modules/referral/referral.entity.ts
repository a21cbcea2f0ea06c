import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantEntity, TENANT_FK, type TenantKey } from '../../platform/db/base.entity.js';
import { ReferralKind, ReferralStage, TenantLinkKind } from './referral.enums.js';

/**
 * A relation between two organisations, set by platform administrators. A
 * platform table (like tenant): it belongs to neither side alone.
 */
@Entity({ tableName: 'tenant_link' })
@Unique({ properties: ['upper', 'lower'] })
@Index({ properties: ['lower'] })
export class TenantLink {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: 'Tenant', fieldName: 'upper_tenant_id', ref: true, ...TENANT_FK })
  upper!: Ref<TenantKey>;

  @ManyToOne({ entity: 'Tenant', fieldName: 'lower_tenant_id', ref: true, ...TENANT_FK })
  lower!: Ref<TenantKey>;

  @Enum({ items: () => TenantLinkKind })
  kind!: TenantLinkKind;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}

/** What the receiver reports when it closes an assigned matter (办结报告). */
export interface ClosingReport {
  findings: string;
  outcome: string;
  replySent: boolean;
  submittedAt: string;
  submittedBy: string | null;
}

/** One step of the referral, as both sides see it. */
export interface ReferralStep {
  at: string;
  step: string;
  tenantId: string;
  note: string | null;
}

/**
 * The record two tenants share: owned by the sender (tenant_id), readable by
 * the receiver too (a second row-level policy on receiver_tenant_id). It holds
 * only what both may see: stage, clocks, the closing report and its returns,
 * never either side's internals. The receiver's incident is named by id only:
 * no foreign key may cross tenants.
 */
@Entity({ tableName: 'referral' })
@Unique({ properties: ['tenant', 'senderIncidentId', 'receiverTenantId'] })
@Index({ properties: ['receiverTenantId', 'receiverIncidentId'] })
// Cross-tenant probe of the background jobs' agenda (leading column: the due time).
@Index({ name: 'referral_agenda_open', expression: `create index "referral_agenda_open" on "referral" ("tenant_id") where "kind" = 'ASSIGNMENT' and "stage" <> 'CLOSED'` })
export class Referral extends TenantEntity {
  @Property({ type: 'uuid' })
  receiverTenantId!: string;

  @Enum({ items: () => ReferralKind })
  kind!: ReferralKind;

  @Enum({ items: () => ReferralStage })
  stage!: ReferralStage;

  @Property({ type: 'uuid' })
  senderIncidentId!: string;

  @Property({ type: 'uuid', nullable: true })
  receiverIncidentId?: string | null;

  @Property({ type: 'text' })
  senderName!: string;

  @Property({ type: 'text' })
  receiverName!: string;

  @Property({ type: 'text' })
  senderReceiptNumber!: string;

  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Property({ type: 'text', nullable: true })
  instructions?: string | null;

  @Property({ type: 'datetime', nullable: true })
  signInDueAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  signedAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  dueAt?: Date | null;

  @Property({ type: 'integer', default: 0 })
  returns: Opt<number> = 0;

  @Property({ type: 'json', nullable: true })
  closingReport?: ClosingReport | null;

  @Property({ type: 'json' })
  history: Opt<ReferralStep[]> = [];

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}
