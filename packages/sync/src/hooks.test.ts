import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { writeAwareness } from '@tandem/protocol';
import { createMemoryStore, type DocStore } from '@tandem/store';
import {
  type AwarenessPayload,
  type ChangePayload,
  composeHooks,
  createSyncServer,
  type DisconnectPayload,
  type EvictPayload,
  type Logger,
  type SyncHooks,
  type UnloadPayload,
} from './index.js';
import { PeerClient } from './testing/peer-client.js';

/** The notification hooks a test listens to, each recording its payloads. */
function recorder() {
  const seen = {
    awareness: [] as AwarenessPayload[],
    unload: [] as UnloadPayload[],
    evict: [] as EvictPayload[],
    change: [] as ChangePayload[],
    disconnect: [] as DisconnectPayload[],
  };
  const hooks: SyncHooks = {
    onAwareness: (p) => void seen.awareness.push(p),
    onUnload: (p) => void seen.unload.push(p),
    onEvict: (p) => void seen.evict.push(p),
    onChange: (p) => void seen.change.push(p),
    onDisconnect: (p) => void seen.disconnect.push(p),
  };
  return { seen, hooks };
}

/** Sends `peer`'s own presence state, as the y-websocket client does when it changes. */
function sendPresence(peer: PeerClient, state: Record<string, unknown>): void {
  peer.awareness.setLocalState(state);
  peer.session.receive(writeAwareness(awarenessProtocol.encodeAwarenessUpdate(peer.awareness, [peer.doc.clientID])));
}

describe('sync hooks', () => {
  it('onAwareness: gets each local presence change with its sender and the frame relayed', async () => {
    const { seen, hooks } = recorder();
    const server = createSyncServer({ store: createMemoryStore(), hooks, awarenessIntervalMs: 0 });
    const a = new PeerClient(server, 'd');
    const b = new PeerClient(server, 'd');
    a.hello();
    b.hello();
    sendPresence(a, { user: { name: 'Ada' } });
    await vi.waitFor(() => expect(seen.awareness).toHaveLength(1));
    const [payload] = seen.awareness;
    expect(payload!.docId).toBe('d');
    expect(payload!.session).toBe(a.session);
    // the frame is an awareness frame holding Ada's state, and b receives that state
    const other = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(other, payload!.frame.subarray(2), 'test');
    expect(other.getStates().get(a.doc.clientID)).toEqual({ user: { name: 'Ada' } });
    await vi.waitFor(() => expect(b.awareness.getStates().get(a.doc.clientID)).toEqual({ user: { name: 'Ada' } }));
  });

  it('onUnload: once when the last connection leaves (unloaded), and when loading fails (failed)', async () => {
    const { seen, hooks } = recorder();
    const server = createSyncServer({ store: createMemoryStore(), hooks });
    const a = new PeerClient(server, 'kept');
    a.hello();
    a.doc.getText('t').insert(0, 'x');
    await vi.waitFor(() => expect(seen.change).toHaveLength(1));
    expect(seen.unload).toEqual([]);
    a.session.socketClosed();
    await vi.waitFor(() => expect(seen.unload).toEqual([{ docId: 'kept', reason: 'unloaded' }]));
    expect(server.room('kept')).toBeUndefined();

    const broken: DocStore = { ...createMemoryStore(), load: async () => Promise.reject(new Error('disk gone')) };
    const failing = recorder();
    const logger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
    const other = createSyncServer({ store: broken, hooks: failing.hooks, logger });
    const c = new PeerClient(other, 'lost');
    c.hello();
    await vi.waitFor(() => expect(failing.seen.unload).toEqual([{ docId: 'lost', reason: 'failed' }]));
    expect(c.closed).not.toBeNull();
  });

  it('onEvict: after disconnectAll closed the document connections, also for a document not loaded here', async () => {
    const { seen, hooks } = recorder();
    const server = createSyncServer({ store: createMemoryStore(), hooks });
    const a = new PeerClient(server, 'gone');
    const b = new PeerClient(server, 'gone');
    const bystander = new PeerClient(server, 'other');
    server.disconnectAll('gone', 4404, 'deleted');
    expect(a.closed).toEqual({ code: 4404, reason: 'deleted' });
    expect(b.closed).toEqual({ code: 4404, reason: 'deleted' });
    expect(bystander.closed).toBeNull();
    expect(seen.evict).toEqual([{ docId: 'gone', code: 4404, reason: 'deleted' }]);
    server.disconnectAll('elsewhere', 4404, 'deleted'); // a cluster evicts on every node
    expect(seen.evict.at(-1)).toEqual({ docId: 'elsewhere', code: 4404, reason: 'deleted' });
  });

  it('onEvict: a hook that throws is logged, and disconnectAll still closes the connections', () => {
    const errors: string[] = [];
    const logger: Logger = { debug() {}, info() {}, warn() {}, error: (event) => void errors.push(event) };
    const hooks: SyncHooks = {
      onEvict: () => {
        throw new Error('boom');
      },
    };
    const server = createSyncServer({ store: createMemoryStore(), hooks, logger });
    const a = new PeerClient(server, 'd');
    expect(() => server.disconnectAll('d', 4404, 'deleted')).not.toThrow();
    expect(a.closed?.code).toBe(4404);
    expect(errors).toContain('hook.failed');
  });
});

