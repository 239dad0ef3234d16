import type { Redis } from 'ioredis';

/**
 * Heartbeats of this node and the liveness of the peers it has heard from. Each node refreshes a
 * key with a TTL; a peer whose key is missing at two checks in a row is reported dead (one miss
 * may be a Redis restart that every node is about to refresh after).
 */
export class PeerLiveness {
  private readonly misses = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly keyOf: (node: string) => string,
    private readonly nodeId: string,
    private readonly ttlMs: number,
    private readonly onDead: (node: string) => void,
  ) {}

  /** Starts heartbeating and checking, every third of the TTL. */
  start(): void {
    const every = Math.max(50, Math.floor(this.ttlMs / 3));
    void this.beat();
    this.timer = setInterval(() => {
      void this.beat();
      void this.check();
    }, every);
    this.timer.unref();
  }

  /** Notes that `node` is talking (so its liveness is checked from now on). */
  heard(node: string): void {
    if (node !== this.nodeId && !this.misses.has(node)) this.misses.set(node, 0);
  }

  /** How many peers are believed alive. */
  get peerCount(): number {
    return this.misses.size;
  }

  /** Refreshes this node's key now (also after a reconnect, when Redis may have lost it). */
  async beat(): Promise<void> {
    await this.redis.set(this.keyOf(this.nodeId), String(Date.now()), 'PX', this.ttlMs).catch(() => {});
  }

  private async check(): Promise<void> {
    const peers = [...this.misses.keys()];
    if (peers.length === 0) return;
    let alive: (string | null)[];
    try {
      alive = await this.redis.mget(peers.map(this.keyOf));
    } catch {
      return; // Redis is away: judge nobody
    }
    peers.forEach((node, i) => {
      if (alive[i] !== null) return void this.misses.set(node, 0);
      const misses = (this.misses.get(node) ?? 0) + 1;
      if (misses < 2) return void this.misses.set(node, misses);
      this.misses.delete(node);
      this.onDead(node);
    });
  }

  /** Stops the timers and removes this node's key (a clean leave). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.redis.del(this.keyOf(this.nodeId)).catch(() => {});
  }
}
