import { BigIntType, Entity, Enum, Index, ManyToOne, OneToOne, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { TENANT_FK, TenantEntity, sameTenant, type TenantKey } from '../../platform/db/base.entity.js';
import { Role } from '../role/role.entity.js';
import { DeliveryStatus } from './notify.enums.js';

/**
 * A tenant's webhook receiver. It acts as a service principal of the tenant
 * holding `role`: payloads carry only what that role may read.
 */
@Entity({ tableName: 'webhook_endpoint' })
export class WebhookEndpoint extends TenantEntity {
  @Property({ type: 'text' })
  url!: string;

  /** Event kinds it receives (incident event kinds, WEBHOOK_TEST, WEBHOOK_DISABLED). */
  @Property({ type: 'text[]' })
  eventKinds!: string[];

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @ManyToOne({ entity: () => Role, ref: true, ...sameTenant('role_id') })
  role!: Ref<Role>;

  /** Standard Webhooks secret (`whsec_` + base64). */
  @Property({ type: 'text', lazy: true, hidden: true })
  secret!: string;

  /** The secret before the last rotation: it keeps signing until `previousSecretUntil`. */
  @Property({ type: 'text', nullable: true, lazy: true, hidden: true })
  previousSecret?: string | null;

  @Property({ type: 'datetime', nullable: true })
  previousSecretUntil?: Date | null;

  @Property({ type: 'boolean', default: true })
  enabled: Opt<boolean> = true;

  @Property({ type: 'text', nullable: true })
  disabledReason?: string | null;

  /** Log entries after this sequence number are delivered (nothing from before the endpoint existed). */
  @Property({ type: new BigIntType('number') })
  sinceSeq!: number;

  @Property({ type: 'datetime', nullable: true })
  deletedAt?: Date | null;

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}

/**
 * How far a tenant's log has been turned into deliveries, and whether it has
 * endpoints at all. Only numbers, no tenant content: outside row-level
 * security (like the rate-limit buckets), so one statement finds the tenants
 * the worker has to visit.
 */
@Entity({ tableName: 'outbox_cursor' })
export class OutboxCursor {
  @OneToOne({ entity: 'Tenant', primary: true, fieldName: 'tenant_id', ref: true, ...TENANT_FK })
  tenant!: Ref<TenantKey>;

  /** The last log sequence number expanded. */
  @Property({ type: new BigIntType('number') })
  seq!: number;

  /** Endpoints not deleted plus enabled notification channels (0: the worker skips the tenant). */
  @Property({ type: 'integer', default: 0 })
  endpoints: Opt<number> = 0;
}

/**
 * One log entry for one endpoint. Its id is the `webhook-id` of every attempt
 * (a receiver drops duplicates by it); (endpoint, logSeq) is unique, so the
 * outbox derives each delivery once whichever instance expands the log.
 */
@Entity({ tableName: 'webhook_delivery' })
@Unique({ properties: ['tenant', 'endpoint', 'logSeq'] })
@Index({ properties: ['tenant', 'status', 'nextAttemptAt'] })
@Index({ properties: ['tenant', 'endpoint', 'status', 'logSeq'] })
export class WebhookDelivery extends TenantEntity {
  @ManyToOne({ entity: () => WebhookEndpoint, ref: true, ...sameTenant('endpoint_id') })
  endpoint!: Ref<WebhookEndpoint>;

  @Property({ type: new BigIntType('number') })
  logSeq!: number;

  /** When the log entry was committed (lag and commit-to-receiver latency). */
  @Property({ type: 'datetime' })
  loggedAt!: Date;

  @Property({ type: 'text' })
  eventKind!: string;

  @Enum({ items: () => DeliveryStatus })
  status: Opt<DeliveryStatus> = DeliveryStatus.PENDING;

  /** Attempts started (a claim counts one, even when its process dies). */
  @Property({ type: 'integer', default: 0 })
  attempts: Opt<number> = 0;

  @Property({ type: 'datetime' })
  nextAttemptAt!: Date;

  /** A worker holds it until then; after a crash another takes it over with the same id. */
  @Property({ type: 'datetime', nullable: true })
  leaseUntil?: Date | null;

  /** The body, rendered once at the first attempt, so every attempt sends the same bytes. */
  @Property({ type: 'text', nullable: true, lazy: true, hidden: true })
  payload?: string | null;

  @Property({ type: 'integer', nullable: true })
  lastStatusCode?: number | null;

  @Property({ type: 'datetime', nullable: true })
  deliveredAt?: Date | null;
}

/** One HTTP attempt of a delivery: what the receiver answered. */
@Entity({ tableName: 'webhook_attempt' })
@Index({ properties: ['tenant', 'delivery', 'startedAt'] })
export class WebhookAttempt extends TenantEntity {
  @ManyToOne({ entity: () => WebhookDelivery, ref: true, ...sameTenant('delivery_id') })
  delivery!: Ref<WebhookDelivery>;

  @Property({ type: 'integer' })
  attempt!: number;

  @Property({ type: 'datetime' })
  startedAt!: Date;

  @Property({ type: 'integer' })
  durationMs!: number;

  @Property({ type: 'integer', nullable: true })
  statusCode?: number | null;

  /** The first 1 KiB of the answer. */
  @Property({ type: 'text', nullable: true })
  responseExcerpt?: string | null;

  /** Transport failure, timeout, refused address. */
  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Property({ type: 'boolean' })
  success!: boolean;
}
