// Where evidence bytes live: never in the database. One interface, two
// implementations (the local filesystem, any S3-compatible store); objects are
// addressed by their content (sha256), so the same bytes are stored once.
import type { Readable } from 'node:stream';

export interface StoredObjectInfo {
  sizeBytes: number;
}

export interface ObjectStore {
  readonly kind: 'filesystem' | 's3';
  /**
   * Stores the bytes (a local file path or a buffer) under `key` unless an
   * object is already there; answers whether it wrote. Readers never see a
   * partial object.
   */
  put(key: string, source: { path: string } | { bytes: Buffer }, meta: { sizeBytes: number; contentType: string }): Promise<{ created: boolean }>;
  /** Size of the object, or null when there is none. */
  stat(key: string): Promise<StoredObjectInfo | null>;
  /** The object's bytes; throws ObjectMissingError when there is none. */
  get(key: string): Promise<Readable>;
  /** Removes the object; a missing one is no error (a retried removal). */
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

export class ObjectMissingError extends Error {
  constructor(key: string) {
    super(`object ${key} is not in the store`);
    this.name = 'ObjectMissingError';
  }
}

const SHA256 = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f-]{36}$/;

/** The content address of bytes in a tenant's part of the store. */
export function contentKey(tenantId: string, sha256: string): string {
  if (!UUID.test(tenantId) || !SHA256.test(sha256)) throw new Error('contentKey needs a tenant uuid and a lower-case hex sha256');
  return `tenants/${tenantId}/sha256/${sha256.slice(0, 2)}/${sha256}`;
}

/** Keys are made by contentKey: a fixed alphabet, no "..", no leading slash. */
export function assertKey(key: string): void {
  if (!/^[a-z0-9][a-z0-9/_-]*$/.test(key) || key.includes('//') || key.split('/').some((p) => p === '..' || p === '.')) {
    throw new Error(`invalid object key: ${key}`);
  }
}
