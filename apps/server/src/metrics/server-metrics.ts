import type { DocStore } from '@tandem/store';
import type { SyncServer } from '@tandem/sync';
import { RuntimeMetrics } from './runtime-metrics.js';
import { Counter, Gauge, Histogram, type Metric, renderMetrics } from './prometheus.js';

/** Latency buckets in seconds, from 0.5 ms to 5 s. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** What the cluster relay reports, when there is one. */
export interface ClusterStatsSource {
  stats(): { docs: number; peers: number; published: number; publishErrors: number; received: number; catchUps: number };
}

/**
 * The server's Prometheus metrics: socket traffic, store append latency and relay lag are counted
 * as they happen; connections, loaded documents and relay counts are read when scraped.
 */
export class ServerMetrics {
  readonly messagesIn = new Counter('tandem_messages_received_total', 'WebSocket messages received from clients.');
  readonly messagesOut = new Counter('tandem_messages_sent_total', 'WebSocket messages sent to clients.');
  readonly bytesIn = new Counter('tandem_bytes_received_total', 'Bytes of WebSocket messages received from clients.');
  readonly bytesOut = new Counter('tandem_bytes_sent_total', 'Bytes of WebSocket messages sent to clients.');
  readonly appendSeconds = new Histogram('tandem_store_append_seconds', 'Time for the store to durably append a batch of updates.', LATENCY_BUCKETS);
  readonly relayLagSeconds = new Histogram(
    'tandem_relay_lag_seconds',
    'Time from another node publishing a message to this node receiving it (includes clock skew between machines).',
    LATENCY_BUCKETS,
  );
  /** Process, runtime and HTTP metrics (prom-client). */
  readonly runtime = new RuntimeMetrics();
  private readonly scraped: Metric[] = [];

  /** Counts one message of `bytes` received from a client. */
  received(bytes: number): void {
    this.messagesIn.inc();
    this.bytesIn.inc(bytes);
  }

  /** Counts one message of `bytes` sent to a client. */
  sent(bytes: number): void {
    this.messagesOut.inc();
    this.bytesOut.inc(bytes);
  }

  /** Reads live counts from the sync core (and the cluster relay, when there is one) at scrape time. */
  watch(sync: SyncServer, nodeId: string, cluster?: ClusterStatsSource | null): this {
    const id = `{node="${nodeId}"}`;
    this.scraped.push(
      new Gauge('tandem_node_info', 'This node (label node); always 1.', () => 1, { labels: id }),
      new Gauge('tandem_connections', 'Open WebSocket connections to documents.', () => sync.stats().sessions),
      new Gauge('tandem_loaded_docs', 'Documents loaded in memory.', () => sync.stats().rooms),
    );
    if (cluster) {
      const s = () => cluster.stats();
      const counter = { type: 'counter' } as const;
      this.scraped.push(
        new Gauge('tandem_relay_docs', 'Documents this node relays to and from other nodes.', () => s().docs),
        new Gauge('tandem_relay_peers', 'Other nodes heard from and alive.', () => s().peers),
        new Gauge('tandem_relay_published_total', 'Messages published to other nodes.', () => s().published, counter),
        new Gauge('tandem_relay_publish_errors_total', 'Messages that could not be published.', () => s().publishErrors, counter),
        new Gauge('tandem_relay_received_total', 'Messages received from other nodes.', () => s().received, counter),
        new Gauge('tandem_relay_catch_ups_total', 'Times a document caught up from the store after missed messages.', () => s().catchUps, counter),
      );
    }
    return this;
  }

  /** Wraps a store so that every append is timed; every other method passes through. */
  timeStore(store: DocStore): DocStore {
    const histogram = this.appendSeconds;
    const append: DocStore['append'] = async (docId, updates) => {
      const started = performance.now();
      try {
        return await store.append(docId, updates);
      } finally {
        histogram.observe((performance.now() - started) / 1000);
      }
    };
    return new Proxy(store, {
      get(target, prop) {
        if (prop === 'append') return append;
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  /** The Prometheus text exposition of every metric: the sync figures, then the process and HTTP ones. */
  async render(): Promise<string> {
    return renderMetrics([
      ...this.scraped,
      this.messagesIn,
      this.messagesOut,
      this.bytesIn,
      this.bytesOut,
      this.appendSeconds,
      this.relayLagSeconds,
    ]) + (await this.runtime.render());
  }

  /** Counts an upgrade refused with `status` (TrafficMeter). */
  refused(status: number): void {
    this.runtime.upgradeRefused(status);
  }

  /** Counts a sync socket closed with `code` (TrafficMeter). */
  closed(code: number): void {
    this.runtime.socketClosed(code);
  }
}
