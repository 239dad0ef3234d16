import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode, writeAwareness, writeUpdate } from '@tandem/protocol';
import { createMemoryStore, type DocStore } from '@tandem/store';
import { createSyncServer } from './index.js';
import { PeerClient, tick, until } from './testing/peer-client.js';

/** A real memory store whose appends wait until the test opens the gate (or make them fail). */
function gatedStore() {
  const inner = createMemoryStore();
  let open!: () => void;
  let fail!: (err: Error) => void;
  let gate = new Promise<void>((res, rej) => ((open = res), (fail = rej)));
  const store: DocStore = {
    ...inner,
    async append(docId, updates) {
      await gate;
      return inner.append(docId, updates);
    },
  };
  return {
    store,
    inner,
    open: () => open(),
    fail: (err: Error) => fail(err),
    reset: () => (gate = new Promise<void>((res, rej) => ((open = res), (fail = rej)))),
  };
}

describe('SyncServer (core, no sockets)', () => {
  it('syncs two peers through the handshake and relays updates without echo', async () => {
    const server = createSyncServer({ store: createMemoryStore() });
    const a = new PeerClient(server, 'd');
    const b = new PeerClient(server, 'd');
    a.hello();
    b.hello();
    a.doc.getText('t').insert(0, 'abc');
    await until(() => b.text() === 'abc', 'relay');
    const echoed = a.received.filter((f) => f[0] === 0 && f[1] === 2);
    expect(echoed).toEqual([]);
  });

  it('relays nothing before the store holds it, and nothing at all when the store fails', async () => {
    const gated = gatedStore();
    const server = createSyncServer({ store: gated.store });
    const a = new PeerClient(server, 'd');
    const b = new PeerClient(server, 'd');
    a.hello();
    b.hello();
    await tick();
    a.doc.getText('t').insert(0, 'x');
    await tick();
    await tick();
    expect(b.text()).toBe('');
    // a joiner's sync answer also waits for the store
    const c = new PeerClient(server, 'd');
    c.hello();
    await tick();
    expect(c.text()).toBe('');
    gated.open();
    await until(() => b.text() === 'x' && c.text() === 'x', 'relay after store');
    expect((await gated.inner.load('d'))!.updates.length).toBe(1);

    gated.reset();
    a.doc.getText('t').insert(1, 'y');
    await tick();
    gated.fail(new Error('disk full'));
    await until(() => a.closed !== null, 'close on store failure');
    expect(a.closed!.code).toBe(CloseCode.internalError);
    expect(b.closed!.code).toBe(CloseCode.internalError);
    expect(b.text()).toBe('x');
    expect(server.room('d')).toBeUndefined();
  });

  it('refuses an update that does not decode: closes only that connection, stores nothing', async () => {
    const store = createMemoryStore();
    const server = createSyncServer({ store });
    const a = new PeerClient(server, 'd');
    const b = new PeerClient(server, 'd');
    a.hello();
    b.hello();
    await tick();
    a.session.receive(writeUpdate(new Uint8Array([5, 200, 1, 2, 3])));
    await until(() => a.closed !== null, 'close');
    expect(a.closed!.code).toBe(CloseCode.invalidPayload);
    expect(b.closed).toBeNull();
    expect(await store.load('d')).toBeNull();
    b.doc.getText('t').insert(0, 'still fine');
    await tick();
    await server.flush();
    expect((await store.load('d'))!.updates.length).toBe(1);
  });

  it('closes with 1007 on a malformed frame and 1003 on a text frame', async () => {
    const server = createSyncServer({ store: createMemoryStore() });
    const a = new PeerClient(server, 'd');
    a.session.receive(new Uint8Array([0, 2, 0x80, 0x80, 0x40]));
    await until(() => a.closed !== null, 'close');
    expect(a.closed!.code).toBe(CloseCode.invalidPayload);
    const b = new PeerClient(server, 'd');
    b.session.receive('hello');
    expect(b.closed!.code).toBe(CloseCode.unsupportedData);
  });

  it('drops the updates of a read-only connection', async () => {
    const store = createMemoryStore();
    const server = createSyncServer({ store });
    const writer = new PeerClient(server, 'd');
    const reader = new PeerClient(server, 'd', true);
    writer.hello();
    reader.hello();
    writer.doc.getText('t').insert(0, 'w');
    await until(() => reader.text() === 'w', 'reader sees writer');
    reader.doc.getText('t').insert(0, 'r');
    await tick();
    await server.flush();
    expect(writer.text()).toBe('w');
    const stored = new Y.Doc();
    for (const u of (await store.load('d'))!.updates) Y.applyUpdate(stored, u);
    expect(stored.getText('t').toString()).toBe('w');
  });

  it('relays presence, protects client ids, and removes a leaver for everyone', async () => {
    const server = createSyncServer({ store: createMemoryStore() });
    const a = new PeerClient(server, 'd');
    const b = new PeerClient(server, 'd');
    await tick();
    a.awareness.setLocalState({ name: 'Ada' });
    a.session.receive(writeAwareness(awarenessProtocol.encodeAwarenessUpdate(a.awareness, [a.doc.clientID])));
    await until(() => b.awareness.getStates().get(a.doc.clientID)?.name === 'Ada', 'presence');
    // b tries to overwrite a's presence with a higher clock
    const spoof = new Y.Doc();
    spoof.clientID = a.doc.clientID;
    const spoofAw = new awarenessProtocol.Awareness(spoof);
    spoofAw.setLocalState({ name: 'Mallory' });
    spoofAw.setLocalState({ name: 'Mallory!' });
    b.session.receive(writeAwareness(awarenessProtocol.encodeAwarenessUpdate(spoofAw, [spoof.clientID])));
    const c = new PeerClient(server, 'd');
    await until(() => c.awareness.getStates().has(a.doc.clientID), 'newcomer gets presence');
    expect(c.awareness.getStates().get(a.doc.clientID)?.name).toBe('Ada');
    a.session.socketClosed();
    await until(() => !c.awareness.getStates().has(a.doc.clientID), 'removal');
    expect(b.awareness.getStates().has(a.doc.clientID)).toBe(false);
    spoofAw.destroy();
  });

  it('unloads a room once its last session leaves and everything is stored, compacting the log', async () => {
    const store = createMemoryStore();
    const server = createSyncServer({ store });
    const a = new PeerClient(server, 'd');
    a.hello();
    for (let i = 0; i < 20; i++) a.doc.getText('t').insert(i, 'x');
    a.session.socketClosed();
    await until(() => server.room('d') === undefined, 'unload');
    const stored = (await store.load('d'))!;
    expect(stored.updates.length).toBe(1);
    const b = new PeerClient(server, 'd');
    b.hello();
    await until(() => b.text() === 'x'.repeat(20), 'reload');
  });

  it('compacts in the background after the configured number of updates', async () => {
    const store = createMemoryStore();
    const server = createSyncServer({ store, compactAfterUpdates: 10 });
    const a = new PeerClient(server, 'd');
    a.hello();
    for (let i = 0; i < 25; i++) {
      a.doc.getText('t').insert(i, 'y');
      await tick();
    }
    await server.flush();
    const info = (await store.info('d'))!;
    expect(info.entries).toBeLessThan(10);
    const doc = new Y.Doc();
    for (const u of (await store.load('d'))!.updates) Y.applyUpdate(doc, u);
    expect(doc.getText('t').toString()).toBe('y'.repeat(25));
  });

  it('closes every session with 1001 on shutdown after storing what is pending', async () => {
    const store = createMemoryStore();
    const server = createSyncServer({ store });
    const a = new PeerClient(server, 'd');
    a.hello();
    a.doc.getText('t').insert(0, 'last words');
    await server.shutdown();
    expect(a.closed!.code).toBe(CloseCode.goingAway);
    const doc = new Y.Doc();
    for (const u of (await store.load('d'))!.updates) Y.applyUpdate(doc, u);
    expect(doc.getText('t').toString()).toBe('last words');
    await expect(server.authorize('d')).rejects.toThrow(/shutting down/);
  });

  it('calls its hooks with one payload each', async () => {
    const events: string[] = [];
    const server = createSyncServer({
      store: createMemoryStore(),
      hooks: {
        beforeConnect: ({ docId }) => {
          events.push(`before:${docId}`);
          return { readOnly: docId === 'ro' };
        },
        onLoad: ({ docId }) => void events.push(`load:${docId}`),
        onChange: ({ docId, session }) => void events.push(`change:${docId}:${session ? 'client' : 'server'}`),
        onDisconnect: ({ docId, remaining }) => void events.push(`disconnect:${docId}:${remaining}`),
      },
    });
    expect(await server.authorize('ro')).toEqual({ readOnly: true });
    const a = new PeerClient(server, 'd');
    a.hello();
    a.doc.getText('t').insert(0, 'h');
    await until(() => events.includes('change:d:client'), 'change hook');
    a.session.socketClosed();
    await until(() => events.length === 4, 'disconnect hook');
    expect(events).toEqual(['before:ro', 'load:d', 'change:d:client', 'disconnect:d:0']);
  });

  it('keeps relaying when a notification hook throws', async () => {
    const server = createSyncServer({
      store: createMemoryStore(),
      hooks: {
        onChange: () => {
          throw new Error('hook bug');
        },
      },
    });
    const a = new PeerClient(server, 'd');
    const b = new PeerClient(server, 'd');
    a.hello();
    b.hello();
    a.doc.getText('t').insert(0, 'one');
    await until(() => b.text() === 'one', 'first relay');
    a.doc.getText('t').insert(3, ' two');
    await until(() => b.text() === 'one two', 'second relay');
  });
});
