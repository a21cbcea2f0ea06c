import { BigIntType, Entity, Enum, Index, OneToOne, PrimaryKey, Property, Unique, type Ref, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantEntity, type TenantKey } from '../db/base.entity.js';
import { LogHashAlgorithm } from './log-hash.js';

export enum ActorKind {
  USER = 'USER',
  SYSTEM = 'SYSTEM',
  PUBLIC = 'PUBLIC',
}

/** One changed object inside a log entry. */
export interface LogChange {
  type: string;
  id: string;
  op: 'create' | 'update' | 'delete';
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * The tenant log: append-only, hash-chained, one sequence per tenant in commit
 * order. It is the audit trail and the source of realtime events.
 * The application role may only INSERT and SELECT it (see migrations).
 */
@Entity({ tableName: 'log_entry' })
@Unique({ properties: ['tenant', 'seq'] })
@Index({ properties: ['tenant', 'incidentId', 'seq'] })
@Index({ properties: ['tenant', 'createdAt'] })
// auditLog filters: an object's history, what one member or user did, one kind of action.
@Index({ properties: ['tenant', 'targetType', 'targetId', 'seq'] })
@Index({ properties: ['tenant', 'actorMemberId', 'seq'] })
@Index({ properties: ['tenant', 'actorUserId', 'seq'] })
@Index({ properties: ['tenant', 'action', 'seq'] })
export class LogEntry extends TenantEntity {
  @Property({ type: new BigIntType('number') })
  seq!: number;

  /** The writing transaction (forensics: entries written together). */
  @Property({ type: new BigIntType('number') })
  txid!: number;

  @Enum({ items: () => ActorKind })
  actorKind!: ActorKind;

  @Property({ type: 'uuid', nullable: true })
  actorUserId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  actorMemberId?: string | null;

  /** Role keys or names the actor held when acting. */
  @Property({ type: 'text[]' })
  actorRoles: Opt<string[]> = [];

  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'text', nullable: true })
  targetType?: string | null;

  @Property({ type: 'uuid', nullable: true })
  targetId?: string | null;

  /** Set when the entry concerns an incident: feeds incident subscriptions. */
  @Property({ type: 'uuid', nullable: true })
  incidentId?: string | null;

  /** Realtime event kind, when the entry is an incident event. */
  @Property({ type: 'text', nullable: true })
  event?: string | null;

  @Property({ type: 'json' })
  changes: Opt<unknown[]> = [];

  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Property({ type: 'text', nullable: true })
  requestId?: string | null;

  @Property({ type: 'text', nullable: true })
  clientAddress?: string | null;

  @Property({ type: 'text' })
  prevHash!: string;

  @Property({ type: 'text' })
  hash!: string;

  /** The algorithm of `hash` (the tenant's chain algorithm when written). */
  @Enum({ items: () => LogHashAlgorithm, default: LogHashAlgorithm.SHA256 })
  hashAlgorithm: Opt<LogHashAlgorithm> = LogHashAlgorithm.SHA256;
}

/** The chain head of a tenant; its row lock serialises appends, so sequence order is commit order. */
@Entity({ tableName: 'log_head' })
export class LogHead {
  @OneToOne({ entity: 'Tenant', primary: true, fieldName: 'tenant_id', ref: true, updateRule: 'no action', deleteRule: 'no action' })
  tenant!: Ref<TenantKey>;

  @Property({ type: new BigIntType('number') })
  seq: Opt<number> = 0;

  @Property({ type: 'text' })
  hash!: string;

  /** The tenant's chain algorithm, fixed at provisioning. */
  @Enum({ items: () => LogHashAlgorithm, default: LogHashAlgorithm.SHA256 })
  hashAlgorithm: Opt<LogHashAlgorithm> = LogHashAlgorithm.SHA256;
}

/** Platform-level actions (provisioning, suspension, platform sign-ins): its own chain. */
@Entity({ tableName: 'platform_log_entry' })
export class PlatformLogEntry {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: false })
  seq!: number;

  @Property({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'uuid', nullable: true })
  actorUserId?: string | null;

  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'text', nullable: true })
  targetType?: string | null;

  @Property({ type: 'uuid', nullable: true })
  targetId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  tenantId?: string | null;

  @Property({ type: 'json' })
  changes: Opt<unknown[]> = [];

  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Property({ type: 'text', nullable: true })
  requestId?: string | null;

  @Property({ type: 'text', nullable: true })
  clientAddress?: string | null;

  @Property({ type: 'text' })
  prevHash!: string;

  @Property({ type: 'text' })
  hash!: string;
}

