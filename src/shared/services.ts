import type { TokenService } from '../modules/session/tokens.js';
import type { LocalRateLimiter, SharedRateLimiter } from './rate-limit.js';
import type { CheckpointSigner } from '../modules/log/checkpoint.signer.js';

/** Process-wide collaborators, built once at boot and reachable through ctx. */
export interface Services {
  tokens: TokenService;
  sharedLimiter: SharedRateLimiter;
  localLimiter: LocalRateLimiter;
  /** Signs log checkpoints (ed25519). */
  checkpoints: CheckpointSigner;
}
