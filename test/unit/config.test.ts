import { describe, expect, it } from 'vitest';
import { loadConfig, MIN_DB_POOL } from '../../src/platform/config/config.js';

describe('config', () => {
  it('refuses a pool too small for a deadline sweep (it holds three connections at once)', () => {
    const env = { NODE_ENV: 'test', DATABASE_URL: 'postgres://x@127.0.0.1/x', JWT_SECRET: 'x'.repeat(32) };
    expect(() => loadConfig({ ...env, DB_POOL_MAX: String(MIN_DB_POOL - 1) })).toThrow(/DB_POOL_MAX must be at least 3/);
    expect(loadConfig({ ...env, DB_POOL_MAX: String(MIN_DB_POOL) }).dbPoolMax).toBe(3);
  });

  it('export retention: 168 hours by default; whole hours from 1 to 87600, anything else refuses to start', () => {
    const env = { NODE_ENV: 'test', DATABASE_URL: 'postgres://x@127.0.0.1/x', JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(env).exports.retentionHours).toBe(168);
    expect(loadConfig({ ...env, EXPORT_RETENTION_HOURS: '24' }).exports.retentionHours).toBe(24);
    for (const bad of ['0', '-5', '1.5', '87601']) {
      expect(() => loadConfig({ ...env, EXPORT_RETENTION_HOURS: bad })).toThrow(/EXPORT_RETENTION_HOURS must be a whole number of hours from 1 to 87600/);
    }
    expect(() => loadConfig({ ...env, EXPORT_RETENTION_HOURS: 'week' })).toThrow(/EXPORT_RETENTION_HOURS must be a number/);
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
