import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CONTENT_FRAGMENT } from '@tandem/document';
import { connectClient, synced, type TestClient, waitFor } from '../helpers/clients.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { TEST_ADMIN_TOKEN } from '../helpers/sockets.js';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

/** One request a receiver got. */
interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  json: { type: string; timestamp: string; data: Record<string, unknown> };
}

/** A real HTTP receiver on a port; `answer` decides each status; it can be stopped and started again on the same port. */
class Receiver {
  got: Received[] = [];
  answer: (n: number) => number = () => 204;
  private server: Server | null = null;
  port = 0;
  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.got.push({ headers: req.headers, body, json: JSON.parse(body) });
        res.writeHead(this.answer(this.got.length)).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise((resolve) => s.close(resolve));
  }
  get url() {
    return `http://127.0.0.1:${this.port}/hook`;
  }
  of(type: string) {
    return this.got.filter((r) => r.json.type === type);
  }
}

describe('webhooks', () => {
  let server: TestServer | null = null;
  const receivers: Receiver[] = [];
  const clients: TestClient[] = [];
  const receiver = async () => {
    const r = await new Receiver().start();
    receivers.push(r);
    return r;
  };
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server?.dispose();
    server = null;
    for (const r of receivers.splice(0)) await r.stop();
  });
  const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const api = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${server!.url}/api${path}`, { method, headers: admin, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const start = (url: string, env: Record<string, string> = {}, dataDir?: string) =>
    startTestServer(
      { ADMIN_TOKEN: TEST_ADMIN_TOKEN, WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET, WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_DEBOUNCE: '300ms', WEBHOOK_RETRY_BASE: '150ms', ...env },
      dataDir,
    );

  it('sends signed created, changed (debounced), deleted and restored events', async () => {
    const r = await receiver();
    server = await start(r.url);
    expect((await api('/docs', 'POST', { id: 'hooked', title: 'Hooked', format: 'md', content: 'Hi.\n' })).status).toBe(201);
    await waitFor(() => r.of('document.created').length === 1, 'document.created arrives');
    const created = r.of('document.created')[0]!;
    expect(created.json.data).toMatchObject({ docId: 'hooked', actor: { kind: 'token', id: 'admin' }, source: 'create', title: 'Hooked' });
    expect(created.json.data).not.toHaveProperty('ip');

    // the Standard Webhooks reference library accepts the signature...
    expect(new Webhook(SECRET).verify(created.body, created.headers as Record<string, string>)).toEqual(created.json);
    // ...and so does the HMAC computed by hand, as docs/api.md describes it
    const signed = `${created.headers['webhook-id']}.${created.headers['webhook-timestamp']}.${created.body}`;
    const expected = createHmac('sha256', Buffer.from(SECRET.slice(6), 'base64')).update(signed).digest('base64');
    expect(String(created.headers['webhook-signature']).split(' ')).toContain(`v1,${expected}`);
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 8).toString('base64')}`).verify(created.body, created.headers as Record<string, string>)).toThrow();
    expect(() => new Webhook(SECRET).verify(created.body.replace('Hooked', 'Hacked'), created.headers as Record<string, string>)).toThrow();

    // five quick edits (five updates, sent at once: spaced by timers, a busy machine could
    // stretch them past the 300 ms debounce): one document.changed once the document is quiet
    const editor = connectClient(server.url, 'hooked');
    clients.push(editor);
    await synced(editor);
    for (let i = 0; i < 5; i++) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(`edit ${i}`)]);
      editor.doc.getXmlFragment(CONTENT_FRAGMENT).push([p]);
    }
    await waitFor(() => r.of('document.changed').length === 1, 'one debounced document.changed');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(r.of('document.changed')).toHaveLength(1);
    expect(r.of('document.changed')[0]!.json.data).toMatchObject({ docId: 'hooked', actor: { kind: 'anonymous' } });

    expect((await api('/docs/hooked', 'DELETE')).status).toBe(200);
    expect((await api('/docs/hooked/restore', 'POST')).status).toBe(200);
    await waitFor(() => r.of('document.restored').length === 1, 'deleted and restored arrive');
    expect(r.of('document.deleted')[0]!.json.data).toMatchObject({ docId: 'hooked', deletedAt: expect.any(String) });
    expect(r.of('document.restored')[0]!.json.data).toMatchObject({ docId: 'hooked', from: 'trash' });

    const log = (await (await api('/admin/webhooks/deliveries')).json()) as { deliveries: { type: string; status: string; attempts: number; endpointId: string }[] };
    expect(log.deliveries.map((d) => [d.type, d.status, d.attempts])).toEqual([
      ['document.restored', 'delivered', 1],
      ['document.deleted', 'delivered', 1],
      ['document.changed', 'delivered', 1],
      ['document.created', 'delivered', 1],
    ]);
  });

  it('retries with backoff while the receiver is down or failing, with the same id, until it is back', async () => {
    const r = await receiver();
    const port = r.port;
    await r.stop(); // down: nothing listens on its port
    // only document.created: the creation's stored change would add a debounced document.changed
    server = await start(`http://127.0.0.1:${port}/hook`, { WEBHOOK_EVENTS: 'document.created' });
    const t0 = Date.now();
    expect((await api('/docs', 'POST', { id: 'retry-me' })).status).toBe(201);
    expect(Date.now() - t0).toBeLessThan(5000); // the request did not wait for the receiver
    type Delivery = { status: string; attempts: number; lastError: string | null; lastStatus: number | null };
    const latest = async () => ((await (await api('/admin/webhooks/deliveries')).json()) as { deliveries: Delivery[] }).deliveries[0]!;
    await expect.poll(async () => (await latest()).attempts, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const failing = await latest();
    expect(failing).toMatchObject({ status: 'pending', lastStatus: null });
    expect(failing.lastError).toMatch(/ECONNREFUSED/);

    // back, but answering 500 once, then 200
    r.answer = (n) => (n === 1 ? 500 : 200);
    await r.start(port);
    await waitFor(() => r.got.length === 2, 'the receiver gets the retry after its 500', 15_000);
    expect(r.got[0]!.headers['webhook-id']).toBe(r.got[1]!.headers['webhook-id']);
    await expect.poll(async () => (await latest()).status, { timeout: 5000 }).toBe('delivered');
    expect((await latest()).attempts).toBeGreaterThanOrEqual(4);
  });

  it('keeps pending deliveries across a restart, and gives up after WEBHOOK_MAX_ATTEMPTS', async () => {
    const r = await receiver();
    const port = r.port;
    await r.stop();
    const onlyCreated = { WEBHOOK_EVENTS: 'document.created' }; // see the test above
    server = await start(`http://127.0.0.1:${port}/hook`, { WEBHOOK_RETRY_BASE: '1h', ...onlyCreated });
    const dataDir = server.dataDir;
    expect((await api('/docs', 'POST', { id: 'survivor' })).status).toBe(201);
    await expect.poll(async () => ((await (await api('/admin/webhooks/deliveries')).json()) as { deliveries: { attempts: number }[] }).deliveries[0]?.attempts).toBe(1);
    await server.close();
    await r.start(port);
    server = await start(`http://127.0.0.1:${port}/hook`, { WEBHOOK_RETRY_BASE: '1h', ...onlyCreated }, dataDir);
    // its next attempt was an hour away: retry it now through the admin API
    const [pending] = ((await (await api('/admin/webhooks/deliveries')).json()) as { deliveries: { id: string; status: string }[] }).deliveries;
    expect(pending!.status).toBe('pending');
    expect((await api(`/admin/webhooks/deliveries/${pending!.id}/retry`, 'POST')).status).toBe(200);
    await waitFor(() => r.of('document.created').length === 1, 'delivered after the restart');

    await server.dispose();
    r.answer = () => 500;
    server = await start(r.url, { WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_RETRY_BASE: '50ms', ...onlyCreated });
    expect((await api('/docs', 'POST', { id: 'doomed' })).status).toBe(201);
    await expect.poll(async () => ((await (await api('/admin/webhooks/deliveries')).json()) as { deliveries: { status: string; attempts: number }[] }).deliveries[0], { timeout: 10_000 }).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('refuses private receivers unless allowed, and an admin adds, lists and removes receivers', async () => {
    const r = await receiver();
    server = await startTestServer({ ADMIN_TOKEN: TEST_ADMIN_TOKEN, WEBHOOK_URL: r.url, WEBHOOK_SECRET: SECRET, WEBHOOK_RETRY_BASE: '1h' });
    expect((await api('/docs', 'POST', { id: 'private' })).status).toBe(201);
    await expect.poll(async () => ((await (await api('/admin/webhooks/deliveries')).json()) as { deliveries: { lastError: string | null }[] }).deliveries[0]?.lastError).toMatch(/private address/);
    expect(r.got).toHaveLength(0);
    const refused = await api('/admin/webhooks', 'POST', { url: 'http://169.254.169.254/latest', events: ['document.created'] });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toMatch(/private address/);
    expect((await api('/admin/webhooks', 'POST', { url: 'ftp://example.com/x' })).status).toBe(400);
    expect((await api('/admin/webhooks', 'POST', { url: 'https://example.com/x', events: ['nope'] })).status).toBe(400);
    expect((await fetch(`${server.url}/api/admin/webhooks`)).status).toBe(401);
    const list = (await (await api('/admin/webhooks')).json()) as { endpoints: Record<string, unknown>[] };
    expect(list.endpoints).toEqual([expect.objectContaining({ id: 'env', source: 'env', url: r.url })]);
    expect(list.endpoints[0]).not.toHaveProperty('secret');
    expect((await api('/admin/webhooks/env', 'DELETE')).status).toBe(404);
  });

  it('an admin-added receiver gets its events with its own secret; a test delivery reaches it', async () => {
    const r = await receiver();
    server = await startTestServer({ ADMIN_TOKEN: TEST_ADMIN_TOKEN, WEBHOOK_ALLOW_PRIVATE: 'true' });
    const made = await api('/admin/webhooks', 'POST', { url: r.url, events: ['document.deleted'] });
    expect(made.status).toBe(201);
    const endpoint = (await made.json()) as { id: string; secret: string; events: string[] };
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect((await (await api('/admin/webhooks')).json()) as unknown).not.toMatchObject({ endpoints: [{ secret: expect.anything() }] });
    expect((await api('/docs', 'POST', { id: 'by-api', title: 'By API' })).status).toBe(201);
    expect((await api('/docs/by-api', 'DELETE')).status).toBe(200);
    await waitFor(() => r.got.length === 1, 'only the subscribed event arrives');
    expect(r.got[0]!.json.type).toBe('document.deleted');
    expect(() => new Webhook(endpoint.secret).verify(r.got[0]!.body, r.got[0]!.headers as Record<string, string>)).not.toThrow();
    const ping = await api(`/admin/webhooks/${endpoint.id}/test`, 'POST');
    expect(await ping.json()).toMatchObject({ status: 'delivered', type: 'webhook.test' });
    expect((await api(`/admin/webhooks/${endpoint.id}`, 'PATCH', { enabled: false })).status).toBe(200);
    expect((await api(`/admin/webhooks/${endpoint.id}`, 'DELETE')).status).toBe(200);
    expect((await (await api('/admin/webhooks')).json()) as unknown).toEqual(expect.objectContaining({ endpoints: [] }));
  });

  it('a receiver that never answers holds up neither requests nor shutdown', async () => {
    const hanging: IncomingMessage[] = [];
    const hang = createServer((req) => void hanging.push(req)); // takes the request, never answers
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    try {
      server = await start(`http://127.0.0.1:${(hang.address() as AddressInfo).port}/`, { WEBHOOK_TIMEOUT: '1h' });
      expect((await api('/docs', 'POST', { id: 'hang', title: 'Hang' })).status).toBe(201);
      await waitFor(() => hanging.length === 1, 'the receiver holds the first delivery');
      // while that attempt hangs, the server answers and sends the next events
      expect((await api('/docs/hang', 'DELETE')).status).toBe(200);
      expect((await api('/docs/hang/restore', 'POST')).status).toBe(200);
      await waitFor(() => hanging.length === 3, 'the next deliveries go out beside the hanging one');
      const t0 = Date.now();
      await server.dispose(); // aborts the attempts under way (they stay pending for the next start)
      server = null;
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      hang.closeAllConnections();
      await new Promise((resolve) => hang.close(resolve));
    }
  });
});
