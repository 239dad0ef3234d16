import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, writeSyncStep1 } from '@tandem/protocol';
import { createMemoryStore } from '@tandem/store';
import { type Connection, createSyncServer } from './index.js';
import { until } from './testing/peer-client.js';

/** A connection whose peer never reads: everything sent stays queued. */
function stuck() {
  const c = {
    queued: 0,
    paused: false,
    closed: null as number | null,
    send(frame: Uint8Array) {
      c.queued += frame.length;
    },
    close(code: number) {
      c.closed = code;
    },
    get bufferedAmount() {
      return c.queued;
    },
    pauseReading() {
      c.paused = true;
    },
    resumeReading() {
      c.paused = false;
    },
  };
  return c satisfies Connection;
}

describe('outbound budgets', () => {
  it('pauses a connection that does not read past half its budget and closes it before it holds more', async () => {
    const store = createMemoryStore();
    const source = new Y.Doc();
    source.getText('t').insert(0, 'x'.repeat(300_000));
    await store.append('big', [Y.encodeStateAsUpdate(source)]);
    const server = createSyncServer({ store, maxBufferedBytes: 1 << 20, slowReaderMs: 200 });
    const conn = stuck();
    const session = server.connect(conn, { docId: 'big' });
    const ask = writeSyncStep1(Y.encodeStateVector(new Y.Doc()));
    for (let i = 0; i < 20; i++) session.receive(ask);
    await until(() => conn.paused, 'input paused');
    expect(conn.queued).toBeLessThanOrEqual(1 << 20);
    await until(() => conn.closed !== null, 'closed');
    expect(conn.closed).toBe(CloseCode.tryAgainLater);
    expect(conn.queued).toBeLessThanOrEqual(1 << 20);
    expect(server.outboundQueued).toBe(0);
  });

  it('keeps the server under its outbound budget however many connections do not read', async () => {
    const store = createMemoryStore();
    const source = new Y.Doc();
    source.getText('t').insert(0, 'y'.repeat(200_000));
    await store.append('doc', [Y.encodeStateAsUpdate(source)]);
    const server = createSyncServer({ store, maxOutboundBytes: 2 << 20 });
    const conns = Array.from({ length: 30 }, () => stuck());
    for (const c of conns) server.connect(c, { docId: 'doc' }).receive(writeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await until(() => conns.filter((c) => c.closed === CloseCode.tryAgainLater).length > 0, 'someone refused');
    expect(server.outboundQueued).toBeLessThanOrEqual(2 << 20);
    const held = conns.filter((c) => c.closed === null).reduce((sum, c) => sum + c.queued, 0);
    expect(held).toBeLessThanOrEqual(2 << 20);
  });
});
