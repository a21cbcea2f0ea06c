import { AsyncLocalStorage } from 'node:async_hooks';

/** Counts SQL statements per request, for query-count tests and benchmarks. */
export interface SqlCounter {
  count: number;
}

export const sqlCounterStorage = new AsyncLocalStorage<SqlCounter>();

export function countStatement(): void {
  const counter = sqlCounterStorage.getStore();
  if (counter) counter.count++;
}
