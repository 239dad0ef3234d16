import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CONTENT_FRAGMENT, getTitle } from '@tandem/document';
import { toPlainText } from '@tandem/history';
import { connectClient, synced, type TestClient, waitFor } from '../helpers/clients.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

function writeParagraph(doc: Y.Doc, text: string) {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.insert(0, text);
  p.insert(0, [t]);
  doc.getXmlFragment(CONTENT_FRAGMENT).push([p]);
}

const text = (c: TestClient) => toPlainText(c.doc);

describe('document lifecycle over the REST API', () => {
  let server: TestServer;
  let clients: TestClient[] = [];
  const client = (id: string) => {
    const c = connectClient(server.url, id);
    clients.push(c);
    return c;
  };
  const api = (path: string, init?: RequestInit) => fetch(`${server.url}/api${path}`, init);
  const post = (path: string, body: unknown) =>
    api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  afterEach(async () => {
    for (const c of clients) c.destroy();
    clients = [];
    await server?.dispose();
  });

  it('names, lists, reads and restores versions while collaborators stay online', async () => {
    server = await startTestServer({ VERSION_SETTLE: '1h' });
    const a = client('hist');
    const b = client('hist');
    await Promise.all([synced(a), synced(b)]);
    writeParagraph(a.doc, 'First draft');
    await waitFor(() => text(b) === 'First draft\n', 'b sees the draft');

    const named = await post('/docs/hist/versions', { label: 'Draft 1', author: 'Ada' });
    expect(named.status).toBe(201);
    const v1 = (await named.json()) as { id: string; label: string; kind: string };
    expect(v1).toMatchObject({ label: 'Draft 1', kind: 'named' });

    writeParagraph(b.doc, 'Second thoughts');
    await waitFor(() => text(a) === 'First draft\nSecond thoughts\n', 'a sees more');

    const list = (await (await api('/docs/hist/versions')).json()) as { versions: { id: string }[] };
    expect(list.versions.map((v) => v.id)).toEqual([v1.id]);
    const asJson = (await (await api(`/docs/hist/versions/${v1.id}?format=json`)).json()) as { content: unknown };
    expect(asJson.content).toEqual({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'First draft' }] }] });
    expect(await (await api(`/docs/hist/versions/${v1.id}?format=txt`)).text()).toBe('First draft\n');
    expect((await api(`/docs/hist/versions/${v1.id}?format=pdf`)).status).toBe(400);
    expect((await api('/docs/hist/versions/999')).status).toBe(404);

    const restore = await post(`/docs/hist/versions/${v1.id}/restore`, { author: 'Bob' });
    expect(restore.status).toBe(200);
    const result = (await restore.json()) as { before: { id: string; kind: string } };
    expect(result.before.kind).toBe('pre-restore');
    await waitFor(() => text(a) === 'First draft\n' && text(b) === 'First draft\n', 'both receive the restore');
    const before = await (await api(`/docs/hist/versions/${result.before.id}?format=txt`)).text();
    expect(before).toBe('First draft\nSecond thoughts\n');
    // they keep working on top of it
    writeParagraph(a.doc, 'After restore');
    await waitFor(() => text(b) === 'First draft\nAfter restore\n', 'editing continues');
    expect(await (await api('/docs/hist/export?format=txt')).text()).toBe('First draft\nAfter restore\n');
  });

  it('keeps an automatic version when the last collaborator leaves', async () => {
    server = await startTestServer({ VERSION_SETTLE: '1h' });
    const a = client('auto');
    await synced(a);
    a.provider.awareness.setLocalStateField('user', { name: 'Ada', color: '#c00' });
    await waitFor(() => server.sync.room('auto')?.awareness.size === 1, 'presence reached the server');
    writeParagraph(a.doc, 'Hello');
    await waitFor(() => server.sync.room('auto') !== undefined);
    await server.sync.flush();
    a.provider.disconnect();
    await waitFor(() => server.sync.room('auto') === undefined, 'unload');
    const list = (await (await api('/docs/auto/versions')).json()) as { versions: { kind: string; authors: string[] }[] };
    expect(list.versions.map((v) => [v.kind, v.authors])).toEqual([['auto', ['Ada']]]);
  });

  it('renames a document for everyone online', async () => {
    server = await startTestServer();
    const a = client('named');
    await synced(a);
    writeParagraph(a.doc, 'x');
    await waitFor(() => server.sync.room('named') !== undefined);
    await server.sync.flush();
    const res = await api('/docs/named', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Quarterly plan' }),
    });
    expect(res.status).toBe(200);
    await waitFor(() => getTitle(a.doc) === 'Quarterly plan', 'title arrives');
    expect((await api('/docs/unknown-doc', { method: 'PATCH', body: '{"title":"x"}' })).status).toBe(404);
  });

  it('soft-deletes (disconnecting everyone), restores, and purges after the retention', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tandem-trash-'));
    try {
      server = await startTestServer({ TRASH_RETENTION: '1h' }, dataDir);
      const a = client('bin');
      await synced(a);
      writeParagraph(a.doc, 'precious');
      await waitFor(() => server.sync.room('bin') !== undefined);
      await server.sync.flush();
      const closes: number[] = [];
      a.provider.on('connection-close', (e: { code: number } | null) => e && closes.push(e.code));

      const del = await api('/docs/bin', { method: 'DELETE' });
      expect(del.status).toBe(200);
      await waitFor(() => closes.includes(4404), 'client told the doc is gone');
      a.provider.disconnect();
      expect((await api('/docs')).ok).toBe(true);
      expect(((await (await api('/docs')).json()) as { docs: unknown[] }).docs).toEqual([]);
      expect(((await (await api('/recent')).json()) as { docs: unknown[] }).docs).toEqual([]);
      expect((await api('/docs/bin')).status).toBe(404);
      const trash = (await (await api('/trash')).json()) as { docs: { id: string }[] };
      expect(trash.docs.map((d) => d.id)).toEqual(['bin']);
      const refused = connectClient(server.url, 'bin');
      clients.push(refused);
      await new Promise((r) => setTimeout(r, 300));
      expect(refused.provider.synced).toBe(false);
      refused.provider.disconnect();

      expect((await post('/docs/bin/restore', {})).status).toBe(200);
      const back = client('bin');
      await synced(back);
      expect(text(back)).toBe('precious\n');
      back.provider.disconnect();

      // delete again, then restart with a retention that has passed: gone for good
      expect((await api('/docs/bin', { method: 'DELETE' })).status).toBe(200);
      await server.close();
      server = await startTestServer({ TRASH_RETENTION: '0s' }, dataDir);
      let purged = false;
      for (let i = 0; i < 100 && !purged; i++) {
        purged = ((await (await api('/trash')).json()) as { docs: unknown[] }).docs.length === 0;
        if (!purged) await new Promise((r) => setTimeout(r, 20));
      }
      expect(purged).toBe(true);
      expect((await api('/docs/bin')).status).toBe(404);
      expect(await server.store.load('bin')).toBeNull();
      expect((await post('/docs/bin/restore', {})).status).toBe(404);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
