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

  constructor(
    private readonly receivers: () => Iterable<R>,
    private readonly intervalMs: number,
  ) {}

  /** Relays `entries` changed by `owner` (now, or at the end of the current interval). */
  relay(entries: readonly AwarenessEntry[], owner: R): void {
    const pending = (this.pending ??= new Map());
    for (const entry of entries) {
      pending.delete(entry.clientId); // keep arrival order: re-insert at the end
      pending.set(entry.clientId, { entry, owner });
    }
    if (this.timer) return;
    this.flush();
    if (this.intervalMs > 0) this.startInterval();
  }

  private startInterval(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.pending?.size) return;
      this.flush();
      this.startInterval();
    }, this.intervalMs);
    this.timer.unref?.();
  }

  /** Relays everything gathered so far. */
  flush(): void {
    if (!this.pending?.size) return;
    const items = [...this.pending.values()];
    this.pending.clear();
    const owners = new Set(items.map((p) => p.owner));
    const frameOf = (list: Pending<R>[]) => writeAwareness(writeAwarenessUpdate(list.map((p) => p.entry)));
    const all = frameOf(items);
    for (const r of this.receivers()) {
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
