import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeUpdate } from '@tandem/protocol';
import { connectClient, synced, waitFor } from '../../helpers/clients.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { makeToken, openRaw, TEST_SECRET } from '../../helpers/sockets.js';

describe('read-only connections', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_SECRET: TEST_SECRET });
  });
  afterAll(async () => {
    await server.dispose();
  });

  it("sync and share presence, but a reader's edit never reaches a writer, the store or a later client", async () => {
    const docId = 'ro-doc';
    const writer = connectClient(server.url, docId, { params: { token: makeToken({ doc: docId, role: 'write' }) } });
    const reader = connectClient(server.url, docId, { params: { token: makeToken({ doc: docId, role: 'read' }) } });
    try {
      await Promise.all([synced(writer), synced(reader)]);
      writer.text.insert(0, 'from writer');
      await waitFor(() => reader.text.toString() === 'from writer', 'reader sees the writer');

      reader.provider.awareness.setLocalStateField('cursor', { at: 3 });
      await waitFor(() => writer.provider.awareness.getStates().get(reader.doc.clientID)?.cursor?.at === 3, 'reader presence');

      reader.text.insert(0, 'EVIL ');
      // A raw reader also pushes an update frame directly, bypassing the client library.
      const evil = new Y.Doc();
      evil.getText('t').insert(0, 'RAW EVIL');
      const raw = await openRaw(server.url, docId, { token: makeToken({ doc: docId, role: 'read' }) });
      raw.ws.send(writeUpdate(Y.encodeStateAsUpdate(evil)));

      writer.text.insert(writer.text.length, '!');
      await waitFor(() => reader.text.toString().endsWith('!'), 'a later writer edit arrives');
      await server.sync.flush();
      expect(writer.text.toString()).toBe('from writer!');
      expect(raw.ws.readyState).toBe(raw.ws.OPEN); // dropped, not an error

      const stored = await server.store.load(docId);
      const check = new Y.Doc();
      for (const u of stored!.updates) Y.applyUpdate(check, u);
      expect(check.getText('t').toString()).toBe('from writer!');

      const later = connectClient(server.url, docId, { params: { token: makeToken({ doc: docId, role: 'write' }) } });
      await synced(later);
      expect(later.text.toString()).toBe('from writer!');
      later.destroy();
      raw.ws.close();
    } finally {
      writer.destroy();
      reader.destroy();
    }
  });
});
