import type { LocalRateLimiter, SharedRateLimiter } from './rate-limit.js';
import type { ProvisionHook } from './hooks.js';

/**
 * Process-wide collaborators, built once at boot (src/server/services.ts) and
 * reachable through ctx. A module adds its own by declaration merging
 * (`declare module '…/platform/services.js' { interface Services { … } }`),
 * so the platform never imports it.
 */
export interface Services {
  sharedLimiter: SharedRateLimiter;
  localLimiter: LocalRateLimiter;
  /** Steps modules add to provisioning, in order (the list is the server's). */
  provisionHooks: readonly ProvisionHook[];
}
