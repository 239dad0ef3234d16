/** The default clock, shared: a per-limiter closure would cost every connection ~100 bytes. */
const monotonicNow = (): number => performance.now();

/**
 * One connection's count in its current one-second window, all three starting at 0. The connection
 * keeps these fields itself (an object of its own would cost every open connection ~70 bytes).
 */
export interface RateWindow {
  windowStart: number;
  messages: number;
  bytes: number;
}

/**
 * Messages and bytes one connection may send per second, counted in fixed one-second windows.
 * One limiter serves every connection of a server; each connection brings its own RateWindow.
 * `allow` returns false as soon as either budget is exceeded; the host then closes with 1008.
 */
export class RateLimiter {
  constructor(
    private readonly maxMessagesPerSecond: number,
    private readonly maxBytesPerSecond: number,
    private readonly now: () => number = monotonicNow,
  ) {}

  /** Counts one message of `size` bytes in `window`; false when this second's budget is used up. */
  allow(window: RateWindow, size: number): boolean {
    const t = this.now();
    if (t - window.windowStart >= 1000) {
      window.windowStart = t;
      window.messages = 0;
      window.bytes = 0;
    }
    window.messages += 1;
    window.bytes += size;
    return window.messages <= this.maxMessagesPerSecond && window.bytes <= this.maxBytesPerSecond;
  }
}
