import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll } from 'vitest';
import { describeBlobStore } from './conformance.js';
import { createS3BlobStore } from './s3-store.js';
import type { BlobStore } from './types.js';

// s3rver: an S3 API server in Node that keeps objects in a folder (no S3 server is installable here otherwise)
const dir = mkdtempSync(join(tmpdir(), 'tandem-s3rver-'));
let server: S3rver;
let endpoint = '';
const client = () => ({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
beforeAll(async () => {
  server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
const prefixOf = new Map<BlobStore, string>();
describeBlobStore('s3 (s3rver)', {
  async create() {
    const bucket = `tandem-test-${process.pid}-${n++}`;
    const s3 = new S3Client(client());
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    s3.destroy();
    const store = createS3BlobStore({ bucket, prefix: 'files/', client: client() });
    prefixOf.set(store, bucket);
    return store;
  },
  async reopen(store) {
    const bucket = prefixOf.get(store)!;
    await store.close();
    const again = createS3BlobStore({ bucket, prefix: 'files/', client: client() });
    prefixOf.set(again, bucket);
    return again;
  },
});
