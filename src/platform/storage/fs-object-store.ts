// Objects as files under the data directory. A write goes to a temporary
// file in the same directory tree, is fsynced, then renamed into place: the
// rename is atomic, so a reader sees the whole object or none.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { assertKey, ObjectMissingError, type ObjectStore, type StoredObjectInfo } from './object-store.js';

export class FilesystemObjectStore implements ObjectStore {
  readonly kind = 'filesystem' as const;
  private readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = path.join(root, '.tmp');
  }

  private pathOf(key: string): string {
    assertKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, source: { path: string } | { bytes: Buffer }, meta: { sizeBytes: number; contentType: string }): Promise<{ created: boolean }> {
    const target = this.pathOf(key);
    if (await this.stat(key)) return { created: false };
    await fsp.mkdir(this.tmpDir, { recursive: true });
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const tmp = path.join(this.tmpDir, randomUUID());
    try {
      if ('path' in source) await pipeline(fs.createReadStream(source.path), fs.createWriteStream(tmp, { flags: 'wx' }));
      else await fsp.writeFile(tmp, source.bytes, { flag: 'wx' });
      const handle = await fsp.open(tmp, 'r');
      try {
        const { size } = await handle.stat();
        if (size !== meta.sizeBytes) throw new Error(`object ${key}: wrote ${size} bytes, expected ${meta.sizeBytes}`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      // Two writers of the same content may race: both renames leave the same bytes.
      await fsp.rename(tmp, target);
      return { created: true };
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  }

  async stat(key: string): Promise<StoredObjectInfo | null> {
    try {
      const s = await fsp.stat(this.pathOf(key));
      return { sizeBytes: s.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    try {
      const handle = await fsp.open(file, 'r');
      return handle.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ObjectMissingError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  async close(): Promise<void> {}
}
