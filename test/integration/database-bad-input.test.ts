import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { createOrm } from '../../src/server/database.js';
import { createTestDatabase } from '../support/db.js';
import { captureLogs } from '../support/log-capture.js';
import { isDatabaseUnavailable } from '../../src/platform/db/unavailable.js';
import { badInputProblem } from '../../src/platform/db/bad-input.js';
import { formatErrorFor } from '../../src/server/errors.js';

// Errors a real PostgreSQL raises for values of the request (through the ORM,
// as the services meet them) are the client's fault: BAD_USER_INPUT, never an
// outage (503) or a bug (500, a level-50 log line).
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await createOrm(db.url, 'app', 3);
});
afterAll(async () => {
  await orm?.close(true);
  await db?.drop();
});

async function errorOf(sql: string, params: unknown[] = []): Promise<unknown> {
  try {
    await orm.em.fork().getConnection().execute(sql, params);
  } catch (error) {
    return error;
  }
  throw new Error(`no error from: ${sql}`);
}

const CASES: [string, string, unknown[]][] = [
  ['22021 NUL in a bound parameter', 'select ?::text', ['a\u0000b']],
  ['08P01 NUL in the SQL text', "select 'a\u0000b'", []],
  ['22001 value too long', "create temp table if not exists short_text (v varchar(3)); insert into short_text values ('abcdef')", []],
  ['22003 numeric out of range', 'select 99999999999::int', []],
  ['22P02 invalid text representation', "select 'x'::int", []],
  ['22007 invalid datetime format', "select 'not a date'::timestamptz", []],
  ['22008 datetime field overflow', "select '2026-13-45'::date", []],
  ['22025 LIKE pattern ending in an escape', "select 'ab' ilike '%\\'", []],
];

describe('database errors that are the request\'s fault', () => {
  it.each(CASES)('%s: BAD_USER_INPUT, not an outage, no error logged', async (_label, sql, params) => {
    const error = await errorOf(sql, params);
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(badInputProblem(error)).toBeTruthy();
    const logs = captureLogs('info');
    // As Apollo hands a resolver's error to formatError.
    const wrapped = new GraphQLError((error as Error).message, { originalError: error as Error, path: ['incidents'] });
    const formatted = formatErrorFor(logs.logger)(wrapped.toJSON(), wrapped);
    expect(formatted.extensions?.code).toBe('BAD_USER_INPUT');
    expect(formatted.message).not.toMatch(/select|varchar|timestamptz/i);
    expect(logs.lines.filter((l) => l.level >= 50)).toEqual([]);
    // The connection is fine afterwards (not a reason for a 503 either).
    expect(await orm.em.fork().getConnection().execute('select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('a connection that is really gone is still an outage', async () => {
    const refused = await createOrm(db.url.replace(/:(\d+)\//, ':1/'), 'app', 3).then(
      async (o) => {
        try {
          await o.em.fork().getConnection().execute('select 1');
          return null;
        } catch (error) {
          return error;
        } finally {
          await o.close(true);
        }
      },
      (error: unknown) => error,
    );
    expect(refused).toBeTruthy();
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(badInputProblem(refused)).toBeNull();
  });
});
