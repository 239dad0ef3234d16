import type { DocStore } from '@tandem/store';
import { type Logger, silentLogger } from '@tandem/sync';

/** What one relayed message cost: for the relay-lag and traffic metrics. */
export interface RelayEvent {
  docId: string;
  /** ms between the sender publishing and this node receiving (across machines, clock skew adds in). */
  lagMs: number;
  bytes: number;
}

/** Options of the Redis relay between nodes. `url`, `nodeId` and `store` are required. */
export interface RedisClusterOptions {
  /** Redis to meet the other nodes at: `redis://[:password@]host:6379[/db]` (`rediss://` for TLS). */
  url: string;
  /** This node's name, unique in the cluster. */
  nodeId: string;
  /** The store every node shares; asked for document clocks to notice missed updates. */
  store: DocStore;
  /** Prepended to every Redis channel and key, so deployments (or test runs) can share one Redis. */
  prefix?: string;
  logger?: Logger;
  /** A node whose heartbeat key is older than this is dead; its presence is removed (ms). */
  nodeTtlMs?: number;
  /** How often every loaded document's store clock is compared with what this node applied (ms). */
  checkIntervalMs?: number;
  /** How long a hole in the relayed clocks may stay open before catching up from the store (ms). */
  holeTimeoutMs?: number;
  /** Called for every message received from another node (metrics). */
  onRelay?(event: RelayEvent): void;
}

/** The options with every default filled in. */
export type ResolvedClusterOptions = Required<Omit<RedisClusterOptions, 'onRelay'>> & Pick<RedisClusterOptions, 'onRelay'>;

/** Merges options over the defaults, in one place. */
export function resolveClusterOptions(options: RedisClusterOptions): ResolvedClusterOptions {
  for (const key of ['url', 'nodeId'] as const) {
    if (!options[key]) throw new RangeError(`RedisClusterOptions.${key} is required`);
  }
  if (!options.store) throw new RangeError('RedisClusterOptions.store is required');
  const resolved = {
    prefix: 'tandem:',
    logger: silentLogger,
    nodeTtlMs: 15_000,
    checkIntervalMs: 5_000,
    holeTimeoutMs: 1_000,
    ...options,
  };
  for (const key of ['nodeTtlMs', 'checkIntervalMs', 'holeTimeoutMs'] as const) {
    if (!Number.isFinite(resolved[key]) || resolved[key] <= 0) {
      throw new RangeError(`RedisClusterOptions.${key} must be a positive number`);
    }
  }
  return resolved;
}
