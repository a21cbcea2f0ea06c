import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt, type Ref } from '@mikro-orm/core';
import { TenantEntity, TENANT_FK, sameTenant } from '../../platform/db/base.entity.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { Incident } from '../incident/incident.entity.js';

/**
 * A petitioner of an incident. Name and contact are the only personal fields;
 * they are hidden (redacted in log change sets) and read only through
 * petitioner-pii.service.ts, which needs PETITIONER_PII_READ and logs every read.
 */
@Entity({ tableName: 'petitioner' })
@Index({ properties: ['tenant', 'incident'] })
@Index({ properties: ['tenant', 'matchKey'] })
export class Petitioner extends TenantEntity {
  @ManyToOne({ entity: () => Incident, ref: true, ...sameTenant('incident_id') })
  incident!: Ref<Incident>;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'text', hidden: true })
  name!: string;

  @Property({ type: 'text', nullable: true, hidden: true })
  contact?: string | null;

  /** HMAC of the normalised name and contact (petitioner-match.model.ts): finds earlier petitions of the same person. */
  @Property({ type: 'text', nullable: true, hidden: true })
  matchKey?: string | null;

  /** One of the (at most 5) representatives of a group visit (art. 20). */
  @Property({ type: 'boolean', default: false })
  representative: Opt<boolean> = false;
}

/**
 * Receipt number → tenant and incident, for petitionStatus (asked without an
 * account, so before any tenant is known). Not tenant-owned: holds no case
 * content, only the hash of the access code.
 */
@Entity({ tableName: 'petition_receipt' })
export class PetitionReceipt {
  @PrimaryKey({ type: 'text' })
  receiptNumber!: string;

  @ManyToOne({ entity: () => Tenant, fieldName: 'tenant_id', ref: true, ...TENANT_FK })
  tenant!: Ref<Tenant>;

  @Property({ type: 'uuid' })
  incidentId!: string;

  /** sha256 of the normalised access code; the code itself is shown once and never stored. */
  @Property({ type: 'text', hidden: true })
  accessCodeHash!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
