import type { ProvisionHook } from '../../platform/hooks.js';
import { seedTenantCalendar } from './calendar.service.js';

/** Provisioning step: default counting settings and the current and next year's holidays. */
export const provisionWorkingCalendar: ProvisionHook = async (tx, tenant) => {
  await seedTenantCalendar(tx.em, tenant);
};
