// Objects in an S3-compatible store (MinIO, the cloud ones) through the
// official AWS SDK client. Checksums are sent only when an operation requires
// them: the SDK's default (aws-chunked CRC32 trailers) is not understood by
// every S3-compatible server.
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { assertKey, ObjectMissingError, type ObjectStore, type StoredObjectInfo } from './object-store.js';

export interface S3StoreOptions {
  /** `s3://bucket` (the provider's endpoint for the region) or `http(s)://host:port/bucket` (path-style). */
  url: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export function parseObjectStoreUrl(url: string): { endpoint: string | null; bucket: string } {
  const u = new URL(url);
  if (u.protocol === 's3:') return { endpoint: null, bucket: u.hostname };
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('OBJECT_STORE_URL must be s3://bucket or http(s)://host/bucket');
  const bucket = u.pathname.replace(/^\/+|\/+$/g, '');
  if (!bucket || bucket.includes('/')) throw new Error('OBJECT_STORE_URL must name one bucket: http(s)://host:port/bucket');
  return { endpoint: u.origin, bucket };
}

function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return error instanceof NoSuchKey || error instanceof NotFound || e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(options: S3StoreOptions) {
    const { endpoint, bucket } = parseObjectStoreUrl(options.url);
    this.bucket = bucket;
    this.client = new S3Client({
      region: options.region,
      ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
      ...(options.accessKeyId && options.secretAccessKey
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, source: { path: string } | { bytes: Buffer }, meta: { sizeBytes: number; contentType: string }): Promise<{ created: boolean }> {
    assertKey(key);
    if (await this.stat(key)) return { created: false };
    // A PUT is atomic in S3: the object appears whole when the request completes.
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: 'path' in source ? fs.createReadStream(source.path) : source.bytes,
        ContentLength: meta.sizeBytes,
        ContentType: meta.contentType,
      }),
    );
    return { created: true };
  }

  async stat(key: string): Promise<StoredObjectInfo | null> {
    assertKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { sizeBytes: Number(head.ContentLength ?? 0) };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async get(key: string): Promise<Readable> {
    assertKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body as Readable;
    } catch (error) {
      if (isMissing(error)) throw new ObjectMissingError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    // S3 answers a delete of a missing key with success too.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
