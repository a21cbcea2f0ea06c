import type { MikroORMOptions } from '@mikro-orm/core';

export const TENANT_FILTER = 'tenant';

/**
 * Default filter on every tenant-owned entity. Its parameter is never defaulted:
 * a query in a context that did not set the tenant throws (fails closed).
 */
export function tenantFilter(entityNames: string[]): MikroORMOptions['filters'] {
  return {
    [TENANT_FILTER]: {
      name: TENANT_FILTER,
      cond: (args: { tenantId: string }) => ({ tenant: args.tenantId }),
      entity: entityNames,
      default: true,
    },
  };
}
