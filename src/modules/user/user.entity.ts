import { PlatformRole } from '../../platform/platform-roles.js';
import { Check, Entity, Enum, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

export enum UserStatus {
  ACTIVE = 'ACTIVE',
  DISABLED = 'DISABLED',
}

/** A global identity; memberships tie it to tenants. */
// A platform administrator holds exactly one platform role (三员分立).
@Check({ name: 'app_user_platform_admin_has_role', expression: 'platform_admin = (platform_role IS NOT NULL)' })
@Entity({ tableName: 'app_user' })
export class User {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Stored lower-cased. */
  @Property({ type: 'text' })
  @Unique()
  email!: string;

  @Property({ type: 'text' })
  displayName!: string;

  /** scrypt hash; null until the invited user sets a password. */
  @Property({ type: 'text', nullable: true, hidden: true })
  passwordHash?: string | null;

  @Property({ type: 'boolean', default: false })
  platformAdmin: Opt<boolean> = false;

  /** The one platform role held (三员分立); set exactly when platformAdmin. */
  @Enum({ items: () => PlatformRole, nullable: true })
  platformRole?: PlatformRole | null;

  @Enum({ items: () => UserStatus })
  status: Opt<UserStatus> = UserStatus.ACTIVE;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
