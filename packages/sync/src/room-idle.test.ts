import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readMessage } from '@tandem/protocol';
import { createMemoryStore, type DocStore } from '@tandem/store';
import { createSyncServer, type Logger } from './index.js';
import { PeerClient, until } from './testing/peer-client.js';

/** Stores `texts`, typed one after the other, as one compacted entry; returns each edit's update. */
async function seed(store: DocStore, docId: string, ...texts: string[]): Promise<{ doc: Y.Doc; edits: Uint8Array[] }> {
  const doc = new Y.Doc();
  const edits: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => edits.push(u));
  for (const t of texts) doc.getText('t').insert(doc.getText('t').length, t);
  await store.append(docId, [Y.encodeStateAsUpdate(doc)]);
  return { doc, edits };
}

/** The text the store holds for `docId`. */
async function storedText(store: DocStore, docId: string): Promise<string> {
  const doc = new Y.Doc();
  for (const u of (await store.load(docId))?.updates ?? []) Y.applyUpdate(doc, u);
  return doc.getText('t').toString();
}

/** The sync-step-2 answers `client` received. */
const answers = (client: PeerClient) =>
  client.received.map((f) => readMessage(f)).flatMap((m) => (m.type === 'sync-step2' ? [m.update] : []));

describe('Room held as bytes while idle', () => {
  it('answers a joiner and a returning client from the stored bytes without building the document', async () => {
    const store = createMemoryStore();
    const { doc: writer, edits } = await seed(store, 'd', 'hello ', 'world');
    const server = createSyncServer({ store });
    const joiner = new PeerClient(server, 'd');
    joiner.hello();
    await until(() => joiner.text() === 'hello world', 'joiner holds the doc');
    // a returning client that holds everything gets an answer without structs
    const back = new Y.Doc();
    Y.applyUpdate(back, Y.encodeStateAsUpdate(writer));
    const returning = new PeerClient(server, 'd', false, back);
    returning.hello();
    await until(() => answers(returning).length === 1, 'answer');
    expect(Y.decodeUpdate(answers(returning)[0]!).structs).toHaveLength(0);
    // a returning client that holds only the first edit gets the rest
    const partial = new Y.Doc();
    Y.applyUpdate(partial, edits[0]!);
    const behind = new PeerClient(server, 'd', false, partial);
    behind.hello();
    await until(() => behind.text() === 'hello world', 'behind client catches up');
    expect(Y.decodeUpdate(answers(behind)[0]!).structs.length).toBeGreaterThan(0);
    expect(server.room('d')!.hydrated).toBe(false);
    expect(server.room('d')!.stateVector()).toEqual(Y.encodeStateVector(writer));
  });

  it('does not answer from a stored entry that does not decode: it is skipped and logged', async () => {
    const store = createMemoryStore();
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'x'.repeat(64));
    const whole = Y.encodeStateAsUpdate(doc);
    await store.append('d', [whole.subarray(0, whole.length - 20)]); // cut inside the text
    const errors: string[] = [];
    const logger: Logger = { debug() {}, info() {}, warn() {}, error: (event) => void errors.push(event) };
    const server = createSyncServer({ store, logger });
    const joiner = new PeerClient(server, 'd');
    joiner.hello();
    await until(() => answers(joiner).length === 1, 'answer');
    expect(joiner.session.closed).toBe(false);
    expect(server.room('d')!.hydrated).toBe(true);
    expect(errors).toContain('room.stored_update_skipped');
  });

  it('does not build the document for the empty step-2 reply of a fresh client', async () => {
    const store = createMemoryStore();
    const server = createSyncServer({ store });
    const a = new PeerClient(server, 'd');
    a.hello();
    await until(() => answers(a).length === 1, 'handshake');
    await server.flush();
    expect(a.session.closed).toBe(false);
    expect(server.room('d')!.hydrated).toBe(false);
    expect(await store.load('d')).toBeNull();
  });

  it('builds the document on the first update, then stores and relays it', async () => {
    const store = createMemoryStore();
    await seed(store, 'd', 'base');
    const server = createSyncServer({ store });
    const [a, b] = [new PeerClient(server, 'd'), new PeerClient(server, 'd')];
    a.hello();
    b.hello();
    await until(() => a.text() === 'base' && b.text() === 'base', 'both synced');
    expect(server.room('d')!.hydrated).toBe(false);
    a.doc.getText('t').insert(4, '!');
    await until(() => b.text() === 'base!', 'relay');
    expect(server.room('d')!.hydrated).toBe(true);
    expect(await storedText(store, 'd')).toBe('base!');
  });

  it('keeps what a reconnecting client made offline, even when the room holds bytes', async () => {
    const store = createMemoryStore();
    const { doc: writer } = await seed(store, 'd', 'shared');
    const server = createSyncServer({ store });
    const peer = new PeerClient(server, 'd');
    peer.hello();
    await until(() => peer.text() === 'shared', 'peer synced');
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(writer));
    offline.getText('t').insert(0, 'offline ');
    const back = new PeerClient(server, 'd', false, offline);
    back.hello();
    await until(() => peer.text() === 'offline shared', 'offline edit relayed');
    expect(await storedText(store, 'd')).toBe('offline shared');
  });

  it('goes back to bytes after an idle spell, keeping the content, and a later edit still converges', async () => {
    const store = createMemoryStore();
    const server = createSyncServer({ store, dehydrateAfterMs: 40 });
    const [a, b] = [new PeerClient(server, 'd'), new PeerClient(server, 'd')];
    a.hello();
    b.hello();
    a.doc.getText('t').insert(0, 'one');
    await until(() => b.text() === 'one', 'relay');
    const room = server.room('d')!;
    expect(room.hydrated).toBe(true);
    await until(() => !room.hydrated, 'dehydrated');
    const c = new PeerClient(server, 'd');
    c.hello();
    await until(() => c.text() === 'one', 'joiner served from bytes');
    expect(room.hydrated).toBe(false);
    b.doc.getText('t').insert(3, ' two');
    await until(() => a.text() === 'one two' && c.text() === 'one two', 'later edit relayed');
    expect(room.hydrated).toBe(true);
    expect(await storedText(store, 'd')).toBe('one two');
    expect(room.doc.getText('t').toString()).toBe('one two');
  });

  it('stays live while an update is not stored yet', async () => {
    const inner = createMemoryStore();
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const store: DocStore = { ...inner, append: async (id, updates) => (await gate, inner.append(id, updates)) };
    const server = createSyncServer({ store, dehydrateAfterMs: 20 });
    const a = new PeerClient(server, 'd');
    a.hello();
    a.doc.getText('t').insert(0, 'held');
    const room = server.room('d')!;
    await until(() => room.hydrated, 'hydrated');
    await new Promise((r) => setTimeout(r, 80));
    expect(room.hydrated).toBe(true);
    open();
    await until(() => !room.hydrated, 'dehydrated once stored');
    expect(await storedText(store, 'd')).toBe('held');
  });

  it('builds the document for onLoad only when the hook reads it, and then keeps it live', async () => {
    const store = createMemoryStore();
    await seed(store, 'd', 'x');
    const lazy = createSyncServer({ store, dehydrateAfterMs: 10, hooks: { onLoad: () => {} } });
    lazy.connect(new PeerClient(lazy, 'other').conn, { docId: 'd' });
    await lazy.room('d')!.ready;
    expect(lazy.room('d')!.hydrated).toBe(false);
    let seen = '';
    const eager = createSyncServer({ store, dehydrateAfterMs: 10, hooks: { onLoad: ({ doc }) => void (seen = doc.getText('t').toString()) } });
    eager.connect(new PeerClient(eager, 'other').conn, { docId: 'd' });
    await eager.room('d')!.ready;
    expect(seen).toBe('x');
    await new Promise((r) => setTimeout(r, 50));
    expect(eager.room('d')!.hydrated).toBe(true);
  });

  it('takes relayed updates and catch-ups from other nodes after going back to bytes', async () => {
    const store = createMemoryStore();
    const server = createSyncServer({ store, dehydrateAfterMs: 20 });
    const a = new PeerClient(server, 'd');
    a.hello();
    a.doc.getText('t').insert(0, 'local');
    const room = server.room('d')!;
    await until(() => room.cluster.clock.through === 1 && !room.hydrated, 'stored and dehydrated');
    // another node stores and relays an edit made on top of what this node holds
    const other = new Y.Doc();
    Y.applyUpdate(other, room.encodedState());
    const edits: Uint8Array[] = [];
    other.on('update', (u: Uint8Array) => edits.push(u));
    other.getText('t').insert(5, ' remote');
    await store.append('d', edits);
    room.cluster.applyRemote(edits[0]!, 2);
    expect(room.cluster.clock.through).toBe(2);
    await until(() => a.text() === 'local remote', 'relayed to the local session');
    await until(() => !room.hydrated, 'dehydrated again');
    // one more stored elsewhere, never relayed: the catch-up from the store brings it
    other.getText('t').insert(0, '> ');
    await store.append('d', [edits.at(-1)!]);
    expect(await room.cluster.catchUp()).toBe(3);
    await until(() => a.text() === '> local remote', 'caught up');
  });
});

