import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { readMessage, writeUpdate } from '@tandem/protocol';
import { splitUpdate } from '@tandem/protocol/split-update';
import { connectClient, synced, waitFor } from '../helpers/clients.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** Node's `ws` that records the type of every message it receives (a stock client's socket). */
class CountingSocket extends WebSocket {
  static readonly types: string[] = [];
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols);
    this.on('message', (data: Buffer) => CountingSocket.types.push(readMessage(new Uint8Array(data)).type));
  }
}

/**
 * A document of many small structs from two clients (paragraphs typed at the start), about `bytes`
 * long: the first client's writing, then the second's edit of it (each applies on its own in that
 * order, as two writers' updates reach a server).
 */
function manyStructs(bytes: number): { whole: Uint8Array; parts: Uint8Array[] } {
  const a = new Y.Doc();
  const text = a.getText('t');
  for (let i = 0; Y.encodeStateAsUpdate(a).length < bytes; i++) {
    a.transact(() => {
      for (let k = 0; k < 2000; k++) text.insert(0, `line ${i}.${k} of a long document\n`);
    });
  }
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  b.getText('t').delete(50, 10_000);
  b.getText('t').insert(1000, 'pasted '.repeat(50_000)); // one struct larger than a piece
  const first = Y.encodeStateAsUpdate(a);
  return { whole: Y.encodeStateAsUpdate(b), parts: [first, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))] };
}

describe('a large document reaches a stock y-websocket client in several messages', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MAX_FRAME_BYTES: String(4 << 20), MAX_BYTES_PER_SECOND: String(64 << 20) });
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('sends a 1.2 MB answer as pieces (the sync step 2 last) that the stock client applies into the whole document', { timeout: 240_000 }, async () => {
    const { whole: update, parts } = manyStructs(1_200_000);
    const raw = new WebSocket(`${server.url.replace(/^http/, 'ws')}/sync/big-answer`);
    await new Promise((r, j) => raw.once('open', r).once('error', j));
    let closedWith: number | null = null;
    raw.on('close', (code) => (closedWith = code));
    // pieces of each writer's update in order: none waits for a later one (the room's waiting budget is 1 MiB)
    for (const part of parts) for (const piece of splitUpdate(part, 500_000)) raw.send(writeUpdate(piece));
    const expected = new Y.Doc();
    Y.applyUpdate(expected, update);
    await waitFor(() => closedWith !== null || server.sync.room('big-answer')?.stateVector().toString() === Y.encodeStateVector(expected).toString(), 'the server to hold it', 150_000);
    expect(closedWith).toBeNull();
    await server.sync.flush();
    raw.close();

    const reader = connectClient(server.url, 'big-answer', { WebSocketPolyfill: CountingSocket as never });
    try {
      await synced(reader);
      const answer = CountingSocket.types.filter((t) => t === 'sync-update' || t === 'sync-step2');
      expect(answer.length).toBeGreaterThanOrEqual(4); // 256 KiB pieces
      expect(answer.at(-1)).toBe('sync-step2');
      expect(reader.doc.getText('t').toString()).toBe(expected.getText('t').toString());
      expect(reader.doc.store.pendingStructs).toBeNull();
    } finally {
      reader.destroy();
    }
  });
});
