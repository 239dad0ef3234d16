import { type AwarenessEntry, writeAwareness, writeAwarenessUpdate } from '@tandem/protocol';

/** What the fan-out needs of a receiver. */
interface Receiver {
  send(frame: Uint8Array): void;
}

interface Pending<R> {
  entry: AwarenessEntry;
  owner: R;
}

/**
 * Throttled awareness fan-out for one document. The first change after a quiet spell is relayed at
 * once; changes arriving within `intervalMs` after that are gathered (the latest state per client
 * id wins) and relayed together, one frame per receiver, when the interval ends. A receiver never
 * gets its own entries back. With `intervalMs` 0 every change is relayed at once.
 */
export class AwarenessFanOut<R extends Receiver> {
  /** Allocated on first use: most documents never relay presence. */
  private pending: Map<number, Pending<R>> | null = null;
  private timer: NodeJS.Timeout | null = null;

  /** What this second's fan-out may still send, all receivers counted (see `maxBytesPerSecond`). */
  private allowance: number;
  private allowanceAt = 0;

  constructor(
    private readonly receivers: () => Iterable<R>,
    private readonly intervalMs: number,
    /** Bytes of frames this document may send out per second; past it, changes wait for a later interval. */
    private readonly maxBytesPerSecond = Number.POSITIVE_INFINITY,
  ) {
    this.allowance = maxBytesPerSecond;
  }

  /** Relays `entries` changed by `owner` (now, or at the end of the current interval). */
  relay(entries: readonly AwarenessEntry[], owner: R): void {
    const pending = (this.pending ??= new Map());
    for (const entry of entries) {
      pending.delete(entry.clientId); // keep arrival order: re-insert at the end
      pending.set(entry.clientId, { entry, owner });
    }
    if (this.timer) return;
    this.flush(false);
    if (this.intervalMs > 0 || this.pending?.size) this.startInterval();
  }

  private startInterval(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.pending?.size) return;
      this.flush(false);
      this.startInterval();
    }, Math.max(this.intervalMs, this.pending?.size ? 50 : 0));
    this.timer.unref?.();
  }

  /**
   * Relays everything gathered so far. Unless `force`d (a member leaves: what it sent goes out
   * first), it waits instead when this second's byte allowance cannot pay for every receiver.
   */
  flush(force = true): void {
    if (!this.pending?.size) return;
    const items = [...this.pending.values()];
    const owners = new Set(items.map((p) => p.owner));
    const frameOf = (list: Pending<R>[]) => writeAwareness(writeAwarenessUpdate(list.map((p) => p.entry)));
    const all = frameOf(items);
    const receivers = [...this.receivers()];
    if (this.maxBytesPerSecond !== Number.POSITIVE_INFINITY) {
      const now = performance.now();
      if (now - this.allowanceAt >= 1000) {
        this.allowanceAt = now;
        this.allowance = this.maxBytesPerSecond;
      }
      const cost = all.length * receivers.length;
      if (!force && cost > this.allowance && this.allowance < this.maxBytesPerSecond) return; // next interval
      this.allowance -= cost;
    }
    this.pending.clear();
    for (const r of receivers) {
      if (!owners.has(r)) {
        r.send(all);
        continue;
      }
      const others = items.filter((p) => p.owner !== r);
      if (others.length > 0) r.send(frameOf(others));
    }
  }

  /** Stops the interval timer; nothing pending is sent. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }
}
