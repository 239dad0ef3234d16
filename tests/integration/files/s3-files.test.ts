/// <reference path="../../../packages/blob-store/src/s3rver.d.ts" />
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@tandem/server';
import { startTestServer, type TestServer } from '../../helpers/server.js';

describe('files in an S3-compatible bucket (s3rver)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-s3-'));
  let s3: S3rver;
  let server: TestServer;
  beforeAll(async () => {
    s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'tandem-files' }] } as never);
    const { port } = await s3.run();
    // the AWS SDK reads its credentials from the environment, as in production
    process.env.AWS_ACCESS_KEY_ID ??= 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'S3RVER';
    server = await startTestServer({
      S3_BUCKET: 'tandem-files',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_PREFIX: 'prod/',
    });
  });
  afterAll(async () => {
    await server?.dispose();
    await s3?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores uploads in the bucket and serves them back', async () => {
    expect((await fetch(`${server.url}/api/docs`, { method: 'POST', body: JSON.stringify({ id: 'in-s3', format: 'md', content: 'x' }) })).status).toBe(201);
    const res = await fetch(`${server.url}/api/docs/in-s3/files?name=notes.txt`, { method: 'POST', body: 'kept in S3' });
    expect(res.status).toBe(201);
    const { url, id } = (await res.json()) as { url: string; id: string };
    expect(await (await fetch(server.url + url)).text()).toBe('kept in S3');
    expect((await server.blobs.get('in-s3', id))?.name).toBe('notes.txt');
  });

  it('stops start-up naming a bad S3 variable', () => {
    expect(() => parseConfig({ S3_BUCKET: 'A' })).toThrow(ConfigError);
    expect(() => parseConfig({ S3_BUCKET: 'A' })).toThrow(/S3_BUCKET/);
    expect(() => parseConfig({ S3_BUCKET: 'good-bucket', S3_ENDPOINT: 'ftp://x' })).toThrow(/S3_ENDPOINT/);
  });
});
