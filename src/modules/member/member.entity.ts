import { Entity, Enum, ManyToOne, Property, Unique, type Ref, type Opt } from '@mikro-orm/core';
import { TenantEntity, TENANT_FK, sameTenant } from '../../platform/db/base.entity.js';
import { User } from '../user/user.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { Role } from '../role/role.entity.js';

export enum MemberStatus {
  ACTIVE = 'ACTIVE',
  REMOVED = 'REMOVED',
}

/** A user's membership in a tenant, acting for one unit subtree. */
@Entity({ tableName: 'member' })
@Unique({ properties: ['tenant', 'user'] })
export class Member extends TenantEntity {
  @ManyToOne({ entity: () => User, ref: true, fieldName: 'user_id', ...TENANT_FK })
  user!: Ref<User>;

  @ManyToOne({ entity: () => Unit, ref: true, ...sameTenant('unit_id') })
  unit!: Ref<Unit>;

  @Property({ type: 'text', nullable: true })
  title?: string | null;

  @Enum({ items: () => MemberStatus })
  status: Opt<MemberStatus> = MemberStatus.ACTIVE;

  @Property({ type: 'datetime', nullable: true })
  removedAt?: Date | null;
}

@Entity({ tableName: 'member_role' })
@Unique({ properties: ['tenant', 'member', 'role'] })
export class MemberRole extends TenantEntity {
  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('member_id') })
  member!: Ref<Member>;

  @ManyToOne({ entity: () => Role, ref: true, ...sameTenant('role_id') })
  role!: Ref<Role>;
}

/**
 * One unit subtree whose cases the member handles (its jurisdiction). A
 * member without rows handles its seat's subtree.
 */
@Entity({ tableName: 'member_jurisdiction' })
@Unique({ properties: ['tenant', 'member', 'unit'] })
export class MemberJurisdiction extends TenantEntity {
  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('member_id') })
  member!: Ref<Member>;

  @ManyToOne({ entity: () => Unit, ref: true, ...sameTenant('unit_id') })
  unit!: Ref<Unit>;
}
