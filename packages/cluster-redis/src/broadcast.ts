import { Redis } from 'ioredis';

/** Options of a Redis broadcast channel. */
export interface RedisBroadcastOptions {
  url: string;
  /** The full channel name (put the deployment's prefix in it). */
  channel: string;
  /** This node's name: its own messages are not handed back to it. */
  nodeId: string;
  /** Called with every message another node published. */
  onMessage(message: string): void;
  /** Called when Redis reports an error (it reconnects by itself). */
  onError?(error: Error): void;
}

/** A small fire-and-forget channel between the nodes of a cluster. */
export interface RedisBroadcast {
  publish(message: string): void;
  close(): Promise<void>;
}

/**
 * One pub/sub channel every node of a cluster hears, for small control messages (e.g. "this
 * document's access changed"). Messages are at most once: a node that is disconnected misses
 * them. Resolves once subscribed.
 */
export async function createRedisBroadcast(options: RedisBroadcastOptions): Promise<RedisBroadcast> {
  const { url, channel, nodeId, onMessage, onError = () => {} } = options;
  const pub = new Redis(url, { connectionName: `${channel}:${nodeId}:pub`.replace(/\s/g, '_'), maxRetriesPerRequest: 1 });
  const sub = new Redis(url, { connectionName: `${channel}:${nodeId}:sub`.replace(/\s/g, '_'), maxRetriesPerRequest: null });
  pub.on('error', onError);
  sub.on('error', onError);
  const prefix = `${nodeId}\n`;
  sub.on('message', (from: string, message: string) => {
    if (from !== channel || message.startsWith(prefix)) return;
    const at = message.indexOf('\n');
    if (at >= 0) onMessage(message.slice(at + 1));
  });
  await sub.subscribe(channel);
  return {
    publish(message) {
      void pub.publish(channel, prefix + message).catch(onError);
    },
    async close() {
      sub.disconnect();
      pub.disconnect();
    },
  };
}
