import { type AccessInfo, CloseCode, DecodeError, type Message, readMessage, writeAccess, writeSyncStep1 } from '@tandem/protocol';
import type { Connection } from './connection.js';
import { answerCharge } from './encoded-state.js';
import { SyncError } from './errors.js';
import type { ResolvedSyncOptions } from './options.js';
import type { Room } from './room.js';
import type { RoomMember } from './room-member.js';
import type { OutboundHolder } from './outbound-budget.js';
import { assertDecodableStateVector } from './update-check.js';

/** The delete set of one sync answer counts at most 1/DELETE_SET_SHARE of the answer budget (see answerCharge). */
const DELETE_SET_SHARE = 16;

let nextSessionId = 1;

/** How often a large answer's sender looks whether its socket drained enough for the next piece. */
const PIECE_POLL_MS = 5;

/**
 * One connection to one document. It speaks the y-websocket protocol: answers the sync handshake
 * (only once everything accepted is stored), applies the client's updates through its room, and
 * relays its presence. Messages are handled strictly in arrival order.
 */
export class Session implements RoomMember, OutboundHolder {
  /** Unique within this process. */
  readonly id = nextSessionId++;
  /** No more frames go out (the socket closed, or the server closed it). */
  closed = false;
  /** Frames still queued are discarded (the server closed the connection for cause). */
  private discardInput = false;
  /**
   * Frames received and not yet handled, as one promise chain; null when there are none, so an
   * idle session keeps no settled promise (one session is kept per open connection).
   */
  private queue: Promise<void> | null;
  /** OutboundHolder: bytes queued on the socket at the last count (see OutboundBudget). */
  queuedBytes = 0;
  /** While the peer does not read: resolves once it has drained (input waits for it), else null. */
  private resumed: Promise<void> | null = null;
  private drainTimer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  /** Sync answer bytes this connection may still ask for (refilled per second; null: its first is free). */
  private answerAllowance: number | null = null;
  private answerAt = 0;

  constructor(
    readonly room: Room,
    private readonly conn: Connection,
    /** The connection may read and share presence, but its updates are dropped. */
    readonly readOnly: boolean,
    /** Whatever the host attached (user, token claims, address). */
    readonly context: unknown,
    private readonly options: ResolvedSyncOptions,
    /** Presence name stamped into this connection's awareness states (from its token), if any. */
    readonly presenceName: string | null = null,
    /** The role and user told to the client in the access frame, first of all frames. */
    readonly access: AccessInfo = { role: readOnly ? 'viewer' : 'editor', user: null },
  ) {
    room.join(this);
    this.send(writeAccess(access));
    const started: Promise<void> = this.start().then(() => this.settled(started));
    this.queue = started;
  }

  /** The user behind the connection (from the access frame's user), bound to the ids it uses. */
  get identity(): string | null {
    return this.access.user?.id ?? null;
  }

  /** The document this session edits. */
  get docId(): string {
    return this.room.docId;
  }

  private async start(): Promise<void> {
    try {
      await this.room.ready;
    } catch {
      this.close(CloseCode.internalError, 'document could not be loaded');
      return;
    }
    if (this.closed) return;
    this.send(writeSyncStep1(this.room.stateVector()));
    const presence = this.room.awarenessFrame();
    if (presence) this.send(presence);
  }

  /** Hands over one frame from the socket. A string (text frame) closes the connection with 1003. */
  receive(data: Uint8Array | string): void {
    if (this.closed || this.discardInput) return;
    if (typeof data === 'string') {
      this.close(CloseCode.unsupportedData, 'text frames are not supported');
      return;
    }
    const queued: Promise<void> = (this.queue ?? Promise.resolve()).then(() => this.handle(data, queued));
    this.queue = queued;
  }

  /** `step` of the queue is done: when nothing was queued after it, the session is idle. */
  private settled(step: Promise<void>): void {
    if (this.queue === step) this.queue = null;
  }

