import * as Y from 'yjs';
import { type AwarenessEntry, CloseCode, writeSyncStep2, writeUpdate } from '@tandem/protocol';
import { AwarenessFanOut } from './awareness-fan-out.js';
import { AwarenessRelay } from './awareness-relay.js';
import { ClockWatermark } from './clock-watermark.js';
import { encodeIntegratedState } from './integrated-state.js';
import { SyncError } from './errors.js';
import type { ResolvedSyncOptions } from './options.js';
import type { Session } from './session.js';
import { assertDecodableUpdate } from './update-check.js';

/** Origin used while replaying the store into the document: such updates are not stored again. */
const LOAD_ORIGIN = Symbol('tandem-load');
/** Origin of updates another node (or the store, on catch-up) already stored: relayed, never stored again. */
const REMOTE_ORIGIN = Symbol('tandem-remote');

/** Lifecycle of a room: it loads, serves, and ends either unloaded or failed. */
export type RoomState = 'loading' | 'ready' | 'failed' | 'unloaded';

interface PendingUpdate {
  update: Uint8Array;
  origin: Session | null;
}

/**
 * One document in memory and the connections editing it. Every accepted update is appended to the
 * store first and relayed only once the store holds it; updates that arrive while a write is in
 * flight are committed together in the next one.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly sessions = new Set<Session>();
  /** Presence owned by local sessions, or by another node (named by a string) that relayed it. */
  readonly awareness: AwarenessRelay<Session | string>;
  /** Relays local presence changes to the other sessions, throttled (see awarenessIntervalMs). */
  readonly presence: AwarenessFanOut<Session>;
  state: RoomState = 'loading';
  /** Resolves once the stored document is in memory; rejects when it cannot be loaded. */
  readonly ready: Promise<void>;

  private pending: PendingUpdate[] = [];
  private unstored = 0;
  private flushScheduled = false;
  private chain: Promise<void> = Promise.resolve();
  private readonly applied = new ClockWatermark();
  private holds = 0;
  private sinceCompaction = { updates: 0, bytes: 0 };
  /** The sync answer for a client that has nothing yet, encoded once per document state. */
  private fullStateFrame: Uint8Array | null = null;

  constructor(
    readonly docId: string,
    private readonly options: ResolvedSyncOptions,
    private readonly onEnd: (room: Room) => void,
  ) {
    this.awareness = new AwarenessRelay<Session | string>((holder) => typeof holder === 'string', options.maxAwarenessClients);
    this.presence = new AwarenessFanOut(() => this.sessions, options.awarenessIntervalMs);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.fullStateFrame = null;
      if (origin === LOAD_ORIGIN) return;
      if (origin === REMOTE_ORIGIN) return this.broadcast(writeUpdate(update));
      this.pending.push({ update, origin: (origin as Session | null) ?? null });
      this.unstored++;
      this.scheduleFlush();
    });
    this.ready = this.load();
    this.ready.catch(() => {}); // observed by sessions; never an unhandled rejection
  }

  private async load(): Promise<void> {
    const { store, hooks, logger } = this.options;
    const started = performance.now();
    try {
      const stored = await store.load(this.docId);
      if (stored) {
        this.doc.transact(() => {
          for (const [i, u] of stored.updates.entries()) {
            try {
              Y.applyUpdate(this.doc, u, LOAD_ORIGIN);
            } catch (err) {
              // One bad stored entry must not make the whole document unloadable.
              logger.error('room.stored_update_skipped', { doc: this.docId, index: i, error: String(err) });
            }
          }
        }, LOAD_ORIGIN);
        this.applied.jumpTo(stored.clock);
        this.sinceCompaction.updates = Math.max(0, stored.updates.length - 1);
      }
      await hooks.onLoad?.({ docId: this.docId, doc: this.doc });
      if (this.state !== 'loading') return;
      this.state = 'ready';
      logger.debug('room.loaded', {
        doc: this.docId,
        entries: stored?.updates.length ?? 0,
        ms: Math.round(performance.now() - started),
      });
    } catch (err) {
      logger.error('room.load_failed', { doc: this.docId, error: String(err) });
      this.fail('could not load document');
      throw err;
    }
  }

  /**
   * Applies an update sent by `origin` (null: made by the server). Throws SyncError when it does
   * not decode; nothing of it is then applied, stored or relayed.
   */
  applyUpdate(update: Uint8Array, origin: Session | null): void {
    if (this.state !== 'ready') throw new SyncError(CloseCode.tryAgainLater, 'document is not ready');
    assertDecodableUpdate(update);
    const before = this.pending.length;
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch (err) {
      // A decodable update that still fails to integrate may have changed the document halfway:
      // drop what it produced and start the room over from the store.
      this.pending.length = before;
      this.options.logger.warn('room.update_failed', { doc: this.docId, error: String(err) });
      this.fail('an update failed to apply');
      throw new SyncError(CloseCode.invalidPayload, 'update does not apply');
    }
  }

  /**
   * Applies a change made by the server itself (restore, import, rename): it is stored and relayed
   * to every session like a client's update. Must be called when the room is ready.
   */
  transact(change: (doc: Y.Doc) => void): void {
    if (this.state !== 'ready') throw new SyncError(CloseCode.tryAgainLater, 'document is not ready');
    this.doc.transact(() => change(this.doc), null);
  }

  /** Keeps the room loaded without a session (for server-side work); pair with `release`. */
  hold(): void {
    this.holds++;
  }

  /** Ends a `hold`; the room unloads if nobody else needs it. */
  release(): void {
    this.holds--;
    if (this.sessions.size === 0 && this.holds === 0) void this.unloadWhenIdle();
  }

  /** Resolves once every update applied so far is durably stored. */
  async whenStored(): Promise<void> {
    while (this.unstored > 0 && this.state === 'ready') await this.chain;
  }

  /**
   * The sync-step-2 frame answering `stateVector`, holding only what the document has integrated
   * (see encodeIntegratedState). A newcomer's answer (an empty state vector) is encoded once per
   * document state and shared, so a storm of joiners costs one encode; the integrated state only
   * changes with an 'update' event, which drops the shared answer.
   * Throws when the state vector does not decode.
   */
  syncAnswer(stateVector: Uint8Array): Uint8Array {
    if (stateVector.length === 1 && stateVector[0] === 0) {
      return (this.fullStateFrame ??= writeSyncStep2(encodeIntegratedState(this.doc)));
    }
    return writeSyncStep2(encodeIntegratedState(this.doc, stateVector));
  }

  /** Sends `frame` to every session but `except`. */
  broadcast(frame: Uint8Array, except: Session | null = null): void {
    for (const s of this.sessions) if (s !== except) s.send(frame);
  }

  /** Adds a session (the room then stays loaded). */
  join(session: Session): void {
    this.sessions.add(session);
  }

  /** Removes a session and its presence; the room unloads once it is the last to leave. */
  leave(session: Session): void {
    if (!this.sessions.delete(session)) return;
    this.presence.flush(); // what it sent before leaving (maybe its own removal) goes out first
    const gone = this.awareness.removeOwner(session);
    if (gone) this.relayAwareness(gone, session);
    this.runHook('onDisconnect', () =>
      this.options.hooks.onDisconnect?.({ docId: this.docId, session, remaining: this.sessions.size }),
    );
    if (this.sessions.size === 0 && this.holds === 0) void this.unloadWhenIdle();
  }

  /** Runs a notification hook; a hook that throws is logged and never breaks the room. */
  private runHook(name: string, call: () => void): void {
    try {
      call();
    } catch (err) {
      this.options.logger.error('hook.failed', { hook: name, doc: this.docId, error: String(err) });
    }
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.chain = this.chain
      .then(() => this.flush())
      .catch((err) => {
        this.options.logger.error('room.flush_failed', { doc: this.docId, error: String(err) });
        this.fail('internal error');
      });
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0 || this.state === 'failed') return;
    const { store, hooks, logger } = this.options;
    let first: number;
    try {
      const last = await store.append(
        this.docId,
        batch.map((p) => p.update),
      );
      first = last - batch.length + 1;
      this.applied.add(first, last);
    } catch (err) {
      logger.error('room.append_failed', { doc: this.docId, updates: batch.length, error: String(err) });
      this.fail('storage failed');
      return;
    }
    this.unstored -= batch.length;
    this.broadcastBatch(batch);
    batch.forEach(({ update, origin }, i) => {
      this.sinceCompaction.updates++;
      this.sinceCompaction.bytes += update.length;
      this.runHook('onChange', () => hooks.onChange?.({ docId: this.docId, update, session: origin, clock: first + i }));
    });
    const { compactAfterUpdates, compactAfterBytes } = this.options;
    if (this.sinceCompaction.updates >= compactAfterUpdates || this.sinceCompaction.bytes >= compactAfterBytes) {
      await this.compact();
    }
  }

  /**
   * Relays a stored batch with one frame per receiver: the batch merged into one update, and for
   * a session that sent part of it, the merge of the others' updates (its own are never echoed).
   * A fast writer's burst or a busy document's tick then costs each receiver one frame.
   */
  private broadcastBatch(batch: readonly PendingUpdate[]): void {
    if (batch.length === 1) {
      this.broadcast(writeUpdate(batch[0]!.update), batch[0]!.origin);
      return;
    }
    const senders = new Set(batch.map((p) => p.origin));
    const all = writeUpdate(Y.mergeUpdates(batch.map((p) => p.update)));
    for (const s of this.sessions) {
      if (!senders.has(s)) {
        s.send(all);
        continue;
      }
      const others = batch.filter((p) => p.origin !== s).map((p) => p.update);
      if (others.length > 0) s.send(writeUpdate(others.length === 1 ? others[0]! : Y.mergeUpdates(others)));
    }
  }

  /** Replaces the stored log with one snapshot, when every applied update is stored. */
  private async compact(): Promise<void> {
    // Only through the clock below which every stored update (this node's or another's) is applied.
    if (this.unstored > 0 || this.sinceCompaction.updates === 0 || this.applied.through === 0) return;
    const snapshot = encodeIntegratedState(this.doc);
    const through = this.applied.through;
    const counted = { ...this.sinceCompaction };
    try {
      await this.options.store.compact(this.docId, snapshot, through);
      this.sinceCompaction.updates -= counted.updates;
      this.sinceCompaction.bytes -= counted.bytes;
      this.options.logger.debug('room.compacted', { doc: this.docId, through, bytes: snapshot.length });
    } catch (err) {
      this.options.logger.warn('room.compact_failed', { doc: this.docId, error: String(err) });
    }
  }

  private async unloadWhenIdle(): Promise<void> {
    await this.ready.catch(() => {});
    await this.whenStored();
    if (this.state !== 'ready' || this.sessions.size > 0 || this.holds > 0) return;
    await (this.chain = this.chain.then(() => this.compact()));
    if (this.state !== 'ready' || this.sessions.size > 0 || this.holds > 0 || this.unstored > 0) return;
    this.end('unloaded');
    this.options.logger.debug('room.unloaded', { doc: this.docId });
  }

  /**
   * Gives up on this room: every session is closed with 1011 so its client reconnects and
   * re-syncs into a fresh room loaded from the store; nothing unstored was relayed.
   */
  fail(reason: string): void {
    if (this.state === 'failed' || this.state === 'unloaded') return;
    this.end('failed');
    for (const s of [...this.sessions]) s.close(CloseCode.internalError, reason);
  }

  private end(state: 'failed' | 'unloaded'): void {
    this.state = state;
    this.pending = [];
    this.onEnd(this);
    this.presence.stop();
    this.doc.destroy();
    this.runHook('onUnload', () => this.options.hooks.onUnload?.({ docId: this.docId, reason: state }));
  }

  /** Waits for pending writes, then closes every session with `code` (shutdown). */
  async close(code: number, reason: string): Promise<void> {
    await this.ready.catch(() => {});
    await Promise.all([...this.sessions].map((s) => s.drain()));
    await this.whenStored();
    for (const s of [...this.sessions]) s.close(code, reason);
  }

  // --- Relay between nodes (used by a cluster extension such as @tandem/cluster-redis) ---

  /** The store clock through which every update is applied here, and how far behind this room may be. */
  get clock(): { through: number; highest: number; holeAgeMs: number } {
    return { through: this.applied.through, highest: this.applied.highest, holeAgeMs: this.applied.holeAge() };
  }

  /**
   * Applies an update another node already stored under store clock `clock`: it is relayed to every
   * local session and never stored again. Ignored unless the room is ready.
   */
  applyRemote(update: Uint8Array, clock: number): void {
    if (this.state !== 'ready' || clock <= this.applied.through) return;
    assertDecodableUpdate(update);
    try {
      Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
    } catch (err) {
      this.options.logger.warn('room.remote_update_failed', { doc: this.docId, clock, error: String(err) });
      this.fail('a relayed update failed to apply');
      return;
    }
    this.applied.add(clock);
  }

  /**
   * Catches up from the store after missed relays: applies everything stored, relaying what is new
   * to local sessions. Resolves with the store clock now applied.
   */
  async catchUp(): Promise<number> {
    if (this.state !== 'ready') return this.applied.through;
    const stored = await this.options.store.load(this.docId);
    if (!stored || this.state !== 'ready') return this.applied.through;
    this.doc.transact(() => {
      for (const u of stored.updates) Y.applyUpdate(this.doc, u, REMOTE_ORIGIN);
    }, REMOTE_ORIGIN);
    this.applied.jumpTo(stored.clock);
    return this.applied.through;
  }

  /** Relays a presence frame of local session `from` to the other sessions and the onAwareness hook. */
  relayAwareness(frame: Uint8Array, from: Session, entries?: readonly AwarenessEntry[]): void {
    // local changes go out throttled (one frame per receiver per interval); a removal at once
    if (entries) this.presence.relay(entries, from);
    else this.broadcast(frame, from);
    this.runHook('onAwareness', () => this.options.hooks.onAwareness?.({ docId: this.docId, frame, session: from }));
  }

  /** Applies an awareness update relayed by node `peer` and relays what changed to local sessions. */
  applyRemoteAwareness(update: Uint8Array, peer: string): void {
    const { frame } = this.awareness.apply(update, peer);
    if (frame) this.broadcast(frame);
  }

  /** Forgets every presence state node `peer` relayed (it left or died) and tells local sessions. */
  removeRemotePeer(peer: string): void {
    const frame = this.awareness.removeOwner(peer);
    if (frame) this.broadcast(frame);
  }

  /** A frame with the presence of this node's own sessions (for a node that asks), or null. */
  localAwarenessFrame(): Uint8Array | null {
    return this.awareness.snapshotFrame((owner) => typeof owner !== 'string');
  }
}
