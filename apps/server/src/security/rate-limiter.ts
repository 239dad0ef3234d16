/** The default clock, shared: a per-limiter closure would cost every connection ~100 bytes. */
const monotonicNow = (): number => performance.now();

/**
 * Messages and bytes one connection may send per second, counted in fixed one-second windows.
 * `allow` returns false as soon as either budget is exceeded; the host then closes with 1008.
 */
export class RateLimiter {
  private windowStart = 0;
  private messages = 0;
  private bytes = 0;

  constructor(
    private readonly maxMessagesPerSecond: number,
    private readonly maxBytesPerSecond: number,
    private readonly now: () => number = monotonicNow,
  ) {}

  /** Counts one message of `size` bytes; false when this second's budget is used up. */
  allow(size: number): boolean {
    const t = this.now();
    if (t - this.windowStart >= 1000) {
      this.windowStart = t;
      this.messages = 0;
      this.bytes = 0;
    }
    this.messages += 1;
    this.bytes += size;
    return this.messages <= this.maxMessagesPerSecond && this.bytes <= this.maxBytesPerSecond;
  }
}