  private async handle(frame: Uint8Array, step: Promise<void>): Promise<void> {
    try {
      if (this.resumed) await this.resumed; // the peer is not reading: answer nothing more until it does
      if (!this.discardInput) await this.dispatch(readMessage(frame));
    } catch (err) {
      if (this.discardInput) return;
      if (err instanceof DecodeError) {
        this.options.logger.warn('session.bad_frame', { doc: this.docId, session: this.id, code: err.code });
        this.close(CloseCode.invalidPayload, 'malformed frame');
      } else if (err instanceof SyncError) {
        this.options.logger.warn('session.refused', { doc: this.docId, session: this.id, reason: err.message });
        this.close(err.closeCode, err.message);
      } else {
        this.options.logger.error('session.failed', { doc: this.docId, session: this.id, error: String(err) });
        this.close(CloseCode.internalError, 'internal error');
      }
    } finally {
      this.settled(step);
    }
  }

  private async dispatch(message: Message): Promise<void> {
    const room = this.room;
    switch (message.type) {
      case 'sync-step1': {
        await room.whenStored();
        if (this.closed || room.state !== 'ready') return;
        assertDecodableStateVector(message.stateVector);
        let answer: readonly Uint8Array[];
        try {
          answer = room.syncAnswer(message.stateVector);
        } catch {
          throw new SyncError(CloseCode.invalidPayload, 'state vector does not decode');
        }
        this.chargeAnswer(answerCharge(answer, this.options.maxAnswerBytesPerSecond / DELETE_SET_SHARE));
        if (answer.length === 1) this.send(answer[0]!);
        else await this.sendPieces(answer);
        return;
      }
      case 'sync-step2':
      case 'sync-update':
        if (this.readOnly) {
          this.options.logger.debug('session.readonly_update_dropped', { doc: this.docId, session: this.id });
          return;
        }
        room.applyUpdate(message.update, this);
        return;
      case 'awareness': {
        if (this.closed) return;
        if (message.update.length > this.options.maxAwarenessBytes) {
          throw new SyncError(CloseCode.policyViolation, 'awareness update too large');
        }
        const { frame, entries, foreign, overLimit, overBudget } = room.awareness.apply(message.update, this, this.presenceName);
        // Stock clients answer a presence query with every state they know, other people's too:
        // dropping those (`foreign`) is routine, worth a debug line; over a limit is worth a warning.
        if (overLimit > 0 || overBudget > 0) {
          this.options.logger.warn('session.awareness_refused', { doc: this.docId, session: this.id, foreign, overLimit, overBudget });
        } else if (foreign > 0) {
          this.options.logger.debug('session.awareness_refused', { doc: this.docId, session: this.id, foreign });
        }
        if (frame) room.relayAwareness(frame, this, entries);
        return;
      }
      case 'query-awareness': {
        const frame = room.awarenessFrame();
        if (frame) this.send(frame);
        return;
      }
      case 'auth-denied':
      case 'auth-access':
        return; // only servers send these
    }
  }

  /** Counts a sync answer against the connection's answer budget; throws SyncError 1008 past it. */
  private chargeAnswer(bytes: number): void {
    const rate = this.options.maxAnswerBytesPerSecond;
    const now = performance.now();
    if (this.answerAllowance === null) {
      this.answerAllowance = rate; // the first answer (the whole document, maybe) is free
      this.answerAt = now;
      return;
    }
    this.answerAllowance = Math.min(rate, this.answerAllowance + ((now - this.answerAt) / 1000) * rate);
    this.answerAt = now;
    this.answerAllowance -= bytes;
    if (this.answerAllowance < 0) throw new SyncError(CloseCode.policyViolation, 'too many sync requests');
  }

  /** OutboundHolder: bytes queued on the socket right now. */
  get bufferedNow(): number {
    return this.conn.bufferedAmount ?? 0;
  }

