/**
 * @tandem/cluster-redis: lets several Tandem nodes serve the same documents. Nodes relay stored
 * updates and presence over Redis pub/sub, notice missed messages from the store clock, and catch
 * up from the shared store.
 */
export { createRedisCluster, RedisCluster, type ClusterStats } from './redis-cluster.js';
export type { RedisClusterOptions, RelayEvent } from './options.js';
export { createRedisBroadcast, type RedisBroadcast, type RedisBroadcastOptions } from './broadcast.js';
export { encodeRelayMessage, decodeRelayMessage, type RelayMessage } from './wire.js';