describe('composeHooks', () => {
  const member = {} as AwarenessPayload['session'];

  it('runs beforeConnect in order; read-only when any set says so', async () => {
    const order: string[] = [];
    const open: SyncHooks = { beforeConnect: () => void order.push('open') };
    const reader: SyncHooks = {
      beforeConnect: async () => {
        order.push('reader');
        return { readOnly: true };
      },
    };
    const writer: SyncHooks = { beforeConnect: () => (order.push('writer'), { readOnly: false }) };
    const payload = { docId: 'd', context: null };
    expect(await composeHooks(open, reader, writer).beforeConnect!(payload)).toEqual({ readOnly: true });
    expect(order).toEqual(['open', 'reader', 'writer']);
    expect(await composeHooks(open, writer).beforeConnect!(payload)).toEqual({});
    expect(await composeHooks().beforeConnect!(payload)).toEqual({});
  });

  it('refuses the connection when a beforeConnect throws, without running the later sets', async () => {
    const later = vi.fn();
    const hooks = composeHooks({ beforeConnect: () => Promise.reject(new Error('no')) }, { beforeConnect: later });
    await expect(hooks.beforeConnect!({ docId: 'd', context: null })).rejects.toThrow('no');
    expect(later).not.toHaveBeenCalled();
  });

  it('awaits onLoad set by set, in order', async () => {
    const order: string[] = [];
    const slow: SyncHooks = {
      onLoad: async () => {
        await new Promise((r) => setTimeout(r, 20));
        order.push('slow');
      },
    };
    const fast: SyncHooks = { onLoad: () => void order.push('fast') };
    await composeHooks(slow, fast).onLoad!({ docId: 'd', doc: new Y.Doc() });
    expect(order).toEqual(['slow', 'fast']);
  });

  it('hands every notification to every set, skipping sets without that hook', () => {
    const first = recorder();
    const second = recorder();
    const hooks = composeHooks(first.hooks, {}, second.hooks);
    const change: ChangePayload = { docId: 'd', update: new Uint8Array([1]), session: null, clock: 3 };
    const disconnect: DisconnectPayload = { docId: 'd', session: member, remaining: 0 };
    const awareness: AwarenessPayload = { docId: 'd', frame: new Uint8Array([1, 0]), session: member };
    const unload: UnloadPayload = { docId: 'd', reason: 'unloaded' };
    const evict: EvictPayload = { docId: 'd', code: 4404, reason: 'deleted' };
    hooks.onChange!(change);
    hooks.onDisconnect!(disconnect);
    hooks.onAwareness!(awareness);
    hooks.onUnload!(unload);
    hooks.onEvict!(evict);
    for (const { seen } of [first, second]) {
      expect(seen).toEqual({ change: [change], disconnect: [disconnect], awareness: [awareness], unload: [unload], evict: [evict] });
    }
  });
});
