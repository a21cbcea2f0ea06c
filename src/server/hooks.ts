// The steps modules add to provisioning, in order. A module adds its step here.
import type { ProvisionHook } from '../platform/hooks.js';
import { provisionWorkingCalendar } from '../modules/calendar/calendar.provision.js';
import { planProvisionHook } from '../modules/plan/plan.provision.js';
import { provisionDataKey } from '../platform/crypto/data-key-admin.js';

export const provisionHooks: ProvisionHook[] = [
  provisionDataKey,
  provisionWorkingCalendar,
  planProvisionHook,
];
