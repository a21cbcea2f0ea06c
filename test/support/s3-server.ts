// A local S3 protocol server for the tests: s3rver (in process, files under a
// temporary directory). It answers the S3 REST API with SigV4 signatures
// checked, which is what the official client speaks to MinIO or a cloud store.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface LocalS3 {
  /** OBJECT_STORE_URL for the bucket (path-style). */
  url: string;
  directory: string;
  env: Record<string, string>;
  stop: () => Promise<void>;
}

export async function startLocalS3(bucket = 'xinfang-test'): Promise<LocalS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'xinfang-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const address = await server.run();
  const url = `http://127.0.0.1:${address.port}/${bucket}`;
  return {
    url,
    directory,
    // s3rver's fixed credentials.
    env: { OBJECT_STORE_URL: url, OBJECT_STORE_ACCESS_KEY_ID: 'S3RVER', OBJECT_STORE_SECRET_ACCESS_KEY: 'S3RVER', OBJECT_STORE_REGION: 'us-east-1' },
    stop: async () => {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