  /**
   * Sends one frame within the connection's and the server's outbound budgets (see
   * maxBufferedBytes, maxOutboundBytes): a frame that would pass either closes the connection
   * with 1013 instead; past half its own budget, its input is paused until it drains.
   */
  send(frame: Uint8Array): void {
    if (this.closed) return;
    const buffered = this.bufferedNow;
    const max = this.options.maxBufferedBytes;
    if (buffered > 0 && buffered + frame.length > max) {
      this.options.logger.warn('session.slow_reader', { doc: this.docId, session: this.id, buffered });
      this.close(CloseCode.tryAgainLater, 'connection too slow');
      return;
    }
    if (!this.options.outbound.charge(this, frame.length)) {
      this.options.logger.warn('session.outbound_budget', { doc: this.docId, session: this.id, queued: this.options.outbound.queued });
      this.close(CloseCode.tryAgainLater, 'server is busy sending; try again later');
      return;
    }
    try {
      this.conn.send(frame);
    } catch {
      this.closed = true;
      this.stopSending();
      this.room.leave(this);
      return;
    }
    if (buffered + frame.length > max / 2) this.pauseInput();
  }

  /**
   * Sends a large answer's pieces, each once the socket holds less than four pieces' worth, so
   * the connection never queues much more than that (the pieces themselves are shared by every
   * joiner of the same state). Closes the connection (1013) when its socket does not drain for
   * `answerStallMs`. Frames the room relays meanwhile go out between the pieces.
   */
  private async sendPieces(frames: readonly Uint8Array[]): Promise<void> {
    const window = 4 * this.options.answerPieceBytes;
    for (const frame of frames) {
      let since = performance.now();
      let buffered = this.bufferedNow;
      while (buffered > window && !this.closed) {
        await new Promise<void>((resolve) => setTimeout(resolve, PIECE_POLL_MS));
        const now = this.bufferedNow;
        if (now < buffered) since = performance.now();
        else if (performance.now() - since > this.options.answerStallMs) {
          this.options.logger.warn('session.slow_reader', { doc: this.docId, session: this.id, buffered: now });
          this.close(CloseCode.tryAgainLater, 'connection too slow');
        }
        buffered = now;
      }
      if (this.closed) return;
      this.send(frame);
    }
  }

  /** The peer is not reading: stop reading from it until it drains; close it if it never does. */
  private pauseInput(): void {
    if (this.drainTimer || this.closed) return;
    this.resumed = new Promise<void>((resolve) => (this.wake = resolve));
    try {
      this.conn.pauseReading?.();
    } catch {
      // the socket is gone; close() follows
    }
    const since = performance.now();
    const max = this.options.maxBufferedBytes;
    this.drainTimer = setInterval(() => {
      this.options.outbound.refresh(this);
      if (this.bufferedNow <= max / 4) this.resumeInput();
      else if (performance.now() - since > this.options.slowReaderMs) {
        this.options.logger.warn('session.slow_reader', { doc: this.docId, session: this.id, buffered: this.bufferedNow });
        this.close(CloseCode.tryAgainLater, 'connection too slow');
      }
    }, 50);
    this.drainTimer.unref?.();
  }

  private resumeInput(): void {
    if (this.drainTimer) clearInterval(this.drainTimer);
    this.drainTimer = null;
    this.resumed = null;
    this.wake?.();
    this.wake = null;
    try {
      this.conn.resumeReading?.();
    } catch {
      // the socket is gone
    }
  }

  /** Nothing more goes out: stop watching the socket drain and give back its share of the budget. */
  private stopSending(): void {
    if (this.drainTimer) clearInterval(this.drainTimer);
    this.drainTimer = null;
    this.wake?.(); // frames waiting are discarded (close) or handled and stored (socket closed)
    this.wake = null;
    this.resumed = null;
    this.options.outbound.release(this);
  }

  /** Resolves once every frame received so far has been handled. */
  drain(): Promise<void> {
    return this.queue ?? Promise.resolve();
  }

  /** Closes the connection with `code`, discards frames not yet handled, and leaves the room. */
  close(code: number = CloseCode.normal, reason = ''): void {
    this.discardInput = true;
    if (this.closed) return;
    this.closed = true;
    this.stopSending();
    try {
      this.conn.close(code, reason);
    } catch {
      // the socket is already gone
    }
    this.room.leave(this);
  }

  /**
   * Tells the session its socket closed from the other side. Frames that arrived before the close
   * are still applied and stored; the session leaves its room once they are.
   */
  socketClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopSending();
    void (this.queue ?? Promise.resolve()).then(() => this.room.leave(this));
  }
}
