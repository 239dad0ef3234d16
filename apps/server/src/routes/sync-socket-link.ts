import { CloseCode } from '@tandem/protocol';
import type { Logger, Session, SyncServer } from '@tandem/sync';
import type { WebSocket } from 'ws';
import type { DocAccess } from '../auth/access.js';
import { onExpiry } from '../security/expiry-timer.js';
import type { RateLimiter } from '../security/rate-limiter.js';
import type { SocketPolicy } from '../security/socket-policy.js';
import { type TrafficMeter, WsConnection } from '../ws-connection.js';

/** What every sync socket of a server shares (one object, not copied per connection). */
export interface SyncSocketDeps {
  sync: SyncServer;
  logger: Logger;
  policy: SocketPolicy;
  meter?: TrafficMeter;
}

/**
 * One upgraded sync socket, from open to close: it takes a connection slot, opens the Session,
 * rate limits every frame and closes the socket when its token expires. Its state lives in fields
 * of one object because an object like this is kept for every open connection.
 */
export class SyncSocketLink {
  private readonly limiter: RateLimiter;
  private raw: WebSocket | null = null;
  private session: Session | null = null;
  private counted = false;
  private cancelExpiry: (() => void) | null = null;

  constructor(
    private readonly deps: SyncSocketDeps,
    private readonly docId: string,
    private readonly access: DocAccess,
    private readonly ip: string,
  ) {
    this.limiter = deps.policy.rateLimiter();
  }

  /** The socket is open: count it against the caps, then open its Session. */
  open(raw: WebSocket): void {
    const { sync, logger, policy, meter } = this.deps;
    this.raw = raw;
    if (policy.connections.acquire(this.ip)) {
      raw.close(CloseCode.tryAgainLater, 'too many connections');
      return;
    }
    this.counted = true;
    const { readOnly, claims } = this.access;
    try {
      this.session = sync.connect(new WsConnection(raw, meter), {
        docId: this.docId,
        readOnly,
        context: { claims, ip: this.ip },
        presenceName: claims?.name ?? null,
      });
      logger.debug('socket.open', { doc: this.docId, session: this.session.id, readOnly, sub: claims?.sub ?? undefined });
    } catch {
      return; // connect already closed the socket (shutting down, at capacity)
    }
    if (claims) this.cancelExpiry = onExpiry(claims.exp * 1000, () => this.close(CloseCode.tokenExpired, 'token expired'));
  }

  /** One frame arrived (an ArrayBuffer holding exactly its bytes, or a string for a text frame). */
  message(data: unknown): void {
    const size = typeof data === 'string' ? Buffer.byteLength(data) : (data as ArrayBuffer).byteLength;
    this.deps.meter?.received(size);
    if (!this.limiter.allow(size)) {
      this.deps.logger.warn('socket.rate_limited', { doc: this.docId, session: this.session?.id, ip: this.ip });
      this.close(CloseCode.policyViolation, 'rate limit exceeded');
      return;
    }
    this.session?.receive(typeof data === 'string' ? data : new Uint8Array(data as ArrayBuffer));
  }

  /** The socket closed: free its slot and let the Session store what it already received. */
  closed(code: number): void {
    this.deps.logger.debug('socket.close', { doc: this.docId, session: this.session?.id, code });
    this.cancelExpiry?.();
    this.cancelExpiry = null;
    if (this.counted) this.deps.policy.connections.release(this.ip);
    this.counted = false;
    this.session?.socketClosed();
  }

  /** The socket reported an error (it closes next). */
  error(error: unknown): void {
    this.deps.logger.warn('socket.error', { doc: this.docId, session: this.session?.id, error: String(error) });
  }

  private close(code: number, reason: string): void {
    if (this.session) this.session.close(code, reason);
    else this.raw?.close(code, reason);
  }
}
