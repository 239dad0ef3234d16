import { Redis } from 'ioredis';
import { readMessage } from '@tandem/protocol';
import type { Room, SyncHooks, SyncServer } from '@tandem/sync';
import { type RedisClusterOptions, type ResolvedClusterOptions, resolveClusterOptions } from './options.js';
import { PeerLiveness } from './peer-liveness.js';
import { decodeRelayMessage, encodeRelayMessage, type RelayMessage } from './wire.js';

/** Counts for health checks and metrics. */
export interface ClusterStats {
  /** Documents this node relays (it has clients for them). */
  docs: number;
  /** Other nodes heard from and believed alive. */
  peers: number;
  published: number;
  publishErrors: number;
  received: number;
  /** Times a document caught up from the store after missed relays. */
  catchUps: number;
}

/**
 * The relay between nodes. Give `hooks` to the sync core, then `attach` the core. For every
 * document with local clients the node subscribes to its channel; it publishes each update once
 * the store holds it (with its store clock) and its clients' presence. Receivers apply both; a
 * hole in the clocks that does not fill in time, or a store clock ahead of what was applied (seen
 * by a periodic check and after every reconnect to Redis), makes the node catch up from the store.
 */
export class RedisCluster {
  /** Hooks to pass to `createSyncServer` (merge them with the host's own). */
  readonly hooks: Required<Pick<SyncHooks, 'onLoad' | 'onChange' | 'onAwareness' | 'onUnload' | 'onEvict'>>;
  private readonly options: ResolvedClusterOptions;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly liveness: PeerLiveness;
  private sync: SyncServer | null = null;
  private readonly channels = new Set<string>();
  private readonly holeTimers = new Map<string, NodeJS.Timeout>();
  /** Rooms reading the store right now (one catch-up at a time per room is enough). */
  private readonly catchingUp = new Set<Room>();
  private checkTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** True while closing connections because another node asked to (not to be relayed back). */
  private evicting = false;
  private readonly counts = { published: 0, publishErrors: 0, received: 0, catchUps: 0 };

