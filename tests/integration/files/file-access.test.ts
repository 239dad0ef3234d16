import { randomBytes } from 'node:crypto';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { makeToken, TEST_ADMIN_TOKEN, TEST_SECRET } from '../../helpers/sockets.js';

/** A small red PNG, as bytes fetch() takes for a body. */
const png = async () => new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 4, background: '#ff0000' } }).png().toBuffer());
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('file access follows the document access (token mode)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_SECRET: TEST_SECRET, ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    const res = await fetch(`${server.url}/api/docs`, { method: 'POST', headers: bearer(TEST_ADMIN_TOKEN), body: JSON.stringify({ id: 'plan' }) });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('lets an editor upload and download, a reader download, and refuses everyone else', async () => {
    const write = makeToken({ doc: 'plan', role: 'write' });
    const read = makeToken({ doc: 'plan', role: 'read' });
    const other = makeToken({ doc: 'other', role: 'write' });
    const uploadWith = (headers: Record<string, string>) =>
      png().then((body) => fetch(`${server.url}/api/docs/plan/files?name=red.png&as=image`, { method: 'POST', headers, body }));

    expect((await uploadWith({})).status).toBe(401);
    expect((await uploadWith(bearer(read))).status).toBe(403);
    expect((await uploadWith(bearer(other))).status).toBe(403);
    const ok = await uploadWith(bearer(write));
    expect(ok.status).toBe(201);
    const { url } = (await ok.json()) as { url: string };

    expect((await fetch(server.url + url, { headers: bearer(write) })).status).toBe(200);
    expect((await fetch(server.url + url, { headers: bearer(read) })).status).toBe(200);
    // what an <img> does: the token as a query parameter
    expect((await fetch(`${server.url}${url}?token=${encodeURIComponent(read)}`)).status).toBe(200);
    expect((await fetch(server.url + url)).status).toBe(401);
    expect((await fetch(server.url + url, { headers: bearer(other) })).status).toBe(403);
    expect((await fetch(server.url + url, { headers: bearer(makeToken({ doc: 'plan', role: 'read', exp: Math.floor(Date.now() / 1000) - 5 })) })).status).toBe(401);
    expect((await fetch(`${server.url}/api/docs/plan/files`, { headers: bearer(read) })).status).toBe(200);
    expect((await fetch(`${server.url}/api/docs/plan/files`)).status).toBe(401);
  });
});

const databaseUrl = process.env.DATABASE_URL;
(databaseUrl ? describe : describe.skip)('files across two nodes on PostgreSQL', () => {
  const schema = `tandem_files_${randomBytes(5).toString('hex')}`;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    const env = { DATABASE_URL: databaseUrl!, DATABASE_SCHEMA: schema, AUTH_SECRET: TEST_SECRET, ADMIN_TOKEN: TEST_ADMIN_TOKEN };
    a = await startTestServer(env);
    b = await startTestServer(env);
  });
  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('serves a file uploaded on one node from the other, to its readers only', async () => {
    const created = await fetch(`${a.url}/api/docs`, { method: 'POST', headers: bearer(TEST_ADMIN_TOKEN), body: JSON.stringify({ id: 'shared' }) });
    expect(created.status).toBe(201);
    const res = await fetch(`${a.url}/api/docs/shared/files?name=dot.png&as=image`, {
      method: 'POST',
      headers: bearer(makeToken({ doc: 'shared', role: 'write' })),
      body: await png(),
    });
    expect(res.status).toBe(201);
    const { url } = (await res.json()) as { url: string };
    const fromB = await fetch(b.url + url, { headers: bearer(makeToken({ doc: 'shared', role: 'read' })) });
    expect(fromB.status).toBe(200);
    expect((await sharp(Buffer.from(await fromB.arrayBuffer())).metadata()).width).toBe(8);
    expect((await fetch(b.url + url, { headers: bearer(makeToken({ doc: 'elsewhere', role: 'read' })) })).status).toBe(403);
  });
});
