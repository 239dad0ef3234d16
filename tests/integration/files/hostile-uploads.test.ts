import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';

/** Uploads as the web app does: the raw bytes as the body, the name in the query. */
async function upload(server: TestServer, doc: string, body: BodyInit | Buffer, query: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const qs = new URLSearchParams(query).toString();
  const res = await fetch(`${server.url}/api/docs/${doc}/files${qs ? `?${qs}` : ''}`, { method: 'POST', body: Buffer.isBuffer(body) ? new Uint8Array(body) : body, headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { id: string; url: string; type: string; name: string; error?: string } };
}

async function createDoc(server: TestServer, id: string) {
  const res = await fetch(`${server.url}/api/docs`, { method: 'POST', body: JSON.stringify({ id, format: 'md', content: 'hello' }) });
  expect(res.status).toBe(201);
}

/** A JPEG carrying EXIF with a GPS position and a camera name. */
const jpegWithGps = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'SpyCam', Model: 'X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2964/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 17/1 4020/100' } })
    .toBuffer();

describe('hostile uploads against a real server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MAX_UPLOAD_BYTES: '65536' });
    await createDoc(server, 'report');
    await createDoc(server, 'other');
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('re-encodes an image and strips its EXIF and GPS metadata', async () => {
    const original = await jpegWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    expect(original.includes(Buffer.from('SpyCam'))).toBe(true);
    const { status, body } = await upload(server, 'report', original, { name: 'holiday.jpg', as: 'image' }, { 'content-type': 'text/html' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ name: 'holiday.jpg', type: 'image/jpeg', width: 64, height: 48 });
    const res = await fetch(server.url + body.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="holiday.jpg"/);
    const stored = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(stored).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.width).toBe(64);
    expect(stored.includes(Buffer.from('SpyCam'))).toBe(false);
  });

  it('refuses an oversized upload with 413, with or without a Content-Length', async () => {
    const big = new Uint8Array(65537);
    const sized = await upload(server, 'report', big, { name: 'big.bin' });
    expect(sized.status).toBe(413);
    expect(sized.body.error).toContain('MAX_UPLOAD_BYTES');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(20_000));
        controller.close();
      },
    });
    const res = await fetch(`${server.url}/api/docs/report/files?name=stream.bin`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect((await server.blobs.list('report')).map((f) => f.name)).not.toContain('stream.bin');
  });

  it('sniffs the type from the bytes: HTML claiming to be a PNG is no image, and is never served as HTML', async () => {
    const html = '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>';
    const asImage = await upload(server, 'report', html, { name: 'cat.png', as: 'image' }, { 'content-type': 'image/png' });
    expect(asImage.status).toBe(415);
    const asFile = await upload(server, 'report', html, { name: 'page.html' }, { 'content-type': 'text/html' });
    expect(asFile.status).toBe(201);
    expect(asFile.body.type).toBe('text/plain');
    const res = await fetch(server.url + asFile.body.url);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('never serves an SVG with a script inline', async () => {
    const svg = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><circle r="5"/></svg>';
    expect((await upload(server, 'report', svg, { name: 'logo.svg', as: 'image' })).status).toBe(415);
    const { status, body } = await upload(server, 'report', svg, { name: 'logo.svg' }, { 'content-type': 'image/png' });
    expect(status).toBe(201);
    expect(body.type).toBe('image/svg+xml');
    const res = await fetch(server.url + body.url);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="logo.svg"/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
  });

  it('drops the second payload of a polyglot (a JPEG whose comment is an HTML page, with a script after its end)', async () => {
    const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: 'white' } }).jpeg().toBuffer();
    const payload = Buffer.from('<html><script>alert("polyglot")</script></html>');
    const comment = Buffer.concat([Buffer.from([0xff, 0xfe, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
    const polyglot = Buffer.concat([jpeg.subarray(0, 2), comment, jpeg.subarray(2), Buffer.from('<script>alert("trailer")</script>')]);
    expect((await sharp(polyglot).metadata()).format).toBe('jpeg');
    const { status, body } = await upload(server, 'report', polyglot, { name: 'poly.jpg', as: 'image' });
    expect(status).toBe(201);
    const stored = Buffer.from(await (await fetch(server.url + body.url)).arrayBuffer());
    expect(stored.includes(Buffer.from('<script'))).toBe(false);
    expect(stored.includes(Buffer.from('polyglot'))).toBe(false);
    expect((await sharp(stored).metadata()).format).toBe('jpeg');
  });

  it('keeps only the last segment of a path in the name, and writes nothing outside the data folder', async () => {
    const a = await upload(server, 'report', 'text', { name: '../../../../etc/passwd' });
    expect(a.status).toBe(201);
    expect(a.body.name).toBe('passwd');
    const b = await upload(server, 'report', 'text', { name: '..\\..\\windows\\system32\\evil.txt' });
    expect(b.body.name).toBe('evil.txt');
    const c = await upload(server, 'report', 'text', { name: 'a"\r\nSet-Cookie: x=1.txt' });
    expect(c.status).toBe(201);
    const res = await fetch(server.url + c.body.url);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="a_Set-Cookie: x=1.txt"; filename*=UTF-8''a%22Set-Cookie%3A%20x%3D1.txt`);
    expect((await upload(server, 'report', 'x', { id: '../../x' })).status).toBe(400);
    // Everything the server wrote is its databases (documents, webhook deliveries) and the content-addressed file store.
    expect(readdirSync(server.dataDir).filter((n) => !n.startsWith('tandem.db') && !n.startsWith('webhooks.db') && !n.startsWith('audit.db'))).toEqual(['files']);
    const written = readdirSync(join(server.dataDir, 'files'), { recursive: true }).map(String);
    expect(written.filter((p) => !/^(tmp|blobs|docs|refs)(\/|$)/.test(p))).toEqual([]);
    expect(written.some((p) => /passwd|evil|windows/.test(p))).toBe(false);
  });

  it('serves a file only under the document it belongs to', async () => {
    const { body } = await upload(server, 'report', 'secret notes', { name: 'notes.txt' });
    expect((await fetch(`${server.url}/api/docs/report/files/${body.id}`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/docs/other/files/${body.id}`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/docs/report/files/..%2F..%2Ftandem.db`)).status).toBe(404);
    expect((await upload(server, 'report', '')).status).toBe(400);
    expect((await fetch(`${server.url}/api/docs/other`, { method: 'DELETE' })).status).toBe(200);
    expect((await upload(server, 'other', 'x')).status).toBe(404);
  });
});
