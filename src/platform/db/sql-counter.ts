import { AsyncLocalStorage } from 'node:async_hooks';

/** Counts SQL statements per request, for query-count tests and benchmarks. */
export interface SqlCounter {
  count: number;
}

export const sqlCounterStorage = new AsyncLocalStorage<SqlCounter>();

/** Listeners of every statement the process sends (the SQL snapshot test); empty in normal running. */
const observers = new Set<(sql: string) => void>();

/** The knex 'query' listener: every statement the application role sends. */
export function countStatement(query?: { sql?: string }): void {
  const counter = sqlCounterStorage.getStore();
  if (counter) counter.count++;
  if (observers.size && query?.sql) for (const observe of observers) observe(query.sql);
}

/** The text of every statement the process sends while `work` runs, in order. */
export async function recordStatements(work: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const observe = (sql: string) => statements.push(sql);
  observers.add(observe);
  try {
    await work();
  } finally {
    observers.delete(observe);
  }
  return statements;
}
