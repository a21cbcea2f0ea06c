import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../user/user.entity.js';
import { Tenant } from '../tenant/tenant.entity.js';

/**
 * A sign-in: one refresh-token family. The access token's `sid` claim names it,
 * so revoking the session ends every token of the family at once.
 */
@Entity({ tableName: 'session' })
export class Session {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => User, ref: true, updateRule: 'no action', deleteRule: 'cascade' })
  @Index()
  user!: Ref<User>;

  /** The tenant this session acts in; null for a platform-only session. */
  @ManyToOne({ entity: () => Tenant, ref: true, nullable: true, updateRule: 'no action', deleteRule: 'no action' })
  tenant?: Ref<Tenant> | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;

  /** LOGOUT, REUSE_DETECTED, MEMBERSHIP_REMOVED, TENANT_SUSPENDED, ... */
  @Property({ type: 'text', nullable: true })
  revokedReason?: string | null;

  @Property({ type: 'text', nullable: true })
  userAgent?: string | null;

  @Property({ type: 'text', nullable: true })
  clientAddress?: string | null;
}

/** One link of the rotation chain; only its hash is stored. */
@Entity({ tableName: 'refresh_token' })
export class RefreshToken {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Session, ref: true, updateRule: 'no action', deleteRule: 'cascade' })
  @Index()
  session!: Ref<Session>;

  @Property({ type: 'text', unique: true })
  tokenHash!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  /** Set when rotated: presenting it again is reuse and revokes the family. */
  @Property({ type: 'datetime', nullable: true })
  usedAt?: Date | null;
}

/** One-time token to set a password (invitation or reset). */
@Entity({ tableName: 'password_token' })
export class PasswordToken {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => User, ref: true, updateRule: 'no action', deleteRule: 'cascade' })
  @Index()
  user!: Ref<User>;

  @Property({ type: 'text', unique: true })
  tokenHash!: string;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt?: Date | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}

/** Fixed-window counters shared by all API instances (login and public lookups). */
@Entity({ tableName: 'rate_limit_bucket' })
export class RateLimitBucket {
  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'datetime' })
  windowStart!: Date;

  @Property({ type: 'integer' })
  hits!: number;
}
