import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readMessage, writeAwareness, writeAwarenessUpdate, writeUpdate } from '@tandem/protocol';
import { createMemoryStore } from '@tandem/store';
import type { Connection } from './connection.js';
import type { ChangePayload } from './hooks.js';
import { createSyncServer } from './sync-server.js';

/** A Connection that records what the server sends it. */
function recorder(): Connection & { frames: Uint8Array[] } {
  const frames: Uint8Array[] = [];
  return { frames, send: (f) => frames.push(f), close() {} };
}

const textEdits = (n: number): Uint8Array[] => {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  for (let i = 0; i < n; i++) doc.getText('t').insert(i, String(i));
  return out;
};

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('Room relay between nodes', () => {
  it('reports the store clock of each stored update to onChange', async () => {
    const changes: ChangePayload[] = [];
    const sync = createSyncServer({ store: createMemoryStore(), hooks: { onChange: (p) => changes.push(p) } });
    const session = sync.connect(recorder(), { docId: 'd' });
    await session.room.ready;
    for (const u of textEdits(3)) session.receive(writeUpdate(u));
    await settle();
    await sync.flush();
    expect(changes.map((c) => c.clock)).toEqual([1, 2, 3]);
  });

  it('relays a remote update to every local session without storing it, and tracks its clock', async () => {
    const [a, b] = textEdits(2); // stored by another node as clocks 1 and 2
    const store = createMemoryStore();
    const sync = createSyncServer({ store });
    const conn = recorder();
    const session = sync.connect(conn, { docId: 'd' });
    await session.room.ready;
    const sent = conn.frames.length;
    session.room.cluster.applyRemote(b!, 2);
    expect(session.room.cluster.clock).toMatchObject({ through: 0, highest: 2 });
    session.room.cluster.applyRemote(a!, 1);
    expect(session.room.cluster.clock).toMatchObject({ through: 2, highest: 2 });
    expect(session.room.doc.getText('t').toString()).toBe('01');
    expect(conn.frames.length).toBeGreaterThan(sent);
    expect(readMessage(conn.frames.at(-1)!).type).toBe('sync-update');
    await sync.flush();
    expect(await store.load('d')).toBeNull();
  });

  it('catches up from the store past a hole', async () => {
    const store = createMemoryStore();
    const sync = createSyncServer({ store });
    const session = sync.connect(recorder(), { docId: 'd' });
    await session.room.ready;
    const edits = textEdits(4);
    await store.append('d', edits); // another node stored four updates; only the last was relayed
    session.room.cluster.applyRemote(edits[3]!, 4);
    expect(session.room.cluster.clock.through).toBe(0);
    expect(await session.room.cluster.catchUp()).toBe(4);
    expect(session.room.doc.getText('t').toString()).toBe('0123');
  });

  it('lets a local client take over a client id a remote node held, and forgets a dead node', async () => {
    const sync = createSyncServer({ store: createMemoryStore() });
    const conn = recorder();
    const session = sync.connect(conn, { docId: 'd' });
    await session.room.ready;
    const state = (clock: number, name: string) => writeAwarenessUpdate([{ clientId: 7, clock, state: JSON.stringify({ name }) }]);
    session.room.cluster.applyRemoteAwareness(state(1, 'remote'), 'node-b');
    session.room.cluster.applyRemoteAwareness(writeAwarenessUpdate([{ clientId: 8, clock: 1, state: '{}' }]), 'node-b');
    expect(session.room.awareness.size).toBe(2);
    expect(session.room.cluster.localAwarenessFrame()).toBeNull();
    session.receive(writeAwareness(state(2, 'moved here')));
    await settle();
    expect(session.room.cluster.localAwarenessFrame()).not.toBeNull();
    session.room.cluster.removeRemotePeer('node-b');
    expect(session.room.awareness.size).toBe(1); // client 7 now belongs to the local session
  });
});
