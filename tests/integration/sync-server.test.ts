import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, synced, type TestClient, waitFor } from '../helpers/clients.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { upgradeStatus as rawUpgradeStatus } from '../helpers/sockets.js';

describe('sync server with the stock y-websocket client', () => {
  let server: TestServer;
  let clients: TestClient[] = [];
  const client = (docId: string) => {
    const c = connectClient(server.url, docId);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    for (const c of clients) c.destroy();
    clients = [];
    await server.dispose();
  });

  it('makes two clients converge', async () => {
    const a = client('doc-1');
    const b = client('doc-1');
    await Promise.all([synced(a), synced(b)]);
    a.text.insert(0, 'hello ');
    b.text.insert(0, 'world ');
    await waitFor(() => a.text.toString() === b.text.toString() && a.text.length === 12, 'convergence');
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
  });

  it('relays awareness and removes it when the peer disconnects', async () => {
    const a = client('doc-aw');
    const b = client('doc-aw');
    await Promise.all([synced(a), synced(b)]);
    a.provider.awareness.setLocalStateField('user', { name: 'Ada' });
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === 'Ada', 'awareness');
    a.provider.disconnect();
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'awareness removal', 5_000);
  });

  it('keeps documents isolated', async () => {
    const a = client('doc-a');
    const b = client('doc-b');
    await Promise.all([synced(a), synced(b)]);
    a.text.insert(0, 'only in a');
    const a2 = client('doc-a');
    await waitFor(() => a2.text.toString() === 'only in a', 'second client of doc-a');
    expect(b.text.toString()).toBe('');
  });

  it('unloads a room after the last client leaves and reloads the same content', async () => {
    const a = client('doc-unload');
    await synced(a);
    a.text.insert(0, 'persisted');
    await waitFor(() => server.sync.room('doc-unload') !== undefined);
    await server.sync.flush();
    a.provider.disconnect();
    await waitFor(() => server.sync.room('doc-unload') === undefined, 'unload');
    expect(server.sync.stats()).toEqual({ rooms: 0, sessions: 0 });
    const b = client('doc-unload');
    await synced(b);
    expect(b.text.toString()).toBe('persisted');
  });

  it('answers health and document API requests', async () => {
    const a = client('api-doc');
    await synced(a);
    a.text.insert(0, 'abc');
    await waitFor(() => server.sync.room('api-doc') !== undefined);
    await server.sync.flush();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', rooms: 1, sessions: 1 });
    const list = (await (await fetch(`${server.url}/api/docs`)).json()) as { docs: { id: string; size: number }[] };
    expect(list.docs.map((d) => d.id)).toEqual(['api-doc']);
    expect(list.docs[0]!.size).toBeGreaterThan(0);
    const one = await fetch(`${server.url}/api/docs/api-doc`);
    expect(await one.json()).toMatchObject({ id: 'api-doc', connections: 1 });
    expect((await fetch(`${server.url}/api/docs/unknown`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/docs/bad%20id`)).status).toBe(400);
  });

  it('reports 503 on /healthz when the store no longer answers', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await server.store.close();
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable' });
  });

  it('refuses invalid document ids with 400 at the upgrade', async () => {
    const upgradeStatus = (path: string) => rawUpgradeStatus(server.port, path);
    for (const id of ['..', '../x', '%2e%2e', 'a%20b', 'x'.repeat(129), 'a%00b', '%E0%A4%A', 'x'.repeat(10_000)]) {
      expect(await upgradeStatus(`/sync/${id}`), id).toBe(400);
    }
    expect(await upgradeStatus('/sync/fine-id')).toBe(101);
    await waitFor(() => server.sync.stats().sessions === 0, 'probe socket closed');
    expect((await server.store.list()).length).toBe(0);
  });
});
