import * as Y from 'yjs';
import { type AwarenessEntry, CloseCode, writeUpdate } from '@tandem/protocol';
import { AwarenessFanOut } from './awareness-fan-out.js';
import { AwarenessRelay } from './awareness-relay.js';
import { ClusterPort, REMOTE_ORIGIN } from './cluster-port.js';
import { SyncError } from './errors.js';
import { HeldState } from './held-state.js';
import type { LoadPayload } from './hooks.js';
import type { ResolvedSyncOptions } from './options.js';
import type { RoomMember } from './room-member.js';
import { assertDecodableUpdate } from './update-check.js';
import { isEmptyUpdate } from './encoded-state.js';
import { type PendingUpdate, WriteChain } from './write-chain.js';
import { type DecodedUpdate, planUpdate } from './update-plan.js';
import { WaitingUpdates } from './waiting-updates.js';
import { ClientOwners } from './client-owners.js';

/** Marks a presence key as owned by another node (a string names the node). */
const isRemoteOwner = (holder: RoomMember | string): boolean => typeof holder === 'string';

/** Who owns the Yjs client ids a member writes under: its identity, else the connection itself. */
const ownerKey = (member: RoomMember): string => member.identity ?? `#${member.id}`;

/** Lifecycle of a room: it loads, serves, and ends either unloaded or failed. */
export type RoomState = 'loading' | 'ready' | 'failed' | 'unloaded';

/**
 * One document in memory and the members (connections) editing it: its lifecycle (load, serve,
 * unload or fail), who is in it, and their presence. The pieces it is made of:
 * - `HeldState` (held-state.ts): the document as bytes or a live Y.Doc, the shared sync answer,
 *   the idle timer;
 * - `WriteChain` (write-chain.ts): every accepted update is appended to the store first and
 *   relayed only once the store holds it; then compaction;
 * - `ClusterPort` (cluster-port.ts, `room.cluster`): what a relay between nodes calls.
 */
export class Room {
  readonly sessions = new Set<RoomMember>();
  state: RoomState = 'loading';
  /** Resolves once the stored document is in memory; rejects when it cannot be loaded. */
  readonly ready: Promise<void>;
  /** The relay between nodes' side of this room. */
  readonly cluster: ClusterPort;

  private relay: AwarenessRelay<RoomMember | string> | null = null;
  private fanOut: AwarenessFanOut<RoomMember> | null = null;
  private holds = 0;
  private readonly held: HeldState;
  private readonly writes: WriteChain;
  /** Updates kept aside until the changes they depend on arrive (see WaitingUpdates). */
  private readonly waiting: WaitingUpdates;
  /** Which identity writes under each Yjs client id (see ClientOwners). */
  private readonly owners: ClientOwners;

  constructor(
    readonly docId: string,
    private readonly options: ResolvedSyncOptions,
    private readonly onEnd: (room: Room) => void,
  ) {
    this.held = new HeldState(docId, options.dehydrateAfterMs, options.answerPieceBytes, options.logger, {
      changed: (update, origin) => this.changed(update, origin),
      canIdle: () => this.state === 'ready' && this.writes.idle,
    });
    this.owners = new ClientOwners(options.maxClientIdsPerIdentity);
    this.waiting = new WaitingUpdates(options.maxWaitingUpdates, options.maxWaitingBytes);
    this.writes = new WriteChain(docId, options, {
      stored: (batch, first) => this.stored(batch, first),
      snapshot: () => this.held.encodedState(),
      fail: (reason) => this.fail(reason),
      ended: () => this.state === 'failed' || this.state === 'unloaded',
    });
    const room = this;
    this.cluster = new ClusterPort(
      {
        docId,
        isReady: () => this.state === 'ready',
        get doc() {
          return room.doc;
        },
        get awareness() {
          return room.awareness;
        },
        existingAwareness: () => this.relay,
        broadcast: (frame) => this.broadcast(frame),
        remoteApplied: () => this.applyWaiting(),
        fail: (reason) => this.fail(reason),
      },
      this.writes.applied,
      options.store,
      options.logger,
    );
    this.ready = this.load();
    this.ready.catch(() => {}); // observed by sessions; never an unhandled rejection
  }

