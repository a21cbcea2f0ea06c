import type { Ctx } from '../../shared/context.js';
import type { Tenant } from './tenant.entity.js';
import { provisionWorkingCalendar } from '../calendar/calendar.provision.js';
import { planProvisionHook } from '../plan/plan.provision.js';

/**
 * Steps other modules add to provisioning (the plan template draft, the
 * working calendar), run inside the provisioning mutation and its log entry.
 */
export type ProvisionHook = (tx: Ctx, tenant: Tenant, info: { rootUnitId: string; adminMemberId: string }) => Promise<void>;

export const provisionHooks: ProvisionHook[] = [
  provisionWorkingCalendar,
  planProvisionHook,
];
