import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readMessage, writeSyncStep1, writeUpdate } from '@tandem/protocol';
import { createMemoryStore } from '@tandem/store';
import type { Connection } from './connection.js';
import { createSyncServer } from './sync-server.js';
import { until } from './testing/peer-client.js';

/** A connection that keeps every frame the server sends. */
function recorder(): Connection & { frames: Uint8Array[] } {
  const frames: Uint8Array[] = [];
  return { frames, send: (f) => frames.push(f), close: () => {} };
}

const updatesIn = (frames: Uint8Array[]) =>
  frames.map((f) => readMessage(f)).flatMap((m) => (m.type === 'sync-update' ? [m.update] : []));

function typed(count: number, clientId: number): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  for (let i = 0; i < count; i++) doc.getText('t').insert(i, 'x');
  return out;
}

describe('Room relays and joins', () => {
  it('relays the updates stored together as one frame per receiver, never echoing a sender', async () => {
    const sync = createSyncServer({ store: createMemoryStore() });
    const a = recorder();
    const b = recorder();
    const receiver = recorder();
    const sa = sync.connect(a, { docId: 'batch' });
    const sb = sync.connect(b, { docId: 'batch' });
    sync.connect(receiver, { docId: 'batch' });
    await sync.room('batch')!.ready;
    const fromA = typed(50, 1);
    const fromB = typed(50, 2);
    for (let i = 0; i < 50; i++) {
      sa.receive(writeUpdate(fromA[i]!));
      sb.receive(writeUpdate(fromB[i]!));
    }
    await until(() => {
      const doc = new Y.Doc();
      for (const u of updatesIn(receiver.frames)) Y.applyUpdate(doc, u);
      return doc.getText('t').length === 100;
    }, 'every update relayed');
    await sync.flush();
    const received = updatesIn(receiver.frames);
    expect(received.length).toBeLessThan(100); // batches were coalesced
    // each sender got exactly the other's 50 characters, none of its own
    for (const [conn, own, other] of [[a, 1, 2], [b, 2, 1]] as const) {
      const doc = new Y.Doc();
      for (const u of updatesIn(conn.frames)) Y.applyUpdate(doc, u);
      const clients = [...Y.decodeStateVector(Y.encodeStateVector(doc)).keys()];
      expect(clients).toEqual([other]);
      expect(clients).not.toContain(own);
      expect(doc.getText('t').length).toBe(50);
    }
  });

  it("shares one encoded answer among joiners that hold nothing, and re-encodes after a change", async () => {
    const sync = createSyncServer({ store: createMemoryStore() });
    const writer = sync.connect(recorder(), { docId: 'join' });
    const room = sync.room('join')!;
    await room.ready;
    writer.receive(writeUpdate(typed(3, 7)[0]!));
    await sync.flush();
    const empty = Y.encodeStateVector(new Y.Doc());
    const first = room.syncAnswer(empty);
    expect(room.syncAnswer(empty)).toBe(first);
    const joiners = [recorder(), recorder()];
    for (const j of joiners) sync.connect(j, { docId: 'join' }).receive(writeSyncStep1(empty));
    await until(() => joiners.every((j) => j.frames.some((f) => readMessage(f).type === 'sync-step2')), 'both answered');
    const answers = joiners.map((j) => j.frames.find((f) => readMessage(f).type === 'sync-step2'));
    expect(answers[0]).toBe(answers[1]);
    writer.receive(writeUpdate(typed(3, 8)[0]!));
    await sync.flush();
    const after = room.syncAnswer(empty);
    expect(after).not.toBe(first);
    const doc = new Y.Doc();
    expect(after).toHaveLength(1);
    const m = readMessage(after[0]!);
    if (m.type !== 'sync-step2') throw new Error('expected a sync step 2');
    Y.applyUpdate(doc, m.update);
    expect(doc.getText('t').length).toBe(2);
    // a client that already holds part of the document gets only what it lacks
    const partial = new Y.Doc();
    Y.applyUpdate(partial, typed(3, 7)[0]!);
    const diff = readMessage(room.syncAnswer(Y.encodeStateVector(partial))[0]!);
    if (diff.type !== 'sync-step2') throw new Error('expected a sync step 2');
    Y.applyUpdate(partial, diff.update);
    expect(partial.getText('t').toString()).toBe(doc.getText('t').toString());
  });
});
