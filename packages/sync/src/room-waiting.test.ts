import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { CloseCode, writeUpdate } from '@tandem/protocol';
import { createMemoryStore } from '@tandem/store';
import { createSyncServer } from './index.js';
import { PeerClient, until } from './testing/peer-client.js';

/** Two updates of one client: the second depends on the first. */
function chain(client: number, texts: string[]): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = client;
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  for (const t of texts) doc.getText('t').insert(doc.getText('t').length, t);
  return out;
}

/** A v1 update with one GC struct of `client` at `clock`, `length` long. */
function gcUpdate(client: number, clock: number, length: number): Uint8Array {
  const e = encoding.createEncoder();
  for (const n of [1, 1, client, clock, 0, length, 0]) encoding.writeVarUint(e, n);
  return encoding.toUint8Array(e);
}

/** A v1 update with one string item of `client` at `clock` in root text `t`, no origins. */
function itemUpdate(client: number, clock: number, text: string): Uint8Array {
  const e = encoding.createEncoder();
  for (const n of [1, 1, client, clock]) encoding.writeVarUint(e, n);
  encoding.writeUint8(e, 4); // info: ContentString, no origins
  encoding.writeVarUint(e, 1); // parent is a root type name
  encoding.writeVarString(e, 't');
  encoding.writeVarString(e, text);
  encoding.writeVarUint(e, 0); // no deletions
  return encoding.toUint8Array(e);
}

describe('Room: updates that wait, and updates Yjs would throw on', () => {
  it('keeps an update whose dependency is missing aside and applies it once the dependency arrives', async () => {
    const store = createMemoryStore();
    const server = createSyncServer({ store });
    const [writer, reader] = [new PeerClient(server, 'd', false, new Y.Doc()), new PeerClient(server, 'd')];
    writer.hello();
    reader.hello();
    const [first, second] = chain(7, ['a', 'b']);
    writer.session.receive(writeUpdate(second!));
    await server.flush();
    expect(reader.text()).toBe('');
    expect((await store.load('d'))?.updates.length ?? 0).toBe(0);
    writer.session.receive(writeUpdate(first!));
    await until(() => reader.text() === 'ab', 'both relayed once the first arrived');
    expect(writer.closed).toBeNull();
    expect(server.room('d')!.doc.store.pendingStructs).toBeNull();
  });

  it('closes a sender past the waiting budget with 1008, drops what it had waiting, stores nothing of it', async () => {
    const store = createMemoryStore();
    const server = createSyncServer({ store, maxWaitingUpdates: 8, maxWaitingBytes: 1 << 20 });
    const hostile = new PeerClient(server, 'd', false, new Y.Doc());
    const honest = new PeerClient(server, 'd');
    hostile.hello();
    honest.hello();
    const updates = chain(9, Array.from({ length: 12 }, (_, i) => `x${i}`)).slice(1); // the first never comes
    for (const u of updates) hostile.session.receive(writeUpdate(u));
    await until(() => hostile.closed !== null, 'hostile closed');
    expect(hostile.closed!.code).toBe(CloseCode.policyViolation);
    honest.doc.getText('t').insert(0, 'fine');
    await server.flush();
    expect(honest.closed).toBeNull();
    const stored = new Y.Doc();
    for (const u of (await store.load('d'))!.updates) Y.applyUpdate(stored, u);
    expect(stored.getText('t').toString()).toBe('fine');
  });

  it('refuses an item overlapping a garbage-collected struct with 1007 for its sender only: no 1011, the room stays', async () => {
    const store = createMemoryStore();
    const server = createSyncServer({ store });
    const attacker = new PeerClient(server, 'd', false, new Y.Doc());
    const honest = new PeerClient(server, 'd');
    attacker.hello();
    honest.hello();
    honest.doc.getText('t').insert(0, 'before');
    await server.flush();
    attacker.session.receive(writeUpdate(gcUpdate(4242, 0, 2)));
    await server.flush();
    attacker.session.receive(writeUpdate(itemUpdate(4242, 1, 'xy')));
    await until(() => attacker.closed !== null, 'attacker closed');
    expect(attacker.closed!.code).toBe(CloseCode.invalidPayload);
    expect(honest.closed).toBeNull();
    expect(server.room('d')!.state).toBe('ready');
    honest.doc.getText('t').insert(6, ' after');
    await server.flush();
    const again = new PeerClient(server, 'd');
    again.hello();
    await until(() => again.text() === 'before after', 'a joiner sees every honest edit');
  });

  it('binds a Yjs client id to the identity that first wrote under it: another identity forging it is closed with 1008', async () => {
    const server = createSyncServer({ store: createMemoryStore() });
    const alice = new PeerClient(server, 'd', false, new Y.Doc(), 'alice');
    const eve = new PeerClient(server, 'd', false, new Y.Doc(), 'eve');
    alice.hello();
    eve.hello();
    alice.doc.getText('t').insert(0, 'typed then deleted');
    alice.doc.getText('t').delete(0, 18);
    await server.flush();
    const next = Y.getState(alice.doc.store, alice.doc.clientID);
    eve.session.receive(writeUpdate(gcUpdate(alice.doc.clientID, next, 3))); // alice's next clocks
    await until(() => eve.closed !== null, 'eve closed');
    expect(eve.closed!.code).toBe(CloseCode.policyViolation);
    alice.doc.getText('t').insert(0, 'still mine');
    await server.flush();
    expect(alice.closed).toBeNull();
    expect(server.room('d')!.doc.getText('t').toString()).toBe('still mine');
    // A second connection of alice (another tab, a reconnect) may write under it.
    const aliceAgain = new PeerClient(server, 'd', false, alice.doc, 'alice');
    aliceAgain.hello();
    alice.doc.getText('t').insert(0, '! ');
    await server.flush();
    expect(aliceAgain.closed).toBeNull();
  });
});
