import { Entity, ManyToOne, Property, Unique, type Ref, type Opt } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import type { Permission } from '../../platform/permissions.js';

/**
 * A tenant-defined role. A role holds its own permissions and every permission
 * of the roles below it (roles whose parent chain reaches it).
 */
@Entity({ tableName: 'role' })
@Unique({ properties: ['tenant', 'key'] })
@Unique({ properties: ['tenant', 'name'] })
export class Role extends TenantEntity {
  /** Stable key for template roles (GROUP_LEADER, ...); null for custom roles. */
  @Property({ type: 'text', nullable: true })
  key?: string | null;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @ManyToOne({ entity: () => Role, nullable: true, ref: true, ...sameTenant('parent_id') })
  parent?: Ref<Role> | null;

  @Property({ type: 'text[]' })
  permissions: Opt<Permission[]> = [];

  /** Leader rank: may own cases (领导包案) and approve extensions. */
  @Property({ type: 'boolean', default: false })
  leader: Opt<boolean> = false;

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}
