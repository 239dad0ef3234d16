import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Person } from '../../helpers/people.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

describe('file access in accounts mode', () => {
  let server: TestServer;
  let ada: Person;
  let bea: Person;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_MODE: 'accounts' });
    ada = new Person(server.url, 'ada@example.com');
    bea = new Person(server.url, 'bea@example.com');
    expect((await ada.setup('Ada')).status).toBe(201);
    await ada.api('PUT', '/api/admin/settings', { signup: 'open' });
    expect((await bea.signup()).status).toBe(201);
  });
  afterAll(async () => {
    await server.dispose();
  });

  /** What the editor's upload does: the bytes as the body, the session cookie, the page's Origin. */
  const upload = (who: Person, docId: string, body: string) =>
    fetch(`${server.url}/api/docs/${docId}/files?name=plan.txt`, {
      method: 'POST',
      body,
      headers: { cookie: who.cookie, origin: server.url, 'content-type': 'application/octet-stream' },
    });
  const download = (who: Person | null, url: string) => fetch(server.url + url, { headers: who ? { cookie: who.cookie } : {} });

  it('serves a file to the owner and to people the document is shared with, and refuses everyone else', async () => {
    const id = await ada.createDoc('Plans');
    const res = await upload(ada, id, 'the secret plan');
    expect(res.status).toBe(201);
    const { url } = (await res.json()) as { url: string };
    expect(await (await download(ada, url)).text()).toBe('the secret plan');
    expect((await download(null, url)).status).toBe(401);
    expect((await download(bea, url)).status).toBe(403);
    expect((await upload(bea, id, 'mine now')).status).toBe(403);
    // another site cannot make a signed-in browser upload (CSRF)
    const forged = await fetch(`${server.url}/api/docs/${id}/files?name=x.txt`, { method: 'POST', body: 'x', headers: { cookie: ada.cookie, origin: 'https://evil.example' } });
    expect(forged.status).toBe(403);

    expect((await ada.api('POST', `/api/docs/${id}/access/members`, { email: 'bea@example.com', role: 'viewer' })).status).toBeLessThan(300);
    expect(await (await download(bea, url)).text()).toBe('the secret plan');
    expect((await upload(bea, id, 'viewer upload')).status).toBe(403);
    expect((await ada.api('POST', `/api/docs/${id}/access/members`, { email: 'bea@example.com', role: 'editor' })).status).toBeLessThan(300);
    expect((await upload(bea, id, 'editor upload')).status).toBe(201);
  });
});
