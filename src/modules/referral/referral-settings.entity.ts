import { Entity, Property, Unique, type Opt } from '@mikro-orm/core';
import { TenantEntity } from '../../platform/db/base.entity.js';

/** The sending organ's terms for its 交办: at most one row per tenant, none = the defaults. */
@Entity({ tableName: 'referral_settings' })
@Unique({ properties: ['tenant'] })
export class ReferralSettings extends TenantEntity {
  /** Working days the receiver has to sign for an assignment (信访工作条例 第三十一条: one by default). */
  @Property({ type: 'integer', default: 1 })
  signInWorkingDays: Opt<number> = 1;

  /** Returns of one closing report after which the sender escalates (提级督办). */
  @Property({ type: 'integer', default: 3 })
  returnsEscalateAt: Opt<number> = 3;

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}
