import { describe, expect, it } from 'vitest';
import { loadConfig, MIN_DB_POOL } from '../../src/platform/config/config.js';

describe('config', () => {
  it('refuses a pool too small for a deadline sweep (it holds three connections at once)', () => {
    const env = { NODE_ENV: 'test', DATABASE_URL: 'postgres://x@127.0.0.1/x', JWT_SECRET: 'x'.repeat(32) };
    expect(() => loadConfig({ ...env, DB_POOL_MAX: String(MIN_DB_POOL - 1) })).toThrow(/DB_POOL_MAX must be at least 3/);
    expect(loadConfig({ ...env, DB_POOL_MAX: String(MIN_DB_POOL) }).dbPoolMax).toBe(3);
  });
});
