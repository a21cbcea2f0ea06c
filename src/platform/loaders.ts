import DataLoader from 'dataloader';

/**
 * Per-operation DataLoaders, created on first use. Field resolvers batch
 * through them, so a list costs a fixed number of statements.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>, options?: DataLoader.Options<K, V, K>): DataLoader<K, V, K> {
    let loader = this.loaders.get(name) as DataLoader<K, V, K> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V, K>(batch, { maxBatchSize: 1000, ...options });
      this.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /**
   * Forget the loaders after a write, so a payload reads what was written. The
   * loaders themselves go too: one created inside a mutation captured the
   * mutation's (now finished) transaction scope.
   */
  clearAll(): void {
    for (const loader of this.loaders.values()) loader.clearAll();
    this.loaders.clear();
  }
}

/** Order batch results like the keys; a missing key yields null. */
export function byKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

/** Group batch results by key; a missing key yields []. */
export function groupByKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}
