import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CONTENT_FRAGMENT } from '@tandem/document';
import { startTestServer, type TestServer } from '../../helpers/server.js';

/** Puts an image pointing at `url` at the end of the document (as the editor would). */
function imageElement(url: string): Y.XmlElement {
  const el = new Y.XmlElement('image');
  el.setAttribute('src', url);
  return el;
}

describe('unreferenced files are collected after the trash retention', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ TRASH_RETENTION: '300ms' });
    expect((await fetch(`${server.url}/api/docs`, { method: 'POST', body: JSON.stringify({ id: 'gc', format: 'md', content: 'text' }) })).status).toBe(201);
  });
  afterAll(async () => {
    await server.dispose();
  });

  const upload = async (name: string) => {
    const res = await fetch(`${server.url}/api/docs/gc/files?name=${name}`, { method: 'POST', body: `content of ${name}` });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; url: string };
  };

  it('keeps what the document or one of its versions points at, and what is newer than the retention', async () => {
    const [inDoc, inVersion, orphan] = [await upload('in-doc'), await upload('in-version'), await upload('orphan')];
    await server.sync.change('gc', (doc) => doc.getXmlFragment(CONTENT_FRAGMENT).push([imageElement(inDoc.url), imageElement(inVersion.url)]));
    expect((await fetch(`${server.url}/api/docs/gc/versions`, { method: 'POST', body: JSON.stringify({ label: 'with both' }) })).status).toBe(201);
    await server.sync.change('gc', (doc) => doc.getXmlFragment(CONTENT_FRAGMENT).delete(2, 1)); // drop the second image
    expect(await server.fileSweeper!.sweep()).toEqual([]); // all younger than the retention
    await new Promise((r) => setTimeout(r, 400));
    const fresh = await upload('fresh');
    expect(await server.fileSweeper!.sweep()).toEqual([`gc/${orphan.id}`]);
    const left = (await server.blobs.list('gc')).map((f) => f.id).sort();
    expect(left).toEqual([inDoc.id, inVersion.id, fresh.id].sort());
    expect((await fetch(server.url + orphan.url)).status).toBe(404);
    expect((await fetch(server.url + inVersion.url)).status).toBe(200);
  });

  it('collects the files of a document purged from the trash', async () => {
    expect((await fetch(`${server.url}/api/docs`, { method: 'POST', body: JSON.stringify({ id: 'gone', format: 'md', content: 'x' }) })).status).toBe(201);
    const res = await fetch(`${server.url}/api/docs/gone/files?name=a.txt`, { method: 'POST', body: 'a' });
    const { url } = (await res.json()) as { url: string };
    await server.sync.change('gone', (doc) => doc.getXmlFragment(CONTENT_FRAGMENT).push([imageElement(url)]));
    expect((await fetch(`${server.url}/api/docs/gone`, { method: 'DELETE' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    await server.store.delete('gone'); // what the trash purger does after the retention
    expect(await server.fileSweeper!.sweep()).toContain(`gone/${url.split('/').pop()}`);
    expect(await server.blobs.list('gone')).toEqual([]);
  });
});
