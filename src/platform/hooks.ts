// The shapes of the steps modules contribute to work owned by another layer.
// The lists themselves live in the composition roots (src/server/, src/admin/).
import type { Ctx } from './context.js';
import type { SystemDeps } from './system-context.js';

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

/** Extra demo data a module adds after a demo tenant exists (published plan, incidents). */
export type DemoSeedHook = (deps: SystemDeps, tenant: { tenantId: string; slug: string; kind: string }) => Promise<void>;

/** Work that runs inside the API process beside requests (the deadline sweeper). */
export interface BackgroundJob {
  name: string;
  start: (deps: SystemDeps) => void;
  stop: () => Promise<void>;
}
