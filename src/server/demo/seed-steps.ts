// Extra demo data other modules add after a demo tenant exists. A module adds its step here.
import type { DemoSeedHook } from '../../platform/hooks.js';
import { publishDemoPlan } from '../../modules/plan/plan.seed.js';
import { seedDemoIncidents } from '../../modules/incident/incident.seed.js';
import { seedDemoRoster } from '../../modules/roster/roster.seed.js';

export const demoSeedHooks: DemoSeedHook[] = [
  publishDemoPlan,
  seedDemoRoster,
  seedDemoIncidents,
];
