import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPostgresStore } from '@tandem/store-postgres';
import { connectClient, synced, type TestClient, waitFor } from '../helpers/clients.js';
import { connectRotating, services, TestCluster } from '../helpers/cluster.js';
import { PrivateRedis } from '../helpers/private-redis.js';

const runs = services ? describe : describe.skip;
const NODE_TTL_MS = 1500;
const NODE_TTL = `${NODE_TTL_MS}ms`;

/** Clients that each append numbered tokens to the shared Y.Array `log` while editing is on. */
class Typists {
  /** Tokens typed by the clients still present. */
  readonly inserted = new Set<string>();
  private timers = new Map<TestClient, NodeJS.Timeout>();
  constructor(public clients: TestClient[]) {}

  start(everyMs = 15): void {
    this.clients.forEach((c, n) => {
      let i = 0;
      this.timers.set(
        c,
        setInterval(() => {
          const token = `c${n}-${i++}`;
          c.doc.getArray<string>('log').push([token]);
          this.inserted.add(token);
        }, everyMs),
      );
    });
  }

  stop(): void {
    for (const t of this.timers.values()) clearInterval(t);
    this.timers.clear();
  }

  /** Client `c` goes away for good (its browser closed): what only it held is not expected. */
  leave(c: TestClient): void {
    clearInterval(this.timers.get(c));
    c.destroy();
    const n = this.clients.indexOf(c);
    this.clients = this.clients.filter((x) => x !== c);
    for (const token of [...this.inserted]) if (token.startsWith(`c${n}-`)) this.inserted.delete(token);
  }

  /** Every token some client holds right now: what the clients have seen. */
  seen(): Set<string> {
    return new Set(this.clients.flatMap((c) => c.doc.getArray<string>('log').toArray()));
  }

  /** Resolves once every client is synced and holds every token typed, all in the same order. */
  async converged(ms = 20_000): Promise<void> {
    const first = () => this.clients[0]!.doc.getArray<string>('log');
    await waitFor(
      () =>
        this.clients.every((c) => c.provider.synced) &&
        [...this.inserted].every((t) => first().toArray().includes(t)) &&
        this.clients.every((c) => JSON.stringify(c.doc.getArray('log').toJSON()) === JSON.stringify(first().toJSON())),
      'every client to hold every token in the same order',
      ms,
    );
  }
}

