// A pg pool for the baseline and the peer: connections act as the app role
// (like the API's), and every statement sent is counted (SQL per request).
import pg from 'pg';

export interface CountingPool {
  pool: pg.Pool;
  statements: () => number;
}

export function countingPool(databaseUrl: string, max: number, role: string | null): CountingPool {
  let statements = 0;
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      statements++;
      return query(...args);
    };
    if (role) void query(`set role ${role}`);
  });
  return { pool, statements: () => statements };
}
