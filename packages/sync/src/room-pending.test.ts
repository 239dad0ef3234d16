import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeUpdate } from '@tandem/protocol';
import { createMemoryStore } from '@tandem/store';
import { createSyncServer } from './index.js';
import { PeerClient, until } from './testing/peer-client.js';

describe('Room with updates whose dependencies are missing', () => {
  it('keeps them out of Yjs; a joiner and the compacted store hold what everyone else holds', async () => {
    // Two conflicting histories of one client id: the first depends on a client the server never
    // hears from (so Yjs holds it pending), the second integrates. Yjs's encodeStateAsUpdate
    // merges the pending one into the state, and a joiner applying that merge diverges.
    const unseen = new Y.Doc();
    unseen.getText('t').insert(0, 'www');
    const pendingZ = new Y.Doc();
    pendingZ.clientID = 2;
    Y.applyUpdate(pendingZ, Y.encodeStateAsUpdate(unseen));
    const pendingEdits: Uint8Array[] = [];
    pendingZ.on('update', (u: Uint8Array) => pendingEdits.push(u));
    for (let i = 0; i < 5; i++) pendingZ.getText('t').insert(pendingZ.getText('t').length, `Q${i}`);
    const integratedZ = new Y.Doc();
    integratedZ.clientID = 2;
    for (let i = 0; i < 3; i++) integratedZ.getText('t').insert(integratedZ.getText('t').length, `z${i}`);

    const store = createMemoryStore();
    const server = createSyncServer({ store, compactAfterUpdates: 5 });
    const [hostile, honest] = [new PeerClient(server, 'd', false, new Y.Doc()), new PeerClient(server, 'd')];
    hostile.hello();
    honest.hello();
    hostile.session.receive(writeUpdate(Y.mergeUpdates(pendingEdits)));
    hostile.session.receive(writeUpdate(Y.encodeStateAsUpdate(integratedZ)));
    await until(() => honest.text() === 'z0z1z2', 'integrated edit relayed');
    for (let i = 0; i < 10; i++) honest.doc.getText('t').insert(honest.text().length, `[h${i}]`);
    const want = honest.text();
    await until(() => server.room('d')!.doc.getText('t').toString() === want, 'server holds the honest edits');
    expect(server.room('d')!.doc.store.pendingStructs).toBeNull(); // the room keeps them aside, Yjs never holds them
    const joiner = new PeerClient(server, 'd');
    joiner.hello();
    await until(() => joiner.text().length >= want.length, 'joiner synced');
    expect(joiner.text()).toBe(want);
    await server.flush();
    const reloaded = new Y.Doc();
    for (const u of (await store.load('d'))!.updates) Y.applyUpdate(reloaded, u);
    expect(reloaded.getText('t').toString()).toBe(want);
  });
});
