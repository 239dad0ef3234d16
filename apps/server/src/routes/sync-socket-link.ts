import { CloseCode, type Role, roleAtLeast } from '@tandem/protocol';
import type { Connection, Logger, Session, SyncServer } from '@tandem/sync';
import type { RawData, WebSocket } from 'ws';
import type { LiveAccess, WatchedSocket } from '../auth/live-access.js';
import type { SocketAccess } from '../auth/socket-auth.js';
import { onExpiry } from '../security/expiry-timer.js';
import type { RateWindow } from '../security/rate-limiter.js';
import type { SocketPolicy } from '../security/socket-policy.js';
import type { TrafficMeter } from '../traffic-meter.js';

/** What every sync socket of a server shares (one object, not copied per connection). */
export interface SyncSocketDeps {
  sync: SyncServer;
  logger: Logger;
  policy: SocketPolicy;
  /** Sockets that close when their person's or link's access changes. */
  live: LiveAccess;
  meter?: TrafficMeter;
}

/** Where a socket keeps its link, for the listeners every socket shares. */
const LINK = Symbol('tandem.syncSocketLink');
type LinkedSocket = WebSocket & { [LINK]: SyncSocketLink };

// One set of listeners for every socket (an emitter calls them with `this` = the socket), so a
// connection costs no closures of its own.
function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  (this as LinkedSocket)[LINK].received(data, isBinary);
}
function onClose(this: WebSocket, code: number): void {
  (this as LinkedSocket)[LINK].closed(code);
}
function onError(this: WebSocket, error: Error): void {
  (this as LinkedSocket)[LINK].failed(error);
}

/**
 * One upgraded sync socket, from open to close: it takes a connection slot, opens the Session,
 * rate limits every frame and closes the socket when its token expires. It is at once the
 * socket's listener target (`attach`), the Session's Connection to the `ws` socket and its own
 * rate window, and its state lives in its fields: an object like this is kept for every open
 * connection, so one object stands in for several objects and closures.
 */
export class SyncSocketLink implements Connection, RateWindow, WatchedSocket {
  /** RateWindow: this connection's count in its current second (see policy.rateLimiter). */
  windowStart = 0;
  messages = 0;
  bytes = 0;
  private raw: WebSocket | null = null;
  private session: Session | null = null;
  private counted = false;
  private cancelExpiry: (() => void) | null = null;
  /** WatchedSocket: the person or link its access came from, and the role it was given. */
  userId: string | null = null;
  share: string | null = null;
  role: Role = 'viewer';
  private watched = false;

  constructor(
    private readonly deps: SyncSocketDeps,
    readonly docId: string,
    /** What the gate allowed; only read when the socket opens, then let go. */
    private access: SocketAccess | null,
    private readonly ip: string,
    /** The room it syncs: the document itself, or its comments room (see comments-channel.ts). */
    readonly room: string = docId,
  ) {}

  /** The socket is open: listen to it, count it against the caps, then open its Session. */
  attach(ws: WebSocket): void {
    const raw = ws as LinkedSocket;
    raw[LINK] = this;
    raw.on('message', onMessage);
    raw.on('close', onClose);
    raw.on('error', onError);
    const { sync, logger, policy } = this.deps;
    const { readOnly, claims, role, user, userId, share } = this.access!;
    this.access = null;
    this.raw = raw;
    if (policy.connections.acquire(this.ip)) {
      raw.close(CloseCode.tryAgainLater, 'too many connections');
      return;
    }
    this.counted = true;
    this.role = role;
    if (userId !== null || share !== null) {
      this.userId = userId;
      this.share = share;
      this.watched = true;
      this.deps.live.add(this);
    }
    try {
      this.session = sync.connect(this, {
        docId: this.room,
        readOnly,
        context: claims ?? (user ? { sub: user.id, name: user.name } : null),
        presenceName: claims?.name ?? user?.name ?? null,
        access: {
          role: readOnly && roleAtLeast(role, 'editor') ? 'viewer' : role,
          user,
          maxFrameBytes: policy.maxFrameBytes,
          maxBytesPerSecond: policy.maxBytesPerSecond,
        },
      });
      logger.debug('socket.open', { doc: this.docId, session: this.session.id, readOnly, sub: claims?.sub ?? undefined });
    } catch {
      return; // connect already closed the socket (shutting down, at capacity)
    }
    if (claims) this.cancelExpiry = onExpiry(claims.exp * 1000, () => this.shut(CloseCode.tokenExpired, 'token expired'));
  }

  /**
   * One frame arrived: metered, rate limited, then handed to the Session, a binary frame as a copy
   * of exactly its bytes (not a view pinning a larger read buffer), a text frame as a string.
   */
  received(data: RawData, isBinary: boolean): void {
    const frame = data as Buffer; // ws's default binaryType, 'nodebuffer': one Buffer per frame
    const size = frame.length;
    this.deps.meter?.received(size);
    if (!this.deps.policy.rateLimiter.allow(this, size)) {
      this.deps.logger.warn('socket.rate_limited', { doc: this.docId, session: this.session?.id, ip: this.ip });
      this.shut(CloseCode.policyViolation, 'rate limit exceeded');
      return;
    }
    this.session?.receive(isBinary ? new Uint8Array(frame) : frame.toString('utf8'));
  }

  /** The socket closed: free its slot and let the Session store what it already received. */
  closed(code: number): void {
    this.deps.logger.debug('socket.close', { doc: this.docId, session: this.session?.id, code });
    this.deps.meter?.closed?.(code);
    this.cancelExpiry?.();
    this.cancelExpiry = null;
    if (this.counted) this.deps.policy.connections.release(this.ip);
    if (this.watched) this.deps.live.delete(this);
    this.watched = false;
    this.counted = false;
    this.session?.socketClosed();
  }

  /** The socket reported an error (it closes next). */
  failed(error: Error): void {
    this.deps.logger.warn('socket.error', { doc: this.docId, session: this.session?.id, error: String(error) });
  }

  /** Connection: sends one binary frame to the socket, counted by the meter. */
  send(frame: Uint8Array): void {
    this.raw!.send(frame, { binary: true });
    this.deps.meter?.sent(frame.length);
  }

  /** Connection: stops reading from the socket (its peer does not read what it is sent). */
  pauseReading(): void {
    this.raw?.pause();
  }

  /** Connection: reads from the socket again. */
  resumeReading(): void {
    this.raw?.resume();
  }

  /** Connection: closes the socket itself (the Session calls this). */
  close(code: number, reason: string): void {
    this.raw!.close(code, reason);
  }

  /** Connection: bytes queued on the socket, not yet written. */
  get bufferedAmount(): number {
    return this.raw!.bufferedAmount;
  }

  /** Closes the connection for cause: through its Session when it has one (also WatchedSocket's). */
  shut(code: number, reason: string): void {
    if (this.session) this.session.close(code, reason);
    else this.raw?.close(code, reason);
  }
}
