import { createPatch } from 'diff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPlainText } from '@tandem/history';
import { connectClient, synced, type TestClient, waitFor } from '../helpers/clients.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { makeToken, TEST_ADMIN_TOKEN, TEST_SECRET } from '../helpers/sockets.js';

/** Documents over REST: what a backend (a cron job with a write token) reads and changes. */
describe('the REST content API', () => {
  let server: TestServer;
  const clients: TestClient[] = [];
  const writer = makeToken({ doc: 'cron-*', role: 'write', sub: 'nightly-job' });
  const reader = makeToken({ doc: 'cron-*', role: 'read' });

  beforeAll(async () => {
    server = await startTestServer({ AUTH_SECRET: TEST_SECRET, ADMIN_TOKEN: TEST_ADMIN_TOKEN });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server.dispose();
  });

  const call = (path: string, token: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    fetch(`${server.url}/api${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  const read = async (id: string) => (await (await call(`/docs/${id}/content`, writer)).json()) as { version: string; title: string; content: unknown };
  const online = async (id: string) => {
    const c = connectClient(server.url, id, { params: { token: writer } });
    clients.push(c);
    await synced(c);
    return c;
  };

  it('reads a document as JSON, Markdown, HTML and text, with its version', async () => {
    expect((await call('/docs', TEST_ADMIN_TOKEN, { method: 'POST', body: { id: 'cron-read', title: 'Notes', format: 'md', content: '# Plan\n\nShip **it**.\n' } })).status).toBe(201);
    const json = await read('cron-read');
    expect(json.title).toBe('Notes');
    expect(json.version).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(json.content).toMatchObject({ type: 'doc', content: [{ type: 'heading' }, { type: 'paragraph' }] });
    const md = await call('/docs/cron-read/content?format=md', reader);
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(md.headers.get('etag')).toBe(`"${json.version}"`);
    expect(await md.text()).toBe('# Plan\n\nShip **it**.\n');
    expect(await (await call('/docs/cron-read/content?format=html', reader)).text()).toContain('<strong>it</strong>');
    expect(await (await call('/docs/cron-read/content?format=txt', reader)).text()).toBe('Plan\nShip it.\n');
    expect((await call('/docs/cron-read/content?format=pdf', reader)).status).toBe(400);
    expect((await call('/docs/cron-nothing/content', reader)).status).toBe(404);
  });

  it('replaces the content as a change that an online collaborator receives at once; a stale base is a 409', async () => {
    await call('/docs', TEST_ADMIN_TOKEN, { method: 'POST', body: { id: 'cron-live', title: 'Live', format: 'md', content: 'Old text.\n' } });
    const editor = await online('cron-live');
    await waitFor(() => toPlainText(editor.doc) === 'Old text.\n', 'the collaborator has the document');
    const { version } = await read('cron-live');

    const put = await call('/docs/cron-live/content', writer, { method: 'PUT', body: { format: 'md', content: '# Report\n\nNew numbers.\n', baseVersion: version } });
    expect(put.status).toBe(200);
    const next = ((await put.json()) as { version: string }).version;
    expect(next).not.toBe(version);
    await waitFor(() => toPlainText(editor.doc) === 'Report\nNew numbers.\n', 'the collaborator sees the new content');
    expect((await read('cron-live')).title).toBe('Live'); // the title is kept

    // the old base is stale now: nothing changes and the current version comes back
    const stale = await call('/docs/cron-live/content', writer, { method: 'PUT', body: { format: 'md', content: 'Overwrite!\n', baseVersion: version } });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ version: next });
    const viaHeader = await call('/docs/cron-live/content', writer, { method: 'PUT', body: { format: 'md', content: 'Overwrite!\n' }, headers: { 'if-match': `"${version}"` } });
    expect(viaHeader.status).toBe(409);
    expect(toPlainText(editor.doc)).toBe('Report\nNew numbers.\n');

    // a change made in the editor moves the version on
    editor.doc.getXmlFragment('prosemirror').delete(0, 1);
    await waitFor(() => toPlainText(editor.doc) === 'New numbers.\n', 'local delete');
    const afterEdit = await (async () => {
      for (let i = 0; i < 50; i++) {
        const v = (await read('cron-live')).version;
        if (v !== next) return v;
        await new Promise((r) => setTimeout(r, 50));
      }
      return next;
    })();
    expect(afterEdit).not.toBe(next);
    expect((await call('/docs/cron-live/content', writer, { method: 'PUT', body: { format: 'md', content: 'x\n', baseVersion: next } })).status).toBe(409);
  });

  it('appends blocks, and applies a JSON patch and a Markdown diff against a base version', async () => {
    await call('/docs', TEST_ADMIN_TOKEN, { method: 'POST', body: { id: 'cron-log', format: 'md', content: 'Day 1: fine.\n' } });
    const editor = await online('cron-log');
    const append = await call('/docs/cron-log/content/blocks', writer, { method: 'POST', body: { format: 'md', content: 'Day 2: **rain**.\n\nDay 3: sun.\n' } });
    expect(append.status).toBe(200);
    await waitFor(() => toPlainText(editor.doc) === 'Day 1: fine.\nDay 2: rain.\nDay 3: sun.\n', 'the collaborator sees the appended blocks');

    const before = await read('cron-log');
    const patch = [
      { op: 'test', path: '/content/0/content/0/text', value: 'Day 1: fine.' },
      { op: 'replace', path: '/content/0/content/0/text', value: 'Day 1: great.' },
      { op: 'remove', path: '/content/2' },
    ];
    const patched = await call('/docs/cron-log/content', writer, { method: 'PATCH', body: { format: 'json', content: patch, baseVersion: before.version } });
    expect(patched.status).toBe(200);
    await waitFor(() => toPlainText(editor.doc) === 'Day 1: great.\nDay 2: rain.\n', 'the collaborator sees the JSON patch');
    const v2 = ((await patched.json()) as { version: string }).version;

    const failingTest = [{ op: 'test', path: '/content/0/content/0/text', value: 'Day 1: fine.' }];
    expect((await call('/docs/cron-log/content', writer, { method: 'PATCH', body: { format: 'json', content: failingTest, baseVersion: v2 } })).status).toBe(409);
    expect((await call('/docs/cron-log/content', writer, { method: 'PATCH', body: { format: 'json', content: [{ op: 'nope', path: '/x' }], baseVersion: v2 } })).status).toBe(400);
    expect((await call('/docs/cron-log/content', writer, { method: 'PATCH', body: { format: 'json', content: [] } })).status).toBe(400);

    const md = await (await call('/docs/cron-log/content?format=md', writer)).text();
    const diff = createPatch('doc.md', md, md.replace('Day 2: **rain**.', 'Day 2: **snow**.'));
    const mdPatched = await call('/docs/cron-log/content', writer, { method: 'PATCH', body: { format: 'md', content: diff, baseVersion: v2 } });
    expect(mdPatched.status).toBe(200);
    await waitFor(() => toPlainText(editor.doc) === 'Day 1: great.\nDay 2: snow.\n', 'the collaborator sees the Markdown patch');
    expect((await call('/docs/cron-log/content', writer, { method: 'PATCH', body: { format: 'md', content: diff, baseVersion: v2 } })).status).toBe(409);
  });

  it('needs write access to change and read access to read', async () => {
    await call('/docs', TEST_ADMIN_TOKEN, { method: 'POST', body: { id: 'cron-guard', format: 'md', content: 'Keep.\n' } });
    expect((await call('/docs/cron-guard/content', reader, { method: 'PUT', body: { format: 'md', content: 'No.\n' } })).status).toBe(403);
    expect((await fetch(`${server.url}/api/docs/cron-guard/content`)).status).toBe(401);
    const other = makeToken({ doc: 'elsewhere', role: 'write' });
    expect((await call('/docs/cron-guard/content', other)).status).toBe(403);
    expect((await call('/docs/cron-guard/content', writer, { method: 'PUT', body: { format: 'md', content: 42 } })).status).toBe(400);
    expect((await call('/docs/cron-guard/content', writer, { method: 'PUT', body: { format: 'rtf', content: 'x' } })).status).toBe(400);
    expect(await (await call('/docs/cron-guard/content?format=txt', reader)).text()).toBe('Keep.\n');
  });
});
