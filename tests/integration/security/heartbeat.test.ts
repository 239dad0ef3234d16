import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../helpers/clients.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { openSilentPeer } from '../../helpers/sockets.js';

/** The header of one masked binary WebSocket frame of `length` bytes (64-bit length form), mask 0. */
function frameHeader(length: number): Buffer {
  const head = Buffer.alloc(2 + 8 + 4);
  head[0] = 0x82; // FIN + binary
  head[1] = 0x80 | 127; // masked, 64-bit length follows
  head.writeBigUInt64BE(BigInt(length), 2);
  return head; // the 4 mask bytes stay 0, so the payload goes as it is
}

describe('heartbeat', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.dispose();
    server = null;
  });

  it('keeps a socket that is busy sending (its pong stuck behind its own bytes), and closes it once it falls silent', async () => {
    const interval = 200;
    server = await startTestServer({ PING_INTERVAL: `${interval}ms` });
    // A raw peer that never answers pings (it does not parse what the server sends), like a client
    // whose pong waits behind a large upload, trickles one big frame: no message is complete for
    // the whole upload, only bytes arrive.
    const peer = await openSilentPeer(server.port, '/sync/busy');
    await waitFor(() => server!.sync.stats().sessions === 1, 'connected');
    let closedAt = 0;
    peer.on('close', () => (closedAt = Date.now()));
    const payload = 400_000;
    peer.write(frameHeader(payload));
    const chunk = Buffer.alloc(1000, 0);
    let sent = 0;
    const started = Date.now();
    while (Date.now() - started < 6 * interval) {
      peer.write(chunk);
      sent += chunk.length;
      await new Promise((r) => setTimeout(r, 40));
    }
    expect(sent).toBeLessThan(payload); // still mid-frame
    expect(closedAt).toBe(0);
    expect(server.sync.stats().sessions).toBe(1);
    const silentSince = Date.now();
    await waitFor(() => closedAt > 0, 'closed once silent', 5000);
    expect(closedAt - silentSince).toBeLessThanOrEqual(2 * interval + 150);
  });
});
