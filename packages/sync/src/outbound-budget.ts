/** What the budget knows of a sender: the bytes it had queued at its last look. */
export interface OutboundHolder {
  /** Bytes this holder had queued (not yet written to the network) when last counted. */
  queuedBytes: number;
  /** Bytes queued right now (the socket's bufferedAmount). */
  readonly bufferedNow: number;
}

/**
 * Bytes queued to send across every connection of a server, bounded (`maxBytes`). Each
 * connection's share is its socket's `bufferedAmount` at its last send, refreshed every second
 * for the connections holding much (so a drained socket stops counting); a send that would take
 * the total past the budget is refused and its connection closed (1013, try again later). So no
 * number of slow readers, from one IP or many, can make the server hold more than the budget.
 */
export class OutboundBudget {
  private total = 0;
  /** Connections holding at least `HEAVY` bytes: the ones worth refreshing. */
  private readonly heavy = new Set<OutboundHolder>();
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly maxBytes: number) {}

  /** Bytes counted as queued right now. */
  get queued(): number {
    return this.total;
  }

  /**
   * Counts `holder` sending `frameBytes` more on top of what its socket holds now. Returns false,
   * counting nothing, when that would take the server past its budget.
   */
  charge(holder: OutboundHolder, frameBytes: number): boolean {
    const now = holder.bufferedNow + frameBytes;
    const next = this.total - holder.queuedBytes + now;
    if (next > this.maxBytes && now > holder.queuedBytes) return false;
    this.set(holder, now);
    return true;
  }

  /** Refreshes `holder` from its socket (it drained some). */
  refresh(holder: OutboundHolder): void {
    this.set(holder, holder.bufferedNow);
  }

  /** Forgets `holder` (its connection closed). */
  release(holder: OutboundHolder): void {
    this.set(holder, 0);
  }

  private set(holder: OutboundHolder, bytes: number): void {
    this.total += bytes - holder.queuedBytes;
    holder.queuedBytes = bytes;
    if (bytes >= HEAVY) {
      this.heavy.add(holder);
      this.timer ??= setInterval(() => this.sweep(), 1000).unref();
    } else this.heavy.delete(holder);
  }

  private sweep(): void {
    for (const holder of [...this.heavy]) this.refresh(holder);
    if (this.heavy.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** Stops the refresh timer (the server shut down). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** Connections queuing at least this much are refreshed every second. */
const HEAVY = 64 * 1024;
