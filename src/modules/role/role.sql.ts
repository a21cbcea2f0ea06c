// SQL of the role table for statements other modules compose.
import type { EntityManager } from '@mikro-orm/postgresql';
import { plainMapper } from '../../platform/db/plain-rows.js';
import { Role } from './role.entity.js';

export const roleSql = {
  /** A json array of the tenant's roles (rows as `row_to_json`), never null. */
  allJson(tenant: string): string {
    return `(select coalesce(json_agg(row_to_json(r)), '[]') from role r where r.tenant_id = ${tenant})`;
  },

  /** The roles of `allJson` as read-only plain rows shaped like the entity (roleService.primeGraph takes them). */
  fromJson(em: EntityManager, rows: Record<string, unknown>[]): Role[] {
    const map = plainMapper(em, Role);
    return rows.map(map);
  },
};
