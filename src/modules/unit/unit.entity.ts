import { Entity, Enum, Index, ManyToOne, Property, Unique, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';

export enum UnitKind {
  ROOT = 'ROOT',
  OFFICE = 'OFFICE',
  DEPARTMENT = 'DEPARTMENT',
  COMMITTEE = 'COMMITTEE',
  VILLAGE = 'VILLAGE',
  WORK_AREA = 'WORK_AREA',
  OTHER = 'OTHER',
}

/** A node of the tenant's unit tree. `path` is the materialised chain of ids, root first. */
@Entity({ tableName: 'unit' })
@Unique({ properties: ['tenant', 'code'] })
// text_pattern_ops: subtree queries are `path LIKE '<prefix>%'`, whatever the database collation.
@Index({ name: 'unit_tenant_id_path_index', expression: 'create index "unit_tenant_id_path_index" on "unit" ("tenant_id", "path" text_pattern_ops)' })
export class Unit extends TenantEntity {
  @ManyToOne({ entity: () => Unit, nullable: true, ref: true, ...sameTenant('parent_id') })
  parent?: Ref<Unit> | null;

  @Enum({ items: () => UnitKind })
  kind!: UnitKind;

  @Property({ type: 'text' })
  name!: string;

  /** Optional short code, unique in the tenant. */
  @Property({ type: 'text', nullable: true })
  code?: string | null;

  /** '/<root id>/<child id>/.../<own id>/' — a subtree is a prefix match. */
  @Property({ type: 'text' })
  path!: string;

  @Property({ type: 'integer' })
  depth!: number;

  @Property({ type: 'datetime', nullable: true })
  archivedAt?: Date | null;
}
