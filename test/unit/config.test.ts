import { describe, expect, it } from 'vitest';
import { loadConfig, MIN_DB_POOL } from '../../src/platform/config/config.js';

describe('config', () => {
  it('refuses a pool too small for a deadline sweep (it holds three connections at once)', () => {
    const env = { NODE_ENV: 'test', DATABASE_URL: 'postgres://x@127.0.0.1/x', JWT_SECRET: 'x'.repeat(32) };
    expect(() => loadConfig({ ...env, DB_POOL_MAX: String(MIN_DB_POOL - 1) })).toThrow(/DB_POOL_MAX must be at least 3/);
    expect(loadConfig({ ...env, DB_POOL_MAX: String(MIN_DB_POOL) }).dbPoolMax).toBe(3);
  });

  it('encryption at rest: SM4 by default; production names its master key; not both settings', () => {
    const env = { NODE_ENV: 'test', DATABASE_URL: 'postgres://x@127.0.0.1/x', JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(env).dataEncryption).toEqual({ algorithm: 'sm4', masterKey: undefined, masterKeyFile: undefined });
    expect(loadConfig({ ...env, DATA_ENCRYPTION_ALGORITHM: 'AES-256-GCM' }).dataEncryption.algorithm).toBe('aes-256-gcm');
    expect(() => loadConfig({ ...env, DATA_ENCRYPTION_ALGORITHM: 'des' })).toThrow(/DATA_ENCRYPTION_ALGORITHM must be one of sm4, aes-256-gcm/);
    expect(() => loadConfig({ ...env, DATA_MASTER_KEY: 'a', DATA_MASTER_KEY_FILE: '/k' })).toThrow(/not both/);
    const production = { ...env, NODE_ENV: 'production', PETITIONER_MATCH_KEY: 'm'.repeat(32), CHECKPOINT_PRIVATE_KEY: 'pem' };
    expect(() => loadConfig(production)).toThrow(/DATA_MASTER_KEY or DATA_MASTER_KEY_FILE is required when NODE_ENV=production/);
    expect(loadConfig({ ...production, DATA_MASTER_KEY_FILE: '/run/secrets/master' }).dataEncryption.masterKeyFile).toBe('/run/secrets/master');
  });
});
