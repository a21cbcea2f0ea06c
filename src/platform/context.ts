import type { DataKeyring } from './crypto/data-keys.js';
import type { LogNotices } from './audit/log-notices.js';
import type { Alarms } from './alarms.js';
import type { PlatformRole } from './platform-roles.js';
import type { Telemetry } from './telemetry.js';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import type { Permission } from './permissions.js';
import type { Loaders } from './loaders.js';
import type { LocalRateLimiter, SharedRateLimiter } from './rate-limit.js';
import type { ObjectStore } from './storage/object-store.js';

export interface TenantInfo {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  /** The tenant module's TenantStatus and SubscriptionTier values. */
  status: string;
  tier: string;
  requestsPerMinute: number;
}

/** Who is calling, resolved once per operation from the token and the database. */
export interface Actor {
  userId: string;
  sessionId: string;
  email: string;
  /** Holds a platform role (platformRole says which). */
  platformAdmin: boolean;
  platformRole: PlatformRole | null;
  tenant: TenantInfo | null;
  /** Set when the session acts in a tenant where the user is an active member. */
  memberId: string | null;
  unitId: string | null;
  /** Materialised path of the member's unit: its scope is this subtree. */
  unitPath: string | null;
  /**
   * Paths of the unit subtrees whose cases the member handles (its
   * jurisdiction); the seat's own subtree when none was set.
   */
  jurisdiction: readonly string[];
  roleIds: string[];
  /** Role keys (template roles) or names (custom roles), for the log. */
  roleLabels: string[];
  /** Holds a leader-rank role (or one above it). */
  leader: boolean;
  permissions: ReadonlySet<Permission>;
}

export interface RequestInfo {
  requestId: string;
  clientAddress: string | null;
  userAgent: string | null;
}

/**
 * Passed first to every service method. `em` is bound to the operation's
 * transaction, where row-level security already knows the tenant.
 */
export interface Ctx {
  orm: MikroORM;
  config: Config;
  log: Logger;
  request: RequestInfo;
  actor: Actor | null;
  em: EntityManager;
  loaders: Loaders;
  /** Services and tokens, reachable without globals. */
  services: Services;
}

export function tenantIdOf(ctx: Ctx): string {
  const id = ctx.actor?.tenant?.id;
  if (!id) throw new Error('tenant context required');
  return id;
}

/**
 * Process-wide collaborators, built once at boot (src/server/services.ts) and
 * reachable through ctx. A module adds its own by declaration merging
 * (`declare module '…/platform/context.js' { interface Services { … } }`),
 * so the platform never imports it.
 */
export interface Services {
  /** Heartbeats and alarms (audit stopped or broken). */
  alarms: Alarms;
  /** Counters for GET /metrics (src/server/metrics.ts). */
  telemetry: Telemetry;
  sharedLimiter: SharedRateLimiter;
  /** Where evidence bytes live (filesystem or S3-compatible). */
  objects: ObjectStore;
  localLimiter: LocalRateLimiter;
  /** Steps modules add to provisioning, in order (the list is the server's). */
  provisionHooks: readonly ProvisionHook[];
  /** Tenants' data keys for encryption at rest (crypto/data-keys.ts). */
  dataKeys: DataKeyring;
  /** Log notifications heard by this process (audit/log-notices.ts). */
  logNotices: LogNotices;
}

/** A tenant as provisioning steps see it (the tenant module's entity satisfies it). */
export interface ProvisionedTenant {
  id: string;
  slug: string;
  kind: string;
  timezone: string;
}

/**
 * A step other modules add to provisioning (the plan template draft, the
 * working calendar), run inside the provisioning mutation and its log entry.
 */
export type ProvisionHook = (tx: Ctx, tenant: ProvisionedTenant, info: { rootUnitId: string; adminMemberId: string }) => Promise<void>;
