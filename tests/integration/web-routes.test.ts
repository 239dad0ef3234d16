import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, synced, type TestClient, waitFor } from '../helpers/clients.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('the server serves the web app and the recent-documents API', () => {
  let server: TestServer;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server.dispose();
  });

  it('embeds the demo page on the document asked for when its id is valid (the protocol rule: not only dots)', async () => {
    const docOf = async (query: string) => /<tandem-editor doc="([^"]*)"/.exec(await (await fetch(`${server.url}/embed-demo${query}`)).text())?.[1];
    expect(await docOf('?doc=team.notes')).toBe('team.notes');
    expect(await docOf('?doc=..')).toBe('embed-demo');
    expect(await docOf('?doc=a%2Fb')).toBe('embed-demo');
    expect(await docOf('')).toBe('embed-demo');
  });

  it('answers / and /d/:docId with the app page, and its assets with long caching', async () => {
    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/text\/html/);
    expect(home.headers.get('cache-control')).toBe('no-cache');
    const html = await home.text();
    expect(html).toContain('<div id="app"></div>');
    for (const path of ['/d/some-doc', '/d/some-doc/', '/d/a.b_c-d']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toBe(html);
    }
    expect((await fetch(`${server.url}/d/bad%20id`)).status).toBe(404);
    expect((await fetch(`${server.url}/d/a/b`)).status).toBe(404);
    expect((await fetch(`${server.url}/nothing-here`)).status).toBe(404);

    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(`${server.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
    const sw = await fetch(`${server.url}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
  });

  it('lists recent documents with their shared title, or their first line', async () => {
    const titled = connectClient(server.url, 'with-title');
    const untitled = connectClient(server.url, 'no-title');
    clients.push(titled, untitled);
    await Promise.all([synced(titled), synced(untitled)]);
    titled.doc.getMap('meta').set('title', 'Quarterly plan');
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('First line of text')]);
    untitled.doc.getXmlFragment('prosemirror').insert(0, [paragraph]);
    await waitFor(() => server.sync.room('no-title')?.doc.getXmlFragment('prosemirror').length === 1, 'update relayed');
    await server.sync.flush();

    const res = await fetch(`${server.url}/api/recent?limit=10`);
    const { docs } = (await res.json()) as { docs: { id: string; title: string; preview: string; updatedAt: string }[] };
    const byId = Object.fromEntries(docs.map((d) => [d.id, d]));
    expect(byId['with-title']).toMatchObject({ title: 'Quarterly plan', preview: '' });
    expect(byId['no-title']).toMatchObject({ title: '', preview: 'First line of text' });
    expect(Number.isNaN(Date.parse(byId['no-title']!.updatedAt))).toBe(false);

    // also once the rooms are unloaded: read from the store
    for (const c of clients) c.provider.disconnect();
    await waitFor(() => server.sync.stats().rooms === 0, 'rooms unloaded');
    const again = (await (await fetch(`${server.url}/api/recent`)).json()) as { docs: { id: string; title: string }[] };
    expect(again.docs.find((d) => d.id === 'with-title')?.title).toBe('Quarterly plan');
    const one = (await (await fetch(`${server.url}/api/recent?limit=1`)).json()) as { docs: unknown[] };
    expect(one.docs.length).toBe(1);
  });
});