  /** Presence owned by local members, or by another node (named by a string) that relayed it. */
  get awareness(): AwarenessRelay<RoomMember | string> {
    return (this.relay ??= new AwarenessRelay<RoomMember | string>(isRemoteOwner, this.options.maxAwarenessClients, {
      maxBytesPerOwner: this.options.maxAwarenessBytes,
      maxBytes: this.options.maxRoomAwarenessBytes,
      keyOf: (owner) => (typeof owner === 'string' ? null : ownerKey(owner)),
    }));
  }

  /** Relays local presence changes to the other members, throttled (see awarenessIntervalMs). */
  get presence(): AwarenessFanOut<RoomMember> {
    return (this.fanOut ??= new AwarenessFanOut(() => this.sessions, this.options.awarenessIntervalMs, this.options.maxAwarenessFanOutBytesPerSecond));
  }

  /**
   * The live document, built from the stored state on first use. Read it for server-side work and
   * let go of it: after an idle spell the room may drop it and hold bytes again (a later read
   * builds a new one), so do not keep it across awaits or timers.
   */
  get doc(): Y.Doc {
    return this.held.doc;
  }

  /** Whether the document is live in memory (false: held as encoded bytes). */
  get hydrated(): boolean {
    return this.held.hydrated;
  }

  /** The document's whole state as one update, without building a live document. */
  encodedState(): Uint8Array {
    return this.held.encodedState();
  }

  /** The document's state vector (what a sync step 1 carries), without building a live document. */
  stateVector(): Uint8Array {
    return this.held.stateVector();
  }

  /**
   * The frames answering `stateVector`, in order: one sync step 2, or for a large answer pieces of
   * about `answerPieceBytes` whose last is the sync step 2. A newcomer's answer (an empty state
   * vector) is encoded once per document state and shared, so a storm of joiners costs one encode.
   * Throws when the state vector does not decode.
   */
  syncAnswer(stateVector: Uint8Array): readonly Uint8Array[] {
    return this.held.syncAnswer(stateVector);
  }

