import { ManyToOne, PrimaryKey, PrimaryKeyProp, Property, type Ref, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * FK rules for relations between tenant-owned tables: no cascades over tenant_id
 * (notes/tenant-keys.md, pitfall 1).
 */
export const TENANT_FK = { updateRule: 'no action', deleteRule: 'no action' } as const;

/** Composite join columns so a reference can only point inside the row's own tenant. */
export function sameTenant(column: string) {
  return { joinColumns: ['tenant_id', column], referencedColumnNames: ['tenant_id', 'id'], ...TENANT_FK };
}

/**
 * Every tenant-owned row: primary key (tenant_id, id), so the schema can be
 * distributed by tenant and a cross-tenant reference cannot be stored.
 */
/**
 * The tenant row as the platform knows it: its key. The entity itself is the
 * tenant module's; relations name it by entity name, so the platform imports no module.
 */
export interface TenantKey {
  id: string;
}

export abstract class TenantEntity {
  [PrimaryKeyProp]?: ['tenant', 'id'];

  @ManyToOne({ entity: 'Tenant', primary: true, fieldName: 'tenant_id', ref: true, ...TENANT_FK })
  tenant!: Ref<TenantKey>;

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
