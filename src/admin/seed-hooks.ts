import type { TenantKind } from '../modules/tenant/tenant.enums.js';
import type { SystemDeps } from './system-context.js';
import { publishDemoPlan } from '../modules/plan/plan.seed.js';
import { seedDemoIncidents } from '../modules/incident/incident.seed.js';

/** Extra demo data other modules add after a demo tenant exists (published plan, incidents). */
export type DemoSeedHook = (deps: SystemDeps, tenant: { tenantId: string; slug: string; kind: TenantKind }) => Promise<void>;

export const demoSeedHooks: DemoSeedHook[] = [
  publishDemoPlan,
  seedDemoIncidents,
];
