import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toPlainText, toProseMirrorJSON } from '@tandem/history';
import { getTitle } from '@tandem/document';
import { connectClient, synced, type TestClient } from '../helpers/clients.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const rich = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Plan' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Read ' },
        { type: 'text', text: 'this', marks: [{ type: 'strong' }, { type: 'em' }] },
        { type: 'text', text: ' guide', marks: [{ type: 'link', attrs: { href: 'https://example.com/g', title: null } }] },
      ],
    },
    {
      type: 'ordered_list',
      attrs: { order: 1 },
      content: [
        { type: 'list_item', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }] },
        { type: 'list_item', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'two' }] }] },
      ],
    },
    { type: 'code_block', content: [{ type: 'text', text: 'npm test' }] },
  ],
};

describe('import and export', () => {
  let server: TestServer;
  let clients: TestClient[] = [];
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    for (const c of clients) c.destroy();
    clients = [];
    await server.dispose();
  });
  const api = (path: string, init?: RequestInit) => fetch(`${server.url}/api${path}`, init);

  it('seeds an imported document once: two clients connecting see it exactly once', async () => {
    const res = await api('/docs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Imported plan', content: rich }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const a = connectClient(server.url, id);
    const b = connectClient(server.url, id);
    clients.push(a, b);
    await Promise.all([synced(a), synced(b)]);
    await new Promise((r) => setTimeout(r, 100));
    expect(toProseMirrorJSON(a.doc)).toEqual(rich);
    expect(toProseMirrorJSON(b.doc)).toEqual(rich);
    expect(toPlainText(a.doc)).toBe('Plan\nRead this guide\none\ntwo\nnpm test\n');
    expect(getTitle(a.doc)).toBe('Imported plan');
  });

  it('round-trips export then import in json and yjs', async () => {
    await api('/docs/source/import?format=json', { method: 'POST', body: JSON.stringify(rich) });
    const json = (await (await api('/docs/source/export?format=json')).json()) as { content: unknown };
    expect(json.content).toEqual(rich);
    expect((await api('/docs/copy/import', { method: 'POST', body: JSON.stringify(json.content) })).status).toBe(201);
    const yjs = new Uint8Array(await (await api('/docs/source/export?format=yjs')).arrayBuffer());
    expect((await api('/docs/copy2/import?format=yjs', { method: 'POST', body: yjs })).status).toBe(201);
    for (const id of ['copy', 'copy2']) {
      const back = (await (await api(`/docs/${id}/export?format=json`)).json()) as { content: unknown };
      expect(back.content, id).toEqual(rich);
    }
  });

  it('round-trips through Markdown and HTML exports and imports', async () => {
    await api('/docs/src/import?format=json', { method: 'POST', body: JSON.stringify(rich) });
    const md = await (await api('/docs/src/export?format=md')).text();
    const html = await (await api('/docs/src/export?format=html')).text();
    expect((await api('/docs/from-md/import?format=md', { method: 'POST', body: md })).status).toBe(201);
    expect((await api('/docs', { method: 'POST', body: JSON.stringify({ id: 'from-html', format: 'html', content: html }) })).status).toBe(201);
    for (const id of ['from-md', 'from-html']) {
      const back = (await (await api(`/docs/${id}/export?format=json`)).json()) as { content: unknown };
      expect(back.content, id).toEqual(rich);
    }
    expect((await api('/docs', { method: 'POST', body: JSON.stringify({ format: 'md', content: 42 }) })).status).toBe(400);
  });

  it('exports Markdown and HTML downloads', async () => {
    await api('/docs', { method: 'POST', body: JSON.stringify({ id: 'mdhtml', title: 'Plan', content: rich }) });
    const md = await api('/docs/mdhtml/export?format=md');
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    // named after the title; the title heads the Markdown (here the text already starts with it)
    expect(md.headers.get('content-disposition')).toBe(`attachment; filename="Plan.md"; filename*=UTF-8''Plan.md`);
    expect(await md.text()).toBe(
      '# Plan\n\nRead ***this***[ guide](https://example.com/g)\n\n1. one\n2. two\n\n```\nnpm test\n```\n',
    );
    await api('/docs', { method: 'POST', body: JSON.stringify({ id: 'titled', title: 'Q3 / Plan: draft', content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Body.' }] }] } }) });
    const titled = await api('/docs/titled/export?format=md');
    expect(titled.headers.get('content-disposition')).toBe(`attachment; filename="Q3 Plan draft.md"; filename*=UTF-8''Q3%20Plan%20draft.md`);
    expect(await titled.text()).toBe('# Q3 / Plan: draft\n\nBody.\n');
    const html = await (await api('/docs/mdhtml/export?format=html')).text();
    expect(html).toContain('<title>Plan</title>');
    expect(html).toContain('<h1>Plan</h1>');
    expect(html).toContain('<ol><li><p>one</p></li><li><p>two</p></li></ol>');
  });

  it('refuses taken ids and content that is not a document', async () => {
    const body = JSON.stringify(rich);
    expect((await api('/docs/taken/import', { method: 'POST', body })).status).toBe(201);
    expect((await api('/docs/taken/import', { method: 'POST', body })).status).toBe(409);
    expect((await api('/docs', { method: 'POST', body: JSON.stringify({ id: 'taken', content: rich }) })).status).toBe(409);
    expect((await api('/docs/bad/import', { method: 'POST', body: '{"type":"nope"}' })).status).toBe(400);
    expect((await api('/docs/bad/import', { method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await api('/docs/bad/import?format=yjs', { method: 'POST', body: new Uint8Array([9, 9, 9]) })).status).toBe(400);
    expect((await api('/docs/bad/import?format=docx', { method: 'POST', body })).status).toBe(400);
    expect((await api('/docs/bad')).status).toBe(404);
  });
});
