import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeIntegratedState } from './encoded-state.js';

/** `count` single-character updates typed by client `clientId`. */
function typed(count: number, clientId: number): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  for (let i = 0; i < count; i++) doc.getText('t').insert(i, String.fromCharCode(97 + i));
  return out;
}

describe('encodeIntegratedState', () => {
  it('leaves out structs and deletions still pending, and restores them in the document', () => {
    const server = new Y.Doc();
    for (const u of typed(5, 1)) Y.applyUpdate(server, u);
    const later = typed(10, 2);
    for (const u of later.slice(5)) Y.applyUpdate(server, u); // clocks 5-9 of client 2: waiting for 0-4
    expect(server.store.pendingStructs).not.toBeNull();

    const joiner = new Y.Doc();
    Y.applyUpdate(joiner, encodeIntegratedState(server));
    expect(joiner.store.pendingStructs).toBeNull();
    expect(joiner.getText('t').toString()).toBe(server.getText('t').toString());
    // Yjs's own encoding hands the joiner the pending structs it cannot apply
    const yjs = new Y.Doc();
    Y.applyUpdate(yjs, Y.encodeStateAsUpdate(server));
    expect(yjs.store.pendingStructs).not.toBeNull();

    // the document still holds its pending part, which integrates once the gap is filled
    expect(server.store.pendingStructs).not.toBeNull();
    for (const u of later.slice(0, 5)) Y.applyUpdate(server, u);
    expect(server.store.pendingStructs).toBeNull();
    expect(server.getText('t').length).toBe(15);
  });

  it('answers a state vector with only what that peer lacks', () => {
    const server = new Y.Doc();
    const updates = typed(6, 3);
    for (const u of updates) Y.applyUpdate(server, u);
    const peer = new Y.Doc();
    for (const u of updates.slice(0, 3)) Y.applyUpdate(peer, u);
    Y.applyUpdate(peer, encodeIntegratedState(server, Y.encodeStateVector(peer)));
    expect(peer.getText('t').toString()).toBe('abcdef');
  });
});