  private async load(): Promise<void> {
    const { store, hooks, logger } = this.options;
    const started = performance.now();
    try {
      const stored = await store.load(this.docId);
      if (stored) {
        this.held.loadStored(stored.updates);
        this.writes.loaded(stored.clock, stored.updates.length, stored.updates.reduce((n, u) => n + u.length, 0));
      }
      if (hooks.onLoad) await hooks.onLoad(this.loadPayload());
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

  /** The onLoad payload: the document is built only if a hook reads it (and then stays live). */
  private loadPayload(): LoadPayload {
    const held = this.held;
    return {
      docId: this.docId,
      get doc() {
        return held.pinnedDoc();
      },
    };
  }

  /** Every change of the live document: stored and relayed, unless it was relayed in. */
  private changed(update: Uint8Array, origin: unknown): void {
    if (origin === REMOTE_ORIGIN) return this.broadcast(writeUpdate(update));
    this.writes.push(update, (origin as RoomMember | null) ?? null);
  }

  /** A batch is stored: relay it and tell the change hooks. */
  private stored(batch: readonly PendingUpdate[], first: number): void {
    this.broadcastBatch(batch);
    batch.forEach(({ update, origin }, i) => {
      this.runHook('onChange', () => this.options.hooks.onChange?.({ docId: this.docId, update, session: origin, clock: first + i }));
    });
  }

  /**
   * Applies an update sent by `origin` (null: made by the server). Throws SyncError when it does
   * not decode (1007), when integrating it would throw inside Yjs (1007), or when it must wait for
   * missing dependencies past the document's budget (1008); nothing of it is then applied, stored
   * or relayed, and only its sender is closed. An update whose dependencies are missing waits
   * aside (see WaitingUpdates) and is applied once they arrive.
   */
  applyUpdate(update: Uint8Array, origin: RoomMember | null): void {
    if (this.state !== 'ready') throw new SyncError(CloseCode.tryAgainLater, 'document is not ready');
    const decoded = assertDecodableUpdate(update);
    // An update without structs or deletions (the stock client's step-2 reply when it has
    // nothing new) changes nothing: no reason to build the document for it.
    if (!this.held.hydrated && isEmptyUpdate(update)) return;
    this.place(update, decoded, origin);
    this.applyWaiting();
  }

  /** Integrates, keeps aside or refuses one update (see planUpdate). */
  private place(update: Uint8Array, decoded: DecodedUpdate, origin: RoomMember | null): void {
    const doc = this.doc;
    const identity = origin ? ownerKey(origin) : null;
    let claims: number[] = [];
    if (identity !== null) {
      try {
        claims = this.owners.check(doc, decoded, identity);
      } catch (err) {
        throw new SyncError(CloseCode.policyViolation, (err as Error).message);
      }
    }
    const plan = planUpdate(doc, decoded);
    if (plan.kind === 'refuse') throw new SyncError(CloseCode.invalidPayload, plan.reason);
    if (plan.kind === 'wait' && origin) {
      this.waiting.add({ update, origin, client: plan.client, clock: plan.clock });
      return;
    }
    this.integrate(update, origin);
    if (identity !== null) this.owners.claim(claims, identity);
  }

  /** Hands an update to Yjs; one that still throws there restarts the room (the last resort). */
  private integrate(update: Uint8Array, origin: RoomMember | null): void {
    const before = this.writes.queued;
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch (err) {
      // A decodable update that still fails to integrate may have changed the document halfway:
      // drop what it produced and start the room over from the store.
      this.writes.dropFrom(before);
      this.options.logger.warn('room.update_failed', { doc: this.docId, error: String(err) });
      this.fail('an update failed to apply');
      throw new SyncError(CloseCode.invalidPayload, 'update does not apply');
    }
  }

  /** Applies the waiting updates whose dependencies have arrived, until none is left to apply. */
  private applyWaiting(): void {
    const known = (client: number, clock: number) => Y.getState(this.doc.store, client) > clock;
    for (let ready = this.waiting.takeReady(known); ready.length > 0; ready = this.waiting.takeReady(known)) {
      for (const entry of ready) {
        if (this.state !== 'ready') return;
        try {
          this.place(entry.update, Y.decodeUpdate(entry.update), entry.origin);
        } catch (err) {
          if (this.state !== 'ready') return;
          const sync = err instanceof SyncError ? err : new SyncError(CloseCode.invalidPayload, 'update does not apply');
          this.options.logger.warn('room.waiting_update_refused', { doc: this.docId, reason: sync.message });
          this.waiting.drop(entry.origin);
          entry.origin.close(sync.closeCode, sync.message);
        }
      }
    }
  }

  /**
   * Applies a change made by the server itself (restore, import, rename): it is stored and relayed
   * to every member like a client's update. Must be called when the room is ready.
   */
  transact(change: (doc: Y.Doc) => void): void {
    if (this.state !== 'ready') throw new SyncError(CloseCode.tryAgainLater, 'document is not ready');
    const doc = this.doc;
    doc.transact(() => change(doc), null);
  }

  /** Keeps the room loaded without a member (for server-side work); pair with `release`. */
  hold(): void {
    this.holds++;
  }

  /** Ends a `hold`; the room unloads if nobody else needs it. */
  release(): void {
    this.holds--;
    if (this.sessions.size === 0 && this.holds === 0) void this.unloadWhenIdle();
  }

  /** Resolves once every update applied so far is durably stored. */
  whenStored(): Promise<void> {
    return this.writes.whenStored();
  }

  /** Sends `frame` to every member but `except`. */
  broadcast(frame: Uint8Array, except: RoomMember | null = null): void {
    for (const s of this.sessions) if (s !== except) s.send(frame);
  }

  /** Adds a member (the room then stays loaded). */
  join(member: RoomMember): void {
    this.sessions.add(member);
  }

  /** Removes a member and its presence; the room unloads once it is the last to leave. */
  leave(member: RoomMember): void {
    if (!this.sessions.delete(member)) return;
    this.waiting.drop(member);
    if (member.identity === null) this.owners.release(ownerKey(member));
    this.fanOut?.flush(); // what it sent before leaving (maybe its own removal) goes out first
    const gone = this.relay?.removeOwner(member) ?? null;
    if (gone) this.relayAwareness(gone, member);
    this.runHook('onDisconnect', () =>
      this.options.hooks.onDisconnect?.({ docId: this.docId, session: member, remaining: this.sessions.size }),
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

  /**
   * Relays a stored batch with one frame per receiver: the batch merged into one update, and for
   * a member that sent part of it, the merge of the others' updates (its own are never echoed).
   * A fast writer's burst or a busy document's tick then costs each receiver one frame.
   */
  private broadcastBatch(batch: readonly PendingUpdate[]): void {
    if (batch.length === 1) {
      this.broadcast(writeUpdate(batch[0]!.update), batch[0]!.origin);
      return;
    }
    const senders = new Set(batch.map((p) => p.origin));
    // A writer alone in its document (an upload, a big paste) has nobody to relay to: no merge.
    if ([...this.sessions].every((s) => senders.has(s) && batch.every((p) => p.origin === s))) return;
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

  private async unloadWhenIdle(): Promise<void> {
    await this.ready.catch(() => {});
    await this.whenStored();
    if (this.state !== 'ready' || this.sessions.size > 0 || this.holds > 0) return;
    await this.writes.compactNow();
    if (this.state !== 'ready' || this.sessions.size > 0 || this.holds > 0 || !this.writes.idle) return;
    this.end('unloaded');
    this.options.logger.debug('room.unloaded', { doc: this.docId });
  }

  /**
   * Gives up on this room: every member is closed with 1011 so its client reconnects and
   * re-syncs into a fresh room loaded from the store; nothing unstored was relayed.
   */
  fail(reason: string): void {
    if (this.state === 'failed' || this.state === 'unloaded') return;
    this.end('failed');
    for (const s of [...this.sessions]) s.close(CloseCode.internalError, reason);
  }

  private end(state: 'failed' | 'unloaded'): void {
    this.state = state;
    this.writes.clear();
    this.waiting.clear();
    this.onEnd(this);
    this.fanOut?.stop();
    this.held.destroy();
    this.runHook('onUnload', () => this.options.hooks.onUnload?.({ docId: this.docId, reason: state }));
  }

  /** Waits for pending writes, then closes every member with `code` (shutdown). */
  async close(code: number, reason: string): Promise<void> {
    await this.ready.catch(() => {});
    await Promise.all([...this.sessions].map((s) => s.drain()));
    await this.whenStored();
    for (const s of [...this.sessions]) s.close(code, reason);
  }

  /** Relays a presence frame of local member `from` to the other members and the onAwareness hook. */
  relayAwareness(frame: Uint8Array, from: RoomMember, entries?: readonly AwarenessEntry[]): void {
    // local changes go out throttled (one frame per receiver per interval); a removal at once
    if (entries) this.presence.relay(entries, from);
    else this.broadcast(frame, from);
    this.runHook('onAwareness', () => this.options.hooks.onAwareness?.({ docId: this.docId, frame, session: from }));
  }

  /** A frame with every presence state known here (for a newcomer or a query), or null. */
  awarenessFrame(): Uint8Array | null {
    return this.relay?.snapshotFrame() ?? null;
  }
}
