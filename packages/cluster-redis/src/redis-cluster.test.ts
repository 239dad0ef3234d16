import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { readAwarenessUpdate, readMessage, writeAwareness, writeAwarenessUpdate, writeUpdate } from '@tandem/protocol';
import { createMemoryStore, type DocStore } from '@tandem/store';
import { createSyncServer, type Session, type SyncServer } from '@tandem/sync';
import { createRedisCluster, type RedisCluster } from './redis-cluster.js';

const url = process.env.REDIS_URL;
const runs = url ? describe : describe.skip;

interface Node {
  id: string;
  sync: SyncServer;
  cluster: RedisCluster;
}

/** An in-process client: a Y.Doc wired to a session through protocol frames. */
interface Client {
  doc: Y.Doc;
  session: Session;
  presence: Map<number, string>;
  /** Close codes the server sent this client. */
  closedWith: number[];
}

runs('Redis cluster relay (in-process nodes sharing one store)', () => {
  let prefix: string;
  let store: DocStore;
  let nodes: Node[] = [];
  let admin: Redis;

  const startNode = async (
    id: string,
    extra: { nodeTtlMs?: number; checkIntervalMs?: number; holeTimeoutMs?: number; compactAfterUpdates?: number } = {},
  ): Promise<Node> => {
    const { compactAfterUpdates = 500, ...clusterOptions } = extra;
    const cluster = createRedisCluster({ url: url!, nodeId: id, store, prefix, holeTimeoutMs: 100, ...clusterOptions });
    const sync = createSyncServer({ store, hooks: cluster.hooks, compactAfterUpdates });
    await cluster.attach(sync);
    const node = { id, sync, cluster };
    nodes.push(node);
    return node;
  };

  const connect = async (node: Node, docId: string): Promise<Client> => {
    const doc = new Y.Doc();
    const presence = new Map<number, string>();
    const closedWith: number[] = [];
    const session = node.sync.connect(
      {
        send(frame) {
          const m = readMessage(frame);
          if (m.type === 'sync-update' || m.type === 'sync-step2') Y.applyUpdate(doc, m.update, 'server');
          if (m.type === 'awareness') {
            for (const e of readAwarenessUpdate(m.update)) {
              if (e.state === 'null') presence.delete(e.clientId);
              else presence.set(e.clientId, e.state);
            }
          }
        },
        close(code) {
          closedWith.push(code);
        },
      },
      { docId },
    );
    await session.room.ready;
    doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== 'server') session.receive(writeUpdate(u));
    });
    return { doc, session, presence, closedWith };
  };

  const text = (c: Client) => c.doc.getText('t').toString();

  /** Drops node `id`'s subscriber connection from the Redis side. */
  const dropSubscriber = async (id: string) => {
    const clients = (await admin.client('LIST')) as string;
    const conn = clients.split('\n').find((l) => l.includes(`name=${prefix}${id}:sub`))?.match(/id=(\d+)/)?.[1];
    expect(conn).toBeDefined();
    await admin.client('KILL', 'ID', conn!);
  };

  afterEach(async () => {
    for (const n of nodes) {
      await n.sync.shutdown();
      await n.cluster.close();
    }
    expect(await admin.keys(`${prefix}node:*`)).toEqual([]);
    nodes = [];
    if (admin) {
      const keys = await admin.keys(`${prefix}*`);
      if (keys.length) await admin.del(...keys);
      await admin.quit();
    }
  });

  const setup = () => {
    prefix = `tandem-test-${randomBytes(4).toString('hex')}:`;
    store = createMemoryStore();
    admin = new Redis(url!);
  };

  it('relays stored updates between nodes, each exactly once into the store', async () => {
    setup();
    const [a, b] = [await startNode('a'), await startNode('b')];
    const [ca, cb] = [await connect(a, 'doc'), await connect(b, 'doc')];
    ca.doc.getText('t').insert(0, 'hello');
    await vi.waitFor(() => expect(text(cb) === 'hello', 'b to see a').toBe(true), { timeout: 10_000 });
    cb.doc.getText('t').insert(5, ' world');
    await vi.waitFor(() => expect(text(ca) === 'hello world', 'a to see b').toBe(true), { timeout: 10_000 });
    await Promise.all([a.sync.flush(), b.sync.flush()]);
    expect((await store.load('doc'))!.clock).toBe(2);
  });

  it('relays an update to another node only once the shared store holds it', async () => {
    setup();
    // A store that takes its time to make appends durable, and says how far it has got.
    const inner = store;
    let storedThrough = 0;
    store = {
      ...inner,
      async append(docId, updates) {
        await new Promise((r) => setTimeout(r, 40));
        const clock = await inner.append(docId, updates);
        storedThrough = clock;
        return clock;
      },
    };
    const [a, b] = [await startNode('a'), await startNode('b')];
    const [ca, cb] = [await connect(a, 'durable'), await connect(b, 'durable')];
    const early: number[] = [];
    cb.doc.on('update', () => {
      if (storedThrough === 0) early.push(Date.now());
    });
    ca.doc.getText('t').insert(0, 'stored first');
    await vi.waitFor(() => expect(text(cb) === 'stored first', 'relay').toBe(true), { timeout: 10_000 });
    expect(early).toEqual([]);
  });

  it('notices updates it missed while its Redis connection was down and catches up from the store', async () => {
    setup();
    const [a, b] = [await startNode('a'), await startNode('b', { checkIntervalMs: 60_000 })];
    const [ca, cb] = [await connect(a, 'gap'), await connect(b, 'gap')];
    ca.doc.getText('t').insert(0, 'x');
    await vi.waitFor(() => expect(text(cb) === 'x', 'first relay').toBe(true), { timeout: 10_000 });
    // Drop b's subscriber connection, and edit on a while b cannot hear.
    await dropSubscriber('b');
    for (let i = 0; i < 20; i++) ca.doc.getText('t').insert(0, 'y');
    await vi.waitFor(() => expect(text(cb) === text(ca), 'b to catch up').toBe(true), { timeout: 10_000 });
    expect(b.cluster.stats().catchUps).toBeGreaterThan(0);
  });

  it('never compacts away updates of another node that it has not applied yet', async () => {
    setup();
    const a = await startNode('a');
    const b = await startNode('b', { compactAfterUpdates: 1, holeTimeoutMs: 60_000, checkIntervalMs: 60_000 });
    const [ca, cb] = [await connect(a, 'compact'), await connect(b, 'compact')];
    ca.doc.getText('t').insert(0, 'a1 ');
    await vi.waitFor(() => expect(text(cb) === 'a1 ', 'first relay').toBe(true), { timeout: 10_000 });
    await dropSubscriber('b');
    ca.doc.getText('t').insert(3, 'a2 '); // stored as clock 2; b does not hear of it
    await a.sync.flush();
    cb.doc.getText('t').insert(0, 'b1 '); // stored as clock 3 by b, which then compacts
    await b.sync.flush();
    const stored = new Y.Doc();
    for (const u of (await store.load('compact'))!.updates) Y.applyUpdate(stored, u);
    expect(stored.getText('t').toString()).toBe('b1 a1 a2 ');
  });

  it('closes the connections of a document on every node when one node evicts them', async () => {
    setup();
    const [a, b] = [await startNode('a'), await startNode('b')];
    const [ca, cb] = [await connect(a, 'evict'), await connect(b, 'evict')];
    a.sync.disconnectAll('evict', 4404, 'document was deleted');
    await vi.waitFor(() => expect(cb.closedWith.includes(4404), 'the other node to close its connection').toBe(true), { timeout: 10_000 });
    expect(ca.closedWith).toEqual([4404]);
  });

  it('relays presence and removes that of a node that stops heart-beating', async () => {
    setup();
    const [a, b] = [await startNode('a', { nodeTtlMs: 300 }), await startNode('b', { nodeTtlMs: 300 })];
    const [ca, cb] = [await connect(a, 'aw'), await connect(b, 'aw')];
    ca.session.receive(writeAwareness(writeAwarenessUpdate([{ clientId: 11, clock: 1, state: '{"name":"Ada"}' }])));
    await vi.waitFor(() => expect(cb.presence.get(11) === '{"name":"Ada"}', 'presence on b').toBe(true), { timeout: 10_000 });
    // A node that joins later learns it too.
    const c = await startNode('c', { nodeTtlMs: 300 });
    const cc = await connect(c, 'aw');
    await vi.waitFor(() => expect(cc.presence.has(11), 'presence on a late node').toBe(true), { timeout: 10_000 });
    // a leaves the cluster without a word about its clients (as if killed): its heartbeat key
    // goes, and its presence must go from the other nodes.
    await a.cluster.close();
    await vi.waitFor(() => expect(!cb.presence.has(11) && !cc.presence.has(11), 'presence removed').toBe(true), { timeout: 5_000 });
  });
});

