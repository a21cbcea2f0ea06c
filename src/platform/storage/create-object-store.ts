import path from 'node:path';
import type { Config } from '../config/config.js';
import type { ObjectStore } from './object-store.js';
import { FilesystemObjectStore } from './fs-object-store.js';
import { S3ObjectStore } from './s3-object-store.js';

/** The filesystem under the data directory, or S3 when OBJECT_STORE_URL is set. */
export function createObjectStore(config: Config): ObjectStore {
  const s = config.objectStore;
  if (s.url) return new S3ObjectStore({ url: s.url, region: s.region, accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey });
  return new FilesystemObjectStore(path.join(config.dataDir, 'objects'));
}
