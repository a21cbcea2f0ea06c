// References for new rows of the caller's tenant. Every tenant-owned key is
// (tenant_id, id), so a reference names the tenant from the context, never
// from the client.
import { ref, type EntityClass, type Ref } from '@mikro-orm/core';
import type { Ctx } from '../context.js';
import { requireMember } from '../authz.js';
import type { TenantKey } from './base.entity.js';

/** The caller's tenant row, for the `tenant` of a new entity. */
export function tenantRef(ctx: Ctx): Ref<TenantKey> {
  return ref(ctx.em.getReference<TenantKey>('Tenant', requireMember(ctx).tenant.id));
}

/** A row of the caller's tenant by its own id. */
export function sameTenantRef<T extends object>(ctx: Ctx, entity: EntityClass<T>, id: string): Ref<T> {
  return ref(ctx.em.getReference(entity, [requireMember(ctx).tenant.id, id] as never)) as Ref<T>;
}
