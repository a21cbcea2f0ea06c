import { AsyncLocalStorage } from 'node:async_hooks';

/** Counts SQL statements per request, for query-count tests and benchmarks. */
export interface SqlCounter {
  count: number;
}

export const sqlCounterStorage = new AsyncLocalStorage<SqlCounter>();

/** Listeners of every statement the process sends (the SQL snapshot test); empty in normal running. */
const observers = new Set<(sql: string, bindings: readonly unknown[]) => void>();

/** The knex 'query' listener: every statement the application role sends. */
export function countStatement(query?: { sql?: string; bindings?: readonly unknown[] }): void {
  const counter = sqlCounterStorage.getStore();
  if (counter) counter.count++;
  if (observers.size && query?.sql) for (const observe of observers) observe(query.sql, query.bindings ?? []);
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

/** Every statement with its bound values while `work` runs (to check what leaves the process, e.g. no plain names). */
export async function recordStatementsWithBindings(work: () => Promise<unknown>): Promise<{ sql: string; bindings: readonly unknown[] }[]> {
  const statements: { sql: string; bindings: readonly unknown[] }[] = [];
  const observe = (sql: string, bindings: readonly unknown[]) => statements.push({ sql, bindings });
  observers.add(observe);
  try {
    await work();
  } finally {
    observers.delete(observe);
  }
  return statements;
}
