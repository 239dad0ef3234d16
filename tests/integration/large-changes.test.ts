import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { outboxSocketClass } from '@tandem/editor';
import { connectClient, synced, type TestClient, waitFor } from '../helpers/clients.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** A client sending through the editor's outbox (split, paced, role-gated), over Node's `ws`. */
function editorLikeClient(server: TestServer, docId: string, connect = true): TestClient & { closes: number[] } {
  const closes: number[] = [];
  const Socket = outboxSocketClass(WebSocket as unknown as typeof globalThis.WebSocket, { access: () => {}, tooLarge: () => {}, received: () => {} });
  const client = connectClient(server.url, docId, { WebSocketPolyfill: Socket as never, connect });
  client.provider.on('connection-close', (event) => {
    if (event) closes.push(event.code); // null: closed here (disconnect, watchdog)
  });
  return Object.assign(client, { closes });
}

function addParagraphs(doc: Y.Doc, count: number, width: number, from = 0): void {
  const fragment = doc.getXmlFragment('prosemirror');
  const blocks = Array.from({ length: count }, (_, k) => {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(`Paragraph ${from + k} `.padEnd(width, 'x'))]);
    return p;
  });
  fragment.insert(fragment.length, blocks);
}

describe('changes larger than a frame reach the server (default frame and byte-rate limits)', () => {
  // one server per test: the 20 MB document keeps a server busy storing it for a while
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.dispose();
  });

  it('stores a 20 MB paste sent in pieces on one connection', { timeout: 240_000 }, async () => {
    const writer = editorLikeClient(server, 'big-20mb');
    try {
      await synced(writer);
      addParagraphs(writer.doc, 100_000, 200);
      const size = Y.encodeStateAsUpdate(writer.doc).length;
      expect(size).toBeGreaterThan(20_000_000);
      await waitFor(() => (server.sync.room('big-20mb')?.stateVector().length ?? 0) > 0 && Y.encodeStateVector(writer.doc).toString() === server.sync.room('big-20mb')!.stateVector().toString(), 'the server has it all', 220_000);
      expect(writer.closes).toEqual([]);
      expect(writer.provider.wsUnsuccessfulReconnects).toBe(0);
      await server.sync.flush();
      const copy = await server.sync.snapshot('big-20mb');
      expect(copy!.getXmlFragment('prosemirror').length).toBe(100_000);
      copy!.destroy();
    } finally {
      writer.destroy();
    }
  });

  it('delivers a long offline session (3 MB in 3,000 edits) once back online', { timeout: 120_000 }, async () => {
    const writer = editorLikeClient(server, 'offline-long');
    const reader = connectClient(server.url, 'offline-long');
    try {
      await Promise.all([synced(writer), synced(reader)]);
      writer.provider.disconnect();
      for (let i = 0; i < 3000; i++) addParagraphs(writer.doc, 1, 1000, i);
      expect(Y.encodeStateAsUpdate(writer.doc).length).toBeGreaterThan(3_000_000);
      writer.provider.connect();
      await waitFor(() => reader.doc.getXmlFragment('prosemirror').length === 3000, 'the other client has the offline work', 100_000);
      expect(writer.closes).toEqual([]);
    } finally {
      writer.destroy();
      reader.destroy();
    }
  });
});
