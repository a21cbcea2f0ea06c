import type DataLoader from 'dataloader';
import { Loaders } from '../../platform/loaders.js';

/**
 * Loaders whose answers do not depend on who asks (tenant-scoped loads; any
 * permission or scope check is applied by the caller after loading).
 */
const ACTOR_INDEPENDENT = new Set(['incident.byId', 'unitById']);

/**
 * The loaders of one shape's render. Loads that are the same for every shape
 * (the incident row, its unit) come from the round's shared loaders, so a
 * wake-up reads them once, not once per permission shape; everything that
 * depends on the actor (visibility) stays per shape.
 */
export class ShapeLoaders extends Loaders {
  constructor(private readonly shared: Loaders) {
    super();
  }

  override get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>, options?: DataLoader.Options<K, V, K>): DataLoader<K, V, K> {
    return ACTOR_INDEPENDENT.has(name) ? this.shared.get(name, batch, options) : super.get(name, batch, options);
  }
}
