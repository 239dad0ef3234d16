import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, synced, waitFor } from '../../helpers/clients.js';
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

/** A masked binary frame (mask 0) holding a sync step 1 with an empty state vector: "send me everything". */
const ASK_FOR_EVERYTHING = Buffer.from([0x82, 0x80 | 4, 0, 0, 0, 0, 0, 0, 1, 0]);

/** A stored document of `pieces` paragraphs of `size` characters, each typed at the start (separate structs). */
function largeDocument(pieces: number, size: number): Uint8Array {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  for (let i = 0; i < pieces; i++) text.insert(0, String.fromCharCode(97 + (i % 26)).repeat(size));
  return Y.encodeStateAsUpdate(doc);
}

describe('heartbeat of a socket that is reading', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.dispose();
    server = null;
  });

  it('keeps a joiner that is still reading a large answer (its pong behind the answer), and closes it once it stops reading', { timeout: 60_000 }, async () => {
    const interval = 500;
    server = await startTestServer({ PING_INTERVAL: `${interval}ms` });
    const answer = largeDocument(500, 60_000); // 30 MB: more than the kernel's buffers and what the peer reads
    await server.store.append('big-read', [answer]);
    // A first client loads it, so its answer is made (once, shared by every joiner) before the
    // silent peer comes: the peer could not show life while the server prepares it.
    const first = connectClient(server.url, 'big-read');
    await synced(first);
    // A raw peer that never answers pings (it does not parse what it reads) asks for the whole
    // document, then reads it at about 6 MB/s and sends nothing more: only the bytes it takes
    // show it is there.
    const peer = await openSilentPeer(server.port, '/sync/big-read');
    peer.pause();
    peer.write(ASK_FOR_EVERYTHING);
    await waitFor(() => server!.sync.stats().sessions === 2, 'connected');
    let closedAt = 0;
    peer.on('close', () => (closedAt = Date.now()));
    let read = 0;
    let budget = 0;
    peer.on('data', (chunk: Buffer) => {
      read += chunk.length;
      budget -= chunk.length;
      if (budget <= 0) peer.pause();
    });
    const started = Date.now();
    while (Date.now() - started < 6 * interval) {
      budget = 256 * 1024;
      peer.resume();
      await new Promise((r) => setTimeout(r, 40));
    }
    peer.pause();
    expect(read).toBeGreaterThan(1_000_000); // it did read, for six intervals
    expect(read).toBeLessThan(answer.length - 8_000_000); // and much was still to come
    expect(closedAt).toBe(0);
    expect(server.sync.stats().sessions).toBe(2);
    // It stops reading: once the kernel's buffers are full nothing moves, and it is closed.
    const stoppedAt = Date.now();
    // (the paused peer does not read the server's close: count the server's sessions instead)
    await waitFor(() => server!.sync.stats().sessions === 1, 'closed once it stopped reading', 20_000);
    expect(Date.now() - stoppedAt).toBeLessThan(15_000);
    expect(first.text.length).toBe(500 * 60_000); // the first client stays, with everything
    first.destroy();
    peer.destroy();
  });
});
