// The master key of encryption at rest: it only wraps the tenants' data keys
// (envelope encryption), so replacing it re-wraps those keys and leaves every
// encrypted row as it is. From DATA_MASTER_KEY, DATA_MASTER_KEY_FILE, or a
// file generated under the data directory (development and the demo).
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config/config.js';
import { loadOrCreateSecret } from '../config/secrets.js';
import { DATA_KEY_BYTES, openBytes, sealBytes, type DataCipher } from './field-cipher.js';

export interface MasterKey {
  /** sha-256 of the key, 16 hex digits: what a wrapped data key names. */
  id: string;
  key: Buffer;
  /** Where it came from (for messages; never the key). */
  source: string;
}

export const DEFAULT_MASTER_KEY_FILE = 'data-master-key';

/** 32 bytes as base64 (url-safe or not) or 64 hex digits. */
export function parseMasterKey(text: string, source: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== DATA_KEY_BYTES) throw new Error(`${source}: a master key is ${DATA_KEY_BYTES} bytes as base64 or hex (openssl rand -base64 32)`);
  return key;
}

export function masterKeyOf(key: Buffer, source: string): MasterKey {
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 16), key, source };
}

export function newMasterKeyText(): string {
  return randomBytes(DATA_KEY_BYTES).toString('base64');
}

/** The generated file's path when neither setting is given, else null. */
export function generatedMasterKeyFile(config: Config): string | null {
  const { masterKey, masterKeyFile } = config.dataEncryption;
  return masterKey || masterKeyFile ? null : path.join(config.dataDir, DEFAULT_MASTER_KEY_FILE);
}

export function loadMasterKey(config: Config): MasterKey {
  const { masterKey, masterKeyFile } = config.dataEncryption;
  if (masterKey) return masterKeyOf(parseMasterKey(masterKey, 'DATA_MASTER_KEY'), 'DATA_MASTER_KEY');
  if (masterKeyFile) return masterKeyOf(parseMasterKey(fs.readFileSync(masterKeyFile, 'utf8'), masterKeyFile), masterKeyFile);
  const file = path.join(config.dataDir, DEFAULT_MASTER_KEY_FILE);
  return masterKeyOf(parseMasterKey(loadOrCreateSecret(config.dataDir, DEFAULT_MASTER_KEY_FILE, newMasterKeyText), file), file);
}

const wrapAad = (tenantId: string, version: number) => `xinfang/data-key/${tenantId}/${version}`;

/** A tenant's data key sealed under the master key (base64), bound to its tenant and version. */
export function wrapDataKey(master: MasterKey, cipher: DataCipher, dataKey: Buffer, tenantId: string, version: number): string {
  return sealBytes(cipher, master.key, dataKey, wrapAad(tenantId, version)).toString('base64');
}

export function unwrapDataKey(master: MasterKey, cipher: DataCipher, wrapped: string, tenantId: string, version: number): Buffer {
  return openBytes(cipher, master.key, Buffer.from(wrapped, 'base64'), wrapAad(tenantId, version));
}
