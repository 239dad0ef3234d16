/** Why a connection was refused by the connection caps. */
export type ConnectionRefusal = 'total' | 'per-ip';

/**
 * Counts open connections in total and per client IP. `check` is asked at the upgrade (before
 * anything is loaded); `acquire` counts a connection once its socket is open and `release` once
 * it closes.
 */
export class ConnectionLimits {
  private total = 0;
  private readonly perIp = new Map<string, number>();

  constructor(
    private readonly maxTotal: number,
    private readonly maxPerIp: number,
  ) {}

  /** Why one more connection from `ip` would break a cap, or null when it fits. */
  check(ip: string): ConnectionRefusal | null {
    if (this.total >= this.maxTotal) return 'total';
    if ((this.perIp.get(ip) ?? 0) >= this.maxPerIp) return 'per-ip';
    return null;
  }

  /** Counts a connection from `ip`; returns the refusal instead when a cap is full. */
  acquire(ip: string): ConnectionRefusal | null {
    const refusal = this.check(ip);
    if (refusal) return refusal;
    this.total++;
    this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1);
    return null;
  }

  /** Stops counting a connection from `ip`. */
  release(ip: string): void {
    const n = this.perIp.get(ip) ?? 0;
    if (n === 0) return;
    this.total--;
    if (n === 1) this.perIp.delete(ip);
    else this.perIp.set(ip, n - 1);
  }

  /** Open connections counted right now. */
  get size(): number {
    return this.total;
  }
}
