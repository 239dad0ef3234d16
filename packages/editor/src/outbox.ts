import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { type AccessInfo, readAccess, roleAtLeast } from '@tandem/protocol';
import { splitUpdate } from '@tandem/protocol/split-update';

/** Frames are split below this many bytes even when the server would take more. */
const MAX_CHUNK_BYTES = 128 * 1024;
/** The server's defaults, assumed until its access frame says otherwise. */
const DEFAULT_MAX_FRAME = 1 << 20;
const DEFAULT_MAX_BYTES_PER_SECOND = 1 << 20;
/** Frames per second sent at most (the server's default limit is 300). */
const MAX_FRAMES_PER_SECOND = 100;

/** What the sockets of one editor report to it. */
export interface OutboxEvents {
  /** The server told this socket its access (the first frame of a connection). */
  access(access: AccessInfo): void;
  /** A change holds a piece larger than the server takes: it is not sent. */
  tooLarge(): void;
  /** A frame arrived (any frame: the connection is alive). */
  received(): void;
}

/** While paced frames wait, a query-awareness goes out this often so the server answers: a socket busy sending is not silent. */
const KEEPALIVE_MS = 5000;
const QUERY_AWARENESS = new Uint8Array([3]);

/** True for presence frames (awareness, query-awareness): their order against changes does not matter. */
function isPresenceFrame(frame: Uint8Array): boolean {
  return frame.length > 0 && (frame[0] === 1 || frame[0] === 3);
}

/** True for a frame carrying document changes (sync step 2 or update). */
function isChangeFrame(frame: Uint8Array): boolean {
  return frame.length > 1 && frame[0] === 0 && (frame[1] === 1 || frame[1] === 2);
}

function updateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

/**
 * The outgoing side of one socket. Until the server's access frame arrives every frame waits; then
 * document changes are dropped when the role cannot write (nothing typed without write access is
 * ever sent), and otherwise sent split below the server's frame limit and paced under its byte and
 * frame rates (token buckets), in order. Presence frames skip the queue.
 */
class Outbox {
  private queue: Uint8Array[] = [];
  private access: AccessInfo | null = null;
  private bytes = 0;
  private frames = 0;
  private refilled = performance.now();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private keepalive: ReturnType<typeof setInterval> | null = null;
  private closed = false;

  constructor(
    private readonly write: (frame: Uint8Array) => void,
    private readonly events: OutboxEvents,
  ) {}

  /** Sent per second: 80% of the server's limit, with a burst of 15%, stays under it in any one-second window. */
  private get bytesPerSecond(): number {
    return (this.access?.maxBytesPerSecond ?? DEFAULT_MAX_BYTES_PER_SECOND) * 0.8;
  }

  private get burstBytes(): number {
    return (this.access?.maxBytesPerSecond ?? DEFAULT_MAX_BYTES_PER_SECOND) * 0.15;
  }

  private get chunkBytes(): number {
    return Math.min(MAX_CHUNK_BYTES, Math.floor((this.access?.maxFrameBytes ?? DEFAULT_MAX_FRAME) * 0.75));
  }

  /** Reads an incoming frame: the access frame sets the role and lets waiting frames go. */
  received(frame: Uint8Array): void {
    this.events.received();
    if (this.access) return;
    let access: AccessInfo | null = null;
    try {
      access = readAccess(frame);
    } catch {
      return;
    }
    if (!access) return;
    this.access = access;
    this.bytes = this.burstBytes;
    this.frames = MAX_FRAMES_PER_SECOND / 2;
    this.events.access(access);
    const waiting = this.queue;
    this.queue = [];
    for (const frame of waiting) this.send(frame);
  }

  send(frame: Uint8Array): void {
    if (this.closed) return;
    if (!this.access) {
      this.queue.push(frame);
      return;
    }
    if (isChangeFrame(frame)) {
      if (!roleAtLeast(this.access.role, 'editor')) return;
      if (frame.length > this.chunkBytes) {
        const decoder = decoding.createDecoder(frame);
        decoding.readVarUint(decoder);
        decoding.readVarUint(decoder);
        const chunks = splitUpdate(decoding.readVarUint8Array(decoder), this.chunkBytes);
        const limit = this.access.maxFrameBytes ?? DEFAULT_MAX_FRAME;
        const frames = chunks.map(updateFrame);
        if (frames.some((f) => f.length > limit)) {
          this.events.tooLarge();
          return;
        }
        this.queue.push(...frames);
        this.pump();
        return;
      }
    }
    if (isPresenceFrame(frame) && this.queue.length > 0) {
      // presence does not wait behind a large change being paced out (and proves the socket alive)
      this.writeNow(frame);
      return;
    }
    this.queue.push(frame);
    this.pump();
  }

  private writeNow(frame: Uint8Array): void {
    try {
      this.write(frame);
    } catch {
      this.close();
    }
  }

  private refill(): void {
    const now = performance.now();
    const seconds = (now - this.refilled) / 1000;
    this.refilled = now;
    this.bytes = Math.min(this.burstBytes, this.bytes + seconds * this.bytesPerSecond);
    this.frames = Math.min(MAX_FRAMES_PER_SECOND / 2, this.frames + seconds * MAX_FRAMES_PER_SECOND);
  }

  private pump(): void {
    if (this.timer !== null || this.closed) return;
    this.refill();
    if (this.queue.length > 1 && this.keepalive === null) {
      this.keepalive = setInterval(() => {
        if (this.queue.length === 0) {
          clearInterval(this.keepalive!);
          this.keepalive = null;
        } else this.writeNow(QUERY_AWARENESS);
      }, KEEPALIVE_MS);
    }
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      // a frame bigger than the whole budget goes once the budget is full
      const cost = Math.min(next.length, this.burstBytes);
      if (this.bytes < cost || this.frames < 1) {
        const wait = Math.max((cost - this.bytes) / this.bytesPerSecond, (1 - this.frames) / MAX_FRAMES_PER_SECOND, 0.005);
        this.timer = setTimeout(() => {
          this.timer = null;
          this.pump();
        }, wait * 1000);
        return;
      }
      this.queue.shift();
      this.bytes -= cost;
      this.frames -= 1;
      this.writeNow(next);
      if (this.closed) return;
    }
  }

  close(): void {
    this.closed = true;
    this.queue = [];
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.keepalive !== null) clearInterval(this.keepalive);
    this.keepalive = null;
  }
}

/**
 * A WebSocket class (for y-websocket's `WebSocketPolyfill`) whose sockets send through an Outbox:
 * role-gated, split and paced. Everything else is the `Base` class's own behaviour.
 */
export function outboxSocketClass(Base: typeof WebSocket, events: OutboxEvents): typeof WebSocket {
  const send = Base.prototype.send;
  class OutboxSocket extends Base {
    readonly tandemOutbox: Outbox;
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const outbox = new Outbox((frame) => send.call(this, frame), events);
      this.tandemOutbox = outbox;
      this.addEventListener('message', (event: MessageEvent) => {
        const bytes = toBytes(event.data);
        if (bytes) outbox.received(bytes);
      });
      this.addEventListener('close', () => outbox.close());
    }

    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      const bytes = toBytes(data);
      if (!bytes) return send.call(this, data);
      this.tandemOutbox.send(bytes);
    }

    override close(code?: number, reason?: string): void {
      this.tandemOutbox.close();
      super.close(code, reason);
    }
  }
  return OutboxSocket as unknown as typeof WebSocket;
}