  constructor(options: RedisClusterOptions) {
    this.options = resolveClusterOptions(options);
    const { url, nodeId, prefix, logger } = this.options;
    const connection = (role: string) => {
      const redis = new Redis(url, {
        connectionName: `${prefix}${nodeId}:${role}`.replace(/\s/g, '_'),
        enableOfflineQueue: role === 'sub',
        maxRetriesPerRequest: role === 'sub' ? null : 1,
      });
      redis.on('error', (err: Error) => logger.warn('cluster.redis_error', { role, error: err.message }));
      return redis;
    };
    this.pub = connection('pub');
    this.sub = connection('sub');
    this.liveness = new PeerLiveness(this.pub, (node) => `${prefix}node:${node}`, nodeId, this.options.nodeTtlMs, (node) =>
      this.peerDied(node),
    );
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString(), message));
    let connectedBefore = false;
    this.sub.on('ready', () => {
      if (connectedBefore) {
        logger.warn('cluster.resubscribed', { docs: this.channels.size });
        void this.liveness.beat();
        // Whatever was published while we were away is lost on pub/sub: compare with the store.
        void this.checkAll();
      }
      connectedBefore = true;
    });
    this.hooks = {
      onLoad: async ({ docId }) => {
        const channel = this.channelOf(docId);
        this.channels.add(channel);
        const subscribed = this.sub.subscribe(channel);
        // Wait briefly, so that normally nothing published after the load is missed; a Redis
        // outage must not stop clients from opening documents (the check afterwards catches up).
        await Promise.race([subscribed.catch(() => {}), new Promise((r) => setTimeout(r, 2_000).unref())]);
        void subscribed
          .then(() => this.sync?.room(docId)?.ready)
          .then(() => {
            this.publish(docId, { type: 'hello', node: nodeId, sentAt: Date.now() });
            return this.check([docId]);
          })
          .catch(() => {});
      },
      onChange: ({ docId, update, clock }) => {
        this.publish(docId, { type: 'update', node: nodeId, sentAt: Date.now(), clock, update });
        // Our clock jumped past updates of other nodes not heard of yet: make sure they come.
        const room = this.sync?.room(docId);
        if (room && room.cluster.clock.highest > room.cluster.clock.through) this.watchHole(room);
      },
      onAwareness: ({ docId, frame }) => {
        const message = readMessage(frame);
        if (message.type === 'awareness') {
          this.publish(docId, { type: 'awareness', node: nodeId, sentAt: Date.now(), update: message.update });
        }
      },
      onEvict: ({ docId, code, reason }) => {
        if (!this.evicting) this.publish(docId, { type: 'evict', node: nodeId, sentAt: Date.now(), code, reason });
      },
      onUnload: ({ docId }) => {
        const channel = this.channelOf(docId);
        this.channels.delete(channel);
        clearTimeout(this.holeTimers.get(docId));
        this.holeTimers.delete(docId);
        void this.sub.unsubscribe(channel).catch(() => {});
      },
    };
  }

  /**
   * Starts relaying for `sync` (the core built with `hooks`). Waits up to `waitMs` for Redis; when
   * it is not there yet the node still starts (not ready, see `ping`) and keeps reconnecting.
   */
  async attach(sync: SyncServer, waitMs = 5_000): Promise<void> {
    this.sync = sync;
    const ready = (r: Redis) => (r.status === 'ready' ? Promise.resolve() : new Promise<void>((res) => r.once('ready', () => res())));
    let timer: NodeJS.Timeout | undefined;
    const waited = await Promise.race([
      Promise.all([ready(this.pub), ready(this.sub)]).then(() => true),
      new Promise<false>((res) => (timer = setTimeout(() => res(false), waitMs))),
    ]);
    clearTimeout(timer);
    if (!waited) this.options.logger.warn('cluster.redis_unavailable', { node: this.options.nodeId, waitedMs: waitMs });
    this.liveness.start();
    this.checkTimer = setInterval(() => void this.checkAll(), this.options.checkIntervalMs);
    this.checkTimer.unref();
    this.options.logger.info('cluster.joined', { node: this.options.nodeId, prefix: this.options.prefix });
  }

  /** Resolves when both Redis connections answer (readiness); rejects otherwise. */
  async ping(): Promise<void> {
    if (this.sub.status !== 'ready') throw new Error(`redis subscriber is ${this.sub.status}`);
    await this.pub.ping();
  }

  /** Counts for health checks and metrics. */
  stats(): ClusterStats {
    return { docs: this.channels.size, peers: this.liveness.peerCount, ...this.counts };
  }

  /** Stops relaying: the heartbeat key is removed and both connections close after pending sends. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.checkTimer) clearInterval(this.checkTimer);
    for (const t of this.holeTimers.values()) clearTimeout(t);
    await this.liveness.stop();
    await Promise.all([this.pub.quit().catch(() => this.pub.disconnect()), this.sub.quit().catch(() => this.sub.disconnect())]);
  }

  private channelOf(docId: string): string {
    return `${this.options.prefix}doc:${docId}`;
  }

  private publish(docId: string, message: RelayMessage): void {
    if (this.closed) return;
    const bytes = encodeRelayMessage(message);
    this.pub.publish(this.channelOf(docId), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)).then(
      () => this.counts.published++,
      (err: Error) => {
        // The others notice the missing clock and catch up from the store.
        this.counts.publishErrors++;
        this.options.logger.warn('cluster.publish_failed', { doc: docId, type: message.type, error: err.message });
      },
    );
  }

  private receive(channel: string, bytes: Buffer): void {
    const docId = channel.slice(this.channelOf('').length);
    let message: RelayMessage;
    try {
      message = decodeRelayMessage(bytes);
    } catch (err) {
      this.options.logger.warn('cluster.bad_message', { doc: docId, error: String(err) });
      return;
    }
    if (message.node === this.options.nodeId) return;
    this.counts.received++;
    this.liveness.heard(message.node);
    this.options.onRelay?.({ docId, lagMs: Math.max(0, Date.now() - message.sentAt), bytes: bytes.length });
    const room = this.sync?.room(docId);
    if (!room) return;
    const apply = () => this.apply(room, message);
    if (room.state === 'ready') apply();
    else room.ready.then(apply, () => {});
  }

  private apply(room: Room, message: RelayMessage): void {
    if (room.state !== 'ready') return;
    switch (message.type) {
      case 'update':
        room.cluster.applyRemote(message.update, message.clock);
        if (room.cluster.clock.highest > room.cluster.clock.through) this.watchHole(room);
        return;
      case 'awareness':
        room.cluster.applyRemoteAwareness(message.update, message.node);
        return;
      case 'evict':
        this.evicting = true;
        try {
          this.sync?.disconnectAll(room.docId, message.code, message.reason);
        } finally {
          this.evicting = false;
        }
        return;
      case 'hello': {
        const frame = room.cluster.localAwarenessFrame();
        const presence = frame && readMessage(frame);
        if (presence?.type === 'awareness') {
          this.publish(room.docId, { type: 'awareness', node: this.options.nodeId, sentAt: Date.now(), update: presence.update });
        }
        return;
      }
    }
  }

  /** A relayed clock arrived above a hole: give the missing ones a moment, then read the store. */
  private watchHole(room: Room): void {
    if (this.holeTimers.has(room.docId)) return;
    const timer = setTimeout(() => {
      this.holeTimers.delete(room.docId);
      if (room.cluster.clock.highest > room.cluster.clock.through) void this.catchUp(room, room.cluster.clock.highest, 'hole');
    }, this.options.holeTimeoutMs);
    timer.unref();
    this.holeTimers.set(room.docId, timer);
  }

  /** Compares every loaded document's store clock with what this node applied. */
  private checkAll(): Promise<void> {
    return this.check((this.sync?.loadedRooms() ?? []).filter((r) => r.state === 'ready').map((r) => r.docId));
  }

  /**
   * For each document whose store clock is ahead of what this node applied, waits `holeTimeoutMs`
   * (the relay may simply be on its way) and catches up if it is still behind.
   */
  private async check(docIds: string[]): Promise<void> {
    if (docIds.length === 0 || this.closed) return;
    const { store, logger, holeTimeoutMs } = this.options;
    let heads: Map<string, number>;
    try {
      heads = store.clocks
        ? await store.clocks(docIds)
        : new Map(await Promise.all(docIds.map(async (id) => [id, (await store.load(id))?.clock ?? 0] as const)));
    } catch (err) {
      logger.warn('cluster.check_failed', { error: String(err) });
      return;
    }
    for (const [docId, head] of heads) {
      const room = this.sync?.room(docId);
      if (!room || head <= room.cluster.clock.through) continue;
      setTimeout(() => {
        if (room.state === 'ready' && room.cluster.clock.through < head) void this.catchUp(room, head, 'behind-store');
      }, holeTimeoutMs).unref();
    }
  }

  private async catchUp(room: Room, wanted: number, why: string): Promise<void> {
    if (this.catchingUp.has(room)) return;
    this.catchingUp.add(room);
    const from = room.cluster.clock.through;
    try {
      const to = await room.cluster.catchUp();
      this.counts.catchUps++;
      this.options.logger.info('cluster.caught_up', { doc: room.docId, why, from, to, wanted });
    } catch (err) {
      this.options.logger.warn('cluster.catch_up_failed', { doc: room.docId, error: String(err) });
    } finally {
      this.catchingUp.delete(room);
    }
  }

  private peerDied(node: string): void {
    this.options.logger.info('cluster.peer_gone', { peer: node });
    for (const room of this.sync?.loadedRooms() ?? []) room.cluster.removeRemotePeer(node);
  }
}

/** Creates the relay; pass its `hooks` to the sync core, then call `attach(sync)`. */
export function createRedisCluster(options: RedisClusterOptions): RedisCluster {
  return new RedisCluster(options);
}
