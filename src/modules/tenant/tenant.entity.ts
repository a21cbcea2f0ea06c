import { Entity, Enum, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { SubscriptionTier, TenantKind, TenantStatus, TIER_QUOTAS, type TierQuotas } from './tenant.enums.js';

/** An organisation. Not tenant-owned itself: a reference table once distributed. */
@Entity({ tableName: 'tenant' })
export class Tenant {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  @Unique()
  slug!: string;

  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: () => TenantKind })
  kind!: TenantKind;

  @Property({ type: 'text' })
  timezone: Opt<string> = 'Asia/Shanghai';

  @Property({ type: 'text' })
  locale: Opt<string> = 'zh-CN';

  @Enum({ items: () => SubscriptionTier })
  tier: Opt<SubscriptionTier> = SubscriptionTier.STANDARD;

  /** Per-tenant overrides of the tier's quotas. */
  @Property({ type: 'json', nullable: true })
  quotaOverrides?: Partial<TierQuotas> | null;

  @Enum({ items: () => TenantStatus })
  status: Opt<TenantStatus> = TenantStatus.ACTIVE;

  @Property({ type: 'text', nullable: true })
  suspendedReason?: string | null;

  /** Whether platform administrators may read this tenant's log (granted by the tenant). */
  @Property({ type: 'boolean', default: false })
  platformLogAccess: Opt<boolean> = false;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();

  quotas(): TierQuotas {
    return { ...TIER_QUOTAS[this.tier as SubscriptionTier], ...(this.quotaOverrides ?? {}) };
  }
}
