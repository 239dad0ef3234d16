import * as Y from 'yjs';

/**
 * When each pre-encoded update left the load generator, by client id and clock, and the
 * propagation latencies receivers observed. Receivers learn which updates a frame holds from the
 * update's clock ranges, so a server that merges several updates into one frame is measured right.
 */
export class LatencyBook {
  private readonly sent = new Map<number, Float64Array>();
  /** Latencies in ms of updates sent while recording. */
  readonly samples: number[] = [];
  /** Updates delivered to receivers (each receiver counts). */
  delivered = 0;
  recording = false;

  /** Registers a writer with `capacity` updates of one clock each. */
  register(clientId: number, capacity: number): void {
    this.sent.set(clientId, new Float64Array(capacity + 1));
  }

  /** Notes that the update with `clock` of `clientId` is being sent now (0 when not recording). */
  markSent(clientId: number, clock: number): void {
    const times = this.sent.get(clientId);
    if (times && clock < times.length) times[clock] = this.recording ? performance.now() : 0;
  }

  /** Starts a new measuring window. */
  reset(): void {
    this.samples.length = 0;
    this.delivered = 0;
  }

  /** A receiver's view: call it with every update frame it receives. */
  receiver(): (update: Uint8Array) => void {
    const seen = new Map<number, number>();
    return (update) => {
      const meta = Y.parseUpdateMeta(update);
      const now = performance.now();
      for (const [client, to] of meta.to) {
        const times = this.sent.get(client);
        if (!times) continue;
        const from = seen.get(client) ?? 0;
        if (to <= from) continue;
        seen.set(client, to);
        this.delivered += to - from;
        if (!this.recording) continue;
        for (let c = from; c < to && c < times.length; c++) {
          const t = times[c]!;
          if (t > 0) this.samples.push(now - t);
        }
      }
    };
  }
}

/** The p-th percentile (0-100) of `values`, or null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** The median of `values`, or null when empty. */
export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}