runs('several server processes sharing PostgreSQL and Redis', () => {
  let cluster: TestCluster;
  let clients: TestClient[] = [];
  const track = <T extends TestClient>(c: T): T => {
    clients.push(c);
    return c;
  };

  let redis: PrivateRedis | null = null;
  afterEach(async () => {
    for (const c of clients) c.destroy();
    clients = [];
    await cluster?.dispose();
    await redis?.kill();
    redis = null;
  });

  /** What the shared store holds for `docId`, read as a fresh node would. */
  const storedTokens = async (docId: string): Promise<string[]> => {
    const store = await createPostgresStore({ connectionString: services!.databaseUrl, schema: cluster.schema });
    try {
      const doc = new Y.Doc();
      for (const u of (await store.load(docId))?.updates ?? []) Y.applyUpdate(doc, u);
      return doc.getArray<string>('log').toArray();
    } finally {
      await store.close();
    }
  };

  it('makes stock clients spread over three nodes converge, and carries presence across nodes', async () => {
    cluster = new TestCluster({ NODE_TTL });
    const nodes = [await cluster.start('n0'), await cluster.start('n1'), await cluster.start('n2')];
    const all = nodes.flatMap((node) => [track(connectClient(node.url, 'spread')), track(connectClient(node.url, 'spread'))]);
    await Promise.all(all.map(synced));
    const typists = new Typists(all);
    typists.start();
    await new Promise((r) => setTimeout(r, 600));
    typists.stop();
    await typists.converged();
    expect(typists.inserted.size).toBeGreaterThan(6 * 5);
    expect(new Set(await storedTokens('spread'))).toEqual(typists.inserted);

    const [ada, onN1, onN2] = [all[0]!, all[2]!, all[4]!];
    ada.provider.awareness.setLocalStateField('user', { name: 'Ada' });
    const sees = (c: TestClient) => c.provider.awareness.getStates().get(ada.doc.clientID)?.user?.name === 'Ada';
    await waitFor(() => sees(onN1) && sees(onN2), 'presence on the other nodes');
    // A client that joins a node later gets the presence of clients on other nodes.
    const late = track(connectClient(nodes[2]!.url, 'spread'));
    await synced(late);
    await waitFor(() => sees(late), 'presence for a late joiner');
    ada.provider.disconnect();
    await waitFor(() => !sees(onN1) && !sees(onN2) && !sees(late), 'presence removed on the other nodes', 5_000);
    for (const node of nodes) {
      expect(await cluster.metric(node, 'tandem_relay_received_total')).toBeGreaterThan(0);
      expect(await cluster.metric(node, 'tandem_relay_lag_seconds_count')).toBeGreaterThan(0);
      expect(await cluster.metric(node, 'tandem_relay_peers')).toBe(2);
    }
  }, 60_000);

  it('loses nothing any client saw when a node is SIGKILLed mid-editing; its clients carry on elsewhere', async () => {
    cluster = new TestCluster({ NODE_TTL });
    const nodes = [await cluster.start('n0'), await cluster.start('n1'), await cluster.start('n2')];
    const urls = nodes.map((n) => n.url);
    const rotating = [0, 0, 1, 1, 2, 2].map((first) => track(connectRotating(urls, 'kill', first)));
    // One client only knows the node that dies: its presence must vanish from the other nodes.
    const pinned = track(connectClient(nodes[0]!.url, 'kill'));
    await Promise.all([...rotating, pinned].map(synced));
    pinned.provider.awareness.setLocalStateField('user', { name: 'pinned' });
    const seesPinned = (c: TestClient) => c.provider.awareness.getStates().has(pinned.doc.clientID);
    await waitFor(() => seesPinned(rotating[2]!) && seesPinned(rotating[4]!), 'presence of the pinned client');

    const typists = new Typists(rotating);
    typists.start();
    await new Promise((r) => setTimeout(r, 700));
    // The node dies, and with it one of its clients for good (its browser closed too): what the
    // others saw of that client's edits must survive, as nobody will send it again.
    const killed = nodes[0]!.kill('SIGKILL');
    typists.leave(rotating[1]!);
    const seenAtKill = typists.seen();
    await killed;
    const killedAt = Date.now();
    await waitFor(() => !seesPinned(rotating[2]!) && !seesPinned(rotating[4]!), 'presence of the dead node removed', 2 * NODE_TTL_MS + 2_000);
    const presenceGoneMs = Date.now() - killedAt;
    await new Promise((r) => setTimeout(r, 700));
    typists.stop();
    await typists.converged();

    expect(rotating[0]!.node()).not.toBe(0); // it moved to another node
    const final = new Set(rotating[0]!.doc.getArray<string>('log').toArray());
    for (const token of seenAtKill) expect(final.has(token), `token ${token} seen before the kill`).toBe(true);
    for (const token of typists.inserted) expect(final.has(token), `token ${token} typed`).toBe(true);
    expect(new Set(await storedTokens('kill'))).toEqual(final);
    expect([...seenAtKill].some((t) => t.startsWith('c1-'))).toBe(true); // the departed client's edits were seen
    console.info(`multi-node: presence of the SIGKILLed node gone after ${presenceGoneMs} ms (NODE_TTL=${NODE_TTL})`);
  }, 60_000);

  it('starts while Redis is unreachable: live, but not ready', async () => {
    cluster = new TestCluster({ REDIS_URL: 'redis://127.0.0.1:1' });
    const node = await cluster.start('lonely');
    expect((await fetch(`${node.url}/livez`)).status).toBe(200);
    const res = await fetch(`${node.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable', failed: { redis: expect.any(String) } });
    expect(node.logs.some((l) => l.event === 'cluster.redis_unavailable')).toBe(true);
  }, 30_000);

  it('converges after Redis is killed and restarted mid-editing (a private Redis)', async () => {
    redis = await PrivateRedis.start();
    cluster = new TestCluster({ NODE_TTL, REDIS_URL: redis.url });
    const nodes = [await cluster.start('n0'), await cluster.start('n1'), await cluster.start('n2')];
    const all = [0, 0, 1, 1, 2, 2].map((first) => track(connectClient(nodes[first]!.url, 'restart')));
    await Promise.all(all.map(synced));
    const typists = new Typists(all);
    typists.start(10);
    await new Promise((r) => setTimeout(r, 300));
    await redis.kill();
    await new Promise((r) => setTimeout(r, 500)); // edits keep coming; nothing can be relayed
    const downStatus = (await fetch(`${nodes[0]!.url}/readyz`)).status;
    await redis.restart();
    await new Promise((r) => setTimeout(r, 300));
    typists.stop();
    await typists.converged();
    expect(downStatus).toBe(503);
    expect(new Set(await storedTokens('restart'))).toEqual(typists.inserted);
    for (const node of nodes) await waitFor(() => node.logs.some((l) => l.event === 'cluster.resubscribed'), `${node.id} to resubscribe`);
    const catchUps = (await Promise.all(nodes.map((n) => cluster.metric(n, 'tandem_relay_catch_ups_total')))).reduce((a, b) => a + b, 0);
    expect(catchUps).toBeGreaterThan(0);
    for (const node of nodes) expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
    console.info(`multi-node: Redis restarted mid-editing, ${catchUps} catch-ups from the store`);
  }, 60_000);

  it('converges after the nodes lose their Redis connections mid-editing', async () => {
    cluster = new TestCluster({ NODE_TTL });
    const nodes = [await cluster.start('n0'), await cluster.start('n1'), await cluster.start('n2')];
    const urls = nodes.map((n) => n.url);
    const all = [0, 0, 1, 1, 2, 2].map((first) => track(connectClient(urls[first]!, 'blip')));
    await Promise.all(all.map(synced));
    const typists = new Typists(all);
    typists.start(10);
    let dropped = 0;
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 200));
      dropped += await cluster.dropRedisConnections();
    }
    await new Promise((r) => setTimeout(r, 200));
    typists.stop();
    expect(dropped).toBeGreaterThanOrEqual(6); // at least pub and sub of all three nodes once
    await typists.converged();
    expect(new Set(await storedTokens('blip'))).toEqual(typists.inserted);
    for (const node of nodes) expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
    const catchUps = (await Promise.all(nodes.map((n) => cluster.metric(n, 'tandem_relay_catch_ups_total')))).reduce((a, b) => a + b, 0);
    console.info(`multi-node: ${dropped} Redis connections dropped, ${catchUps} catch-ups from the store`);
  }, 60_000);
});
