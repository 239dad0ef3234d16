import * as Y from 'yjs';
import { CloseCode, writeSyncStep2, writeUpdate } from '@tandem/protocol';
import { AwarenessFanOut } from './awareness-fan-out.js';
import { AwarenessRelay } from './awareness-relay.js';
import { SyncError } from './errors.js';
import type { ResolvedSyncOptions } from './options.js';
import type { Session } from './session.js';
import { assertDecodableUpdate } from './update-check.js';

/** Origin used while replaying the store into the document: such updates are not stored again. */
const LOAD_ORIGIN = Symbol('tandem-load');

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
  readonly awareness = new AwarenessRelay<Session>();
  /** Relays presence changes to the other sessions, throttled (see awarenessIntervalMs). */
  readonly presence: AwarenessFanOut<Session>;
  state: RoomState = 'loading';
  /** Resolves once the stored document is in memory; rejects when it cannot be loaded. */
  readonly ready: Promise<void>;

  private pending: PendingUpdate[] = [];
  private unstored = 0;
  private flushScheduled = false;
  private chain: Promise<void> = Promise.resolve();
  private clock = 0;
  private sinceCompaction = { updates: 0, bytes: 0 };
  /** The sync answer for a client that has nothing yet, encoded once per document state. */
  private fullStateFrame: Uint8Array | null = null;

  constructor(
    readonly docId: string,
    private readonly options: ResolvedSyncOptions,
    private readonly onEnd: (room: Room) => void,
  ) {
    this.presence = new AwarenessFanOut(() => this.sessions, options.awarenessIntervalMs);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.fullStateFrame = null;
      if (origin === LOAD_ORIGIN) return;
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
          for (const u of stored.updates) Y.applyUpdate(this.doc, u, LOAD_ORIGIN);
        }, LOAD_ORIGIN);
        this.clock = stored.clock;
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

  /** Resolves once every update applied so far is durably stored. */
  async whenStored(): Promise<void> {
    while (this.unstored > 0 && this.state === 'ready') await this.chain;
  }

  /**
   * The sync-step-2 frame answering `stateVector`. A newcomer's answer (an empty state vector) is
   * encoded once per document state and shared, so a storm of joiners costs one encode.
   * Throws when the state vector does not decode.
   */
  syncAnswer(stateVector: Uint8Array): Uint8Array {
    if (stateVector.length === 1 && stateVector[0] === 0) {
      return (this.fullStateFrame ??= writeSyncStep2(Y.encodeStateAsUpdate(this.doc)));
    }
    return writeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector));
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
    if (gone) this.broadcast(gone);
    this.options.hooks.onDisconnect?.({ docId: this.docId, session, remaining: this.sessions.size });
    if (this.sessions.size === 0) void this.unloadWhenIdle();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.chain = this.chain.then(() => this.flush());
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0 || this.state === 'failed') return;
    const { store, hooks, logger } = this.options;
    try {
      this.clock = await store.append(
        this.docId,
        batch.map((p) => p.update),
      );
    } catch (err) {
      logger.error('room.append_failed', { doc: this.docId, updates: batch.length, error: String(err) });
      this.fail('storage failed');
      return;
    }
    this.unstored -= batch.length;
    this.broadcastBatch(batch);
    for (const { update, origin } of batch) {
      this.sinceCompaction.updates++;
      this.sinceCompaction.bytes += update.length;
      hooks.onChange?.({ docId: this.docId, update, session: origin });
    }
    const { compactAfterUpdates, compactAfterBytes } = this.options;
    if (this.sinceCompaction.updates >= compactAfterUpdates || this.sinceCompaction.bytes >= compactAfterBytes) {
      await this.compact();
    }
  }

  /**
   * Relays a stored batch with one frame per receiver: the batch merged into one update, and for
   * each session that sent part of it, the merge of the others' updates (its own are not echoed).
   */
  private broadcastBatch(batch: readonly PendingUpdate[]): void {
    if (batch.length === 1) {
      this.broadcast(writeUpdate(batch[0]!.update), batch[0]!.origin);
      return;
    }
    const origins = new Set<Session>();
    for (const p of batch) if (p.origin) origins.add(p.origin);
    const all = writeUpdate(Y.mergeUpdates(batch.map((p) => p.update)));
    for (const s of this.sessions) {
      if (!origins.has(s)) {
        s.send(all);
        continue;
      }
      const others = batch.filter((p) => p.origin !== s).map((p) => p.update);
      if (others.length > 0) s.send(writeUpdate(others.length === 1 ? others[0]! : Y.mergeUpdates(others)));
    }
  }

  /** Replaces the stored log with one snapshot, when every applied update is stored. */
  private async compact(): Promise<void> {
    if (this.unstored > 0 || this.sinceCompaction.updates === 0 || this.clock === 0) return;
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    const through = this.clock;
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
    if (this.state !== 'ready' || this.sessions.size > 0) return;
    await (this.chain = this.chain.then(() => this.compact()));
    if (this.state !== 'ready' || this.sessions.size > 0 || this.unstored > 0) return;
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
  }

  /** Waits for pending writes, then closes every session with `code` (shutdown). */
  async close(code: number, reason: string): Promise<void> {
    await this.ready.catch(() => {});
    await this.whenStored();
    for (const s of [...this.sessions]) s.close(code, reason);
  }
}
