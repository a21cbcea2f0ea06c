// The shapes of the steps modules contribute to work owned by another layer.
// The lists themselves live in the composition roots (src/server/, src/admin/).
export type { ProvisionHook, ProvisionedTenant } from './context.js';
import type { SystemDeps } from './system-context.js';

/** Extra demo data a module adds after a demo tenant exists (published plan, incidents). */
export type DemoSeedHook = (deps: SystemDeps, tenant: { tenantId: string; slug: string; kind: string }) => Promise<void>;

/** Work that runs inside the API process beside requests (the deadline sweeper). */
export interface BackgroundJob {
  name: string;
  start: (deps: SystemDeps) => void;
  stop: () => Promise<void>;
}
