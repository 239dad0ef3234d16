/** Failed sign-ins allowed per account, and per client IP, within WINDOW_MS. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;
export const WINDOW_MS = 15 * 60_000;
/** Most keys remembered; the oldest are forgotten first (bounds memory under a spray of emails). */
const MAX_KEYS = 50_000;

interface Window {
  start: number;
  failures: number;
}

/**
 * Counts failed sign-ins per account (email) and per IP in fixed windows. Once either count is
 * at its limit, sign-in is refused (429) until the window ends, even with the right password, so
 * guessing is slow whatever the attacker spreads. A success clears the account's count. Kept in
 * memory per node.
 */
export class SignInThrottle {
  private readonly windows = new Map<string, Window>();
  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds until `email` from `ip` may try again; 0 when it may now. */
  retryAfter(email: string, ip: string): number {
    return Math.max(this.wait(`a:${email}`, MAX_FAILURES_PER_ACCOUNT), this.wait(`i:${ip}`, MAX_FAILURES_PER_IP));
  }

  /** Records a failed attempt. */
  failed(email: string, ip: string): void {
    this.bump(`a:${email}`);
    this.bump(`i:${ip}`);
  }

  /** Records a success: the account's count starts again (the IP's stays). */
  succeeded(email: string): void {
    this.windows.delete(`a:${email}`);
  }

  private current(key: string): Window | null {
    const w = this.windows.get(key);
    if (!w) return null;
    if (this.now() - w.start >= WINDOW_MS) {
      this.windows.delete(key);
      return null;
    }
    return w;
  }

  private wait(key: string, limit: number): number {
    const w = this.current(key);
    return w && w.failures >= limit ? w.start + WINDOW_MS - this.now() : 0;
  }

  private bump(key: string): void {
    const w = this.current(key);
    if (w) {
      w.failures++;
      return;
    }
    if (this.windows.size >= MAX_KEYS) this.windows.delete(this.windows.keys().next().value!);
    this.windows.set(key, { start: this.now(), failures: 1 });
  }
}
