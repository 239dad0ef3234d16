import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CONTENT_FRAGMENT } from '@tandem/document';
import type { ServerEvent } from '@tandem/server';
import { connectClient, synced, type TestClient, waitFor } from '../helpers/clients.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('the server events bus', () => {
  let server: TestServer;
  let clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients) c.destroy();
    clients = [];
    await server?.dispose();
  });

  it('announces a REST delete with its actor and address, and restore from the trash', async () => {
    server = await startTestServer({ ADMIN_TOKEN: 'x'.repeat(32) });
    const seen: ServerEvent[] = [];
    server.events.on('*', (e) => void seen.push(e));
    const auth = { authorization: `Bearer ${'x'.repeat(32)}`, 'content-type': 'application/json' };
    expect((await fetch(`${server.url}/api/docs`, { method: 'POST', headers: auth, body: JSON.stringify({ id: 'gone', title: 'Plan' }) })).status).toBe(201);
    expect((await fetch(`${server.url}/api/docs/gone`, { method: 'DELETE', headers: auth })).status).toBe(200);
    expect((await fetch(`${server.url}/api/docs/gone/restore`, { method: 'POST', headers: auth })).status).toBe(200);

    const rest = seen.filter((e) => e.type !== 'document.changed');
    expect(rest.map((e) => e.type)).toEqual(['document.created', 'document.deleted', 'document.restored']);
    const deleted = rest[1]!;
    expect(deleted).toMatchObject({ docId: 'gone', actor: { kind: 'token', id: 'admin' }, ip: '127.0.0.1', data: { deletedAt: expect.any(String) } });
    expect(rest[0]).toMatchObject({ data: { source: 'create', title: 'Plan' } });
    expect(rest[2]).toMatchObject({ data: { from: 'trash' } });
    expect(Math.abs(deleted.at - Date.now())).toBeLessThan(10_000);
  });

  it('announces a client-made document once (created) and each stored change', async () => {
    server = await startTestServer();
    const seen: ServerEvent[] = [];
    server.events.on('*', (e) => void seen.push(e));
    const a = connectClient(server.url, 'fresh');
    clients.push(a);
    await synced(a);
    const write = (text: string) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(text)]);
      a.doc.getXmlFragment(CONTENT_FRAGMENT).push([p]);
    };
    write('one');
    await waitFor(() => seen.some((e) => e.type === 'document.changed'), 'first change announced');
    write('two');
    await waitFor(() => seen.filter((e) => e.type === 'document.changed').length >= 2, 'second change announced');
    expect(seen.filter((e) => e.type === 'document.created')).toHaveLength(1);
    expect(seen[0]).toMatchObject({ type: 'document.created', docId: 'fresh', actor: { kind: 'anonymous' }, data: { source: 'sync' } });
  });
});
