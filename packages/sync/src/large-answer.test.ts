import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readMessage, writeSyncStep1, writeUpdate } from '@tandem/protocol';
import { createMemoryStore } from '@tandem/store';
import type { Connection } from './connection.js';
import { createSyncServer } from './sync-server.js';
import { until } from './testing/peer-client.js';

/** A connection whose socket holds `buffered` bytes until the test drains it. */
function socket(): Connection & { frames: Uint8Array[]; buffered: number; closedWith: number | null } {
  const conn = {
    frames: [] as Uint8Array[],
    buffered: 0,
    closedWith: null as number | null,
    send(frame: Uint8Array) {
      conn.frames.push(frame);
      conn.buffered += frame.length;
    },
    close(code: number) {
      conn.closedWith = code;
    },
    get bufferedAmount() {
      return conn.buffered;
    },
  };
  return conn;
}

/** A document of `paragraphs` lines typed by two clients, with deletions: about 60 bytes a line, each its own struct (typed at the start). */
function bigDoc(paragraphs: number): Uint8Array {
  const a = new Y.Doc();
  const b = new Y.Doc();
  for (let i = 0; i < paragraphs; i++) a.getText('t').insert(0, `line ${i} from a, some words to make it longer\n`);
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  for (let i = 0; i < paragraphs; i += 7) b.getText('t').insert(i * 3, `b${i} `);
  b.getText('t').delete(100, 5000);
  return Y.encodeStateAsUpdate(b);
}

const PIECE = 8 * 1024;

async function serverWith(update: Uint8Array, answerStallMs = 10_000) {
  const sync = createSyncServer({ store: createMemoryStore(), answerPieceBytes: PIECE, answerStallMs });
  const writer = sync.connect(socket(), { docId: 'big' });
  await sync.room('big')!.ready;
  writer.receive(writeUpdate(update));
  await sync.flush();
  return sync;
}

const step2 = (frames: Uint8Array[]) => frames.filter((f) => readMessage(f).type === 'sync-step2');

describe('a large sync answer', () => {
  it('goes out as update pieces of about answerPieceBytes with the sync step 2 last, which rebuild the document', async () => {
    const update = bigDoc(3000);
    expect(update.length).toBeGreaterThan(15 * PIECE);
    const sync = await serverWith(update);
    const joiner = socket();
    sync.connect(joiner, { docId: 'big' }).receive(writeSyncStep1(new Uint8Array([0])));
    const doc = new Y.Doc();
    let applied = 0;
    await until(() => {
      joiner.buffered = 0; // the peer reads everything at once
      return step2(joiner.frames).length === 1;
    }, 'the whole answer');
    const answer = joiner.frames.filter((f) => ['sync-step2', 'sync-update'].includes(readMessage(f).type));
    expect(answer.length).toBeGreaterThan(10);
    expect(readMessage(answer.at(-1)!).type).toBe('sync-step2');
    for (const frame of answer) {
      const m = readMessage(frame);
      if (m.type !== 'sync-step2' && m.type !== 'sync-update') continue;
      expect(m.update.length).toBeLessThanOrEqual(PIECE);
      Y.applyUpdate(doc, m.update);
      applied++;
    }
    expect(applied).toBe(answer.length);
    const expected = new Y.Doc();
    Y.applyUpdate(expected, update);
    expect(doc.getText('t').toString()).toBe(expected.getText('t').toString());
    expect(doc.store.pendingStructs).toBeNull();
  });

  it('waits for the socket to drain between pieces, shares the pieces between joiners, and closes a socket that never drains', async () => {
    const sync = await serverWith(bigDoc(3000), 300); // a stall of 300 ms closes
    const [a, b] = [socket(), socket()];
    sync.connect(a, { docId: 'big' }).receive(writeSyncStep1(new Uint8Array([0])));
    sync.connect(b, { docId: 'big' }).receive(writeSyncStep1(new Uint8Array([0])));
    await until(() => a.buffered > 4 * PIECE && b.buffered > 4 * PIECE, 'the first pieces');
    await new Promise((r) => setTimeout(r, 50));
    const sentToA = a.frames.length;
    expect(a.buffered).toBeLessThanOrEqual(5 * PIECE + 64); // at most the window and one piece
    // b reads as it goes; a never does
    await until(() => {
      b.buffered = 0;
      return step2(b.frames).length === 1;
    }, 'b to get the whole answer');
    expect(a.frames.length).toBe(sentToA);
    const piecesOf = (c: { frames: Uint8Array[] }) => c.frames.filter((f) => readMessage(f).type === 'sync-update');
    for (const [i, frame] of piecesOf(a).entries()) expect(frame).toBe(piecesOf(b)[i]); // the same bytes, not copies
    await until(() => a.closedWith !== null, 'the stuck reader to be closed');
    expect(a.closedWith).toBe(1013);
    expect(step2(a.frames)).toHaveLength(0);
  });
});
