// Both object stores behind one interface: the filesystem under the data
// directory and an S3-compatible server (s3rver, see test/support/s3-server.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilesystemObjectStore } from '../../src/platform/storage/fs-object-store.js';
import { S3ObjectStore } from '../../src/platform/storage/s3-object-store.js';
import { contentKey, ObjectMissingError, type ObjectStore } from '../../src/platform/storage/object-store.js';
import { createObjectStore } from '../../src/platform/storage/create-object-store.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { startLocalS3, type LocalS3 } from '../support/s3-server.js';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let s3: LocalS3;
let dir: string;
const stores: Record<string, () => ObjectStore> = {};

beforeAll(async () => {
  s3 = await startLocalS3();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinfang-objects-'));
  stores.filesystem = () => new FilesystemObjectStore(path.join(dir, 'objects'));
  stores.s3 = () => new S3ObjectStore({ url: s3.url, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
});

afterAll(async () => {
  await s3?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(['filesystem', 's3'])('%s object store', (kind) => {
  it('stores bytes from a file and from a buffer, once per content, and gives them back byte for byte', async () => {
    const store = stores[kind]!();
    const tenant = randomUUID();
    const big = randomBytes(3 * 1024 * 1024 + 17);
    const file = path.join(dir, `${randomUUID()}.bin`);
    fs.writeFileSync(file, big);
    const key = contentKey(tenant, sha(big));
    expect(await store.stat(key)).toBeNull();
    expect(await store.put(key, { path: file }, { sizeBytes: big.length, contentType: 'application/octet-stream' })).toEqual({ created: true });
    expect(await store.put(key, { path: file }, { sizeBytes: big.length, contentType: 'application/octet-stream' })).toEqual({ created: false });
    expect(await store.stat(key)).toEqual({ sizeBytes: big.length });
    const back = await readAll(await store.get(key));
    expect(sha(back)).toBe(sha(big));

    const small = Buffer.from('谈话记录：东村土地补偿', 'utf8');
    const smallKey = contentKey(tenant, sha(small));
    expect(await store.put(smallKey, { bytes: small }, { sizeBytes: small.length, contentType: 'text/plain' })).toEqual({ created: true });
    expect((await readAll(await store.get(smallKey))).toString('utf8')).toBe('谈话记录：东村土地补偿');
    await store.close();
  });

  it('answers a missing object as missing', async () => {
    const store = stores[kind]!();
    const key = contentKey(randomUUID(), sha(randomBytes(8)));
    expect(await store.stat(key)).toBeNull();
    await expect(store.get(key)).rejects.toBeInstanceOf(ObjectMissingError);
    await store.close();
  });

  it('removes an object (an expired export\'s), and a removal of a missing one is no error', async () => {
    const store = stores[kind]!();
    const bytes = randomBytes(64);
    const key = contentKey(randomUUID(), sha(bytes));
    await store.put(key, { bytes }, { sizeBytes: bytes.length, contentType: 'application/octet-stream' });
    expect(await store.stat(key)).toEqual({ sizeBytes: 64 });
    await store.delete(key);
    expect(await store.stat(key)).toBeNull();
    await expect(store.get(key)).rejects.toBeInstanceOf(ObjectMissingError);
    await store.delete(key);
    // Stored again after its removal, it is whole again.
    expect(await store.put(key, { bytes }, { sizeBytes: bytes.length, contentType: 'application/octet-stream' })).toEqual({ created: true });
    expect(sha(await readAll(await store.get(key)))).toBe(sha(bytes));
    await store.close();
  });

  it('refuses keys outside its own alphabet', async () => {
    const store = stores[kind]!();
    await expect(store.stat('../etc/passwd')).rejects.toThrow(/invalid object key/);
    await store.close();
  });
});

describe('filesystem store', () => {
  it('leaves no temporary file behind and none visible under the key before the write completes', async () => {
    const root = path.join(dir, 'atomic');
    const store = new FilesystemObjectStore(root);
    const bytes = randomBytes(1024);
    const key = contentKey(randomUUID(), sha(bytes));
    await store.put(key, { bytes }, { sizeBytes: bytes.length, contentType: 'application/octet-stream' });
    expect(fs.readdirSync(path.join(root, '.tmp'))).toEqual([]);
    // A size that does not match what was written is refused and nothing lands.
    const other = randomBytes(10);
    const otherKey = contentKey(randomUUID(), sha(other));
    await expect(store.put(otherKey, { bytes: other }, { sizeBytes: 11, contentType: 'x/y' })).rejects.toThrow(/expected 11/);
    expect(await store.stat(otherKey)).toBeNull();
    expect(fs.readdirSync(path.join(root, '.tmp'))).toEqual([]);
  });
});

describe('choosing the store from the configuration', () => {
  it('uses the data directory by default and S3 when OBJECT_STORE_URL is set', async () => {
    const fsStore = createObjectStore(loadConfig({ XINFANG_DATA_DIR: dir }));
    expect(fsStore.kind).toBe('filesystem');
    const s3Store = createObjectStore(loadConfig({ XINFANG_DATA_DIR: dir, ...s3.env }));
    expect(s3Store.kind).toBe('s3');
    const bytes = randomBytes(64);
    const key = contentKey(randomUUID(), sha(bytes));
    await s3Store.put(key, { bytes }, { sizeBytes: 64, contentType: 'application/octet-stream' });
    // It really went to the S3 server, not to the data directory.
    expect(await fsStore.stat(key)).toBeNull();
    expect(await s3Store.stat(key)).toEqual({ sizeBytes: 64 });
    await s3Store.close();
  });
});
