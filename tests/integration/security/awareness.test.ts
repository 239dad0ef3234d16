import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, writeAwareness, writeAwarenessUpdate } from '@tandem/protocol';
import { connectClient, synced, waitFor } from '../../helpers/clients.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { openRaw } from '../../helpers/sockets.js';

describe('awareness ownership and size', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MAX_AWARENESS_BYTES: '1024' });
  });
  afterAll(async () => {
    await server.dispose();
  });

  it("a second connection reusing a client id cannot change or remove the first's presence", async () => {
    const owner = connectClient(server.url, 'aw-spoof');
    const watcher = connectClient(server.url, 'aw-spoof');
    try {
      await Promise.all([synced(owner), synced(watcher)]);
      owner.provider.awareness.setLocalStateField('user', { name: 'Ada' });
      const seen = () => watcher.provider.awareness.getStates().get(owner.doc.clientID);
      await waitFor(() => seen()?.user?.name === 'Ada', 'owner presence');

      const spoofer = await openRaw(server.url, 'aw-spoof');
      const id = owner.doc.clientID;
      spoofer.ws.send(writeAwareness(writeAwarenessUpdate([{ clientId: id, clock: 1_000_000, state: '{"user":{"name":"Mallory"}}' }])));
      spoofer.ws.send(writeAwareness(writeAwarenessUpdate([{ clientId: id, clock: 1_000_001, state: 'null' }])));
      // A marker from the spoofer's own id proves its frames were processed before we look.
      spoofer.ws.send(writeAwareness(writeAwarenessUpdate([{ clientId: 424242, clock: 1, state: '{"marker":true}' }])));
      await waitFor(() => watcher.provider.awareness.getStates().get(424242)?.marker === true, 'spoofer marker');
      expect(seen()?.user?.name).toBe('Ada');
      spoofer.ws.close();
    } finally {
      owner.destroy();
      watcher.destroy();
    }
  });

  it('closes a connection whose awareness update is over the size cap with 1008', async () => {
    const raw = await openRaw(server.url, 'aw-big');
    raw.ws.send(writeAwareness(writeAwarenessUpdate([{ clientId: 7, clock: 1, state: JSON.stringify({ pad: 'x'.repeat(2000) }) }])));
    expect(await raw.closed).toBe(CloseCode.policyViolation);
  });
});
