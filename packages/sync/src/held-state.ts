import * as Y from 'yjs';
import type { Logger } from './logger.js';
import { assertBoundedUpdate } from '@tandem/protocol';
import {
  answerFrames,
  EMPTY_ANSWER,
  EMPTY_STATE_VECTOR,
  EMPTY_UPDATE,
  encodeIntegratedState,
  isEmptyStateVector,
  isEmptyUpdate,
  stateFrame,
} from './encoded-state.js';

/** Origin used while replaying the store into the document: such updates are not stored again. */
export const LOAD_ORIGIN = Symbol('tandem-load');

/** What the held state tells its room. */
export interface HeldStateEvents {
  /** The live document changed (`origin` as Yjs reports it; never LOAD_ORIGIN). */
  changed(update: Uint8Array, origin: unknown): void;
  /** Whether the room could go back to bytes now (ready, everything stored, nothing pending). */
  canIdle(): boolean;
}

/**
 * A document's state in memory, as bytes or as a live Y.Doc. An idle document is held as its
 * encoded state (one Yjs update): the sync handshake is answered from the bytes, and the Y.Doc is
 * built only when a change needs it. After `dehydrateAfterMs` without changes, when the room says
 * it can idle, the live document goes back to bytes. The answer to a newcomer (an empty state
 * vector) is encoded once per document state and shared.
 */
export class HeldState {
  /** The live document, or null while the state is held as bytes. */
  private live: Y.Doc | null = null;
  /** While not live: the whole state as one update (null: the empty document). */
  private heldState: Uint8Array | null = null;
  /** While not live: the state vector of `heldState`, computed once. */
  private heldStateVector: Uint8Array | null = null;
  /**
   * The sync answer for a client that has nothing yet (the whole state: one step-2 frame, or
   * pieces for a large document, see answerFrames), encoded once per document state; while not
   * live and small, `heldState` is a view into its one frame.
   */
  private fullStateFrames: readonly Uint8Array[] | null = null;
  /** The last answer to a non-empty state vector (its bytes as latin1 text), for this document state. */
  private lastAnswer: { key: string; frames: readonly Uint8Array[] } | null = null;
  /** A hook was given the live document: it may keep it, so the state never goes back to bytes. */
  private pinned = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private lastChangeAt = 0;
  private ended = false;

  constructor(
    private readonly docId: string,
    private readonly dehydrateAfterMs: number,
    /** A sync answer larger than this goes out in pieces of about this size (see answerFrames). */
    private readonly pieceBytes: number,
    private readonly logger: Logger,
    private readonly events: HeldStateEvents,
  ) {}

  /** The live document, built from the held bytes on first use (see Room.doc). */
  get doc(): Y.Doc {
    return this.live ?? this.hydrate();
  }

  /** Whether the document is live in memory (false: held as encoded bytes). */
  get hydrated(): boolean {
    return this.live !== null;
  }

  /** The live document for a hook that may keep it: it then stays live for the room's life. */
  pinnedDoc(): Y.Doc {
    this.pinned = true;
    return this.doc;
  }

  /** Takes the stored updates: one that decodes is held as bytes, several are applied to a live document. */
  loadStored(updates: readonly Uint8Array[]): void {
    const [only] = updates;
    const stateVector = updates.length === 1 ? stateVectorIfDecodes(only!) : null;
    if (stateVector) {
      this.holdBytes(only!);
      this.heldStateVector = stateVector; // the handshake's step 1 needs it at once
    } else if (updates.length > 0) this.hydrateFrom(updates);
  }

  /** The document's whole state as one update, without building a live document. */
  encodedState(): Uint8Array {
    return this.live ? encodeIntegratedState(this.live) : (this.heldState ?? EMPTY_UPDATE);
  }

  /** The document's state vector (what a sync step 1 carries), without building a live document. */
  stateVector(): Uint8Array {
    if (this.live) return Y.encodeStateVector(this.live);
    if (!this.heldState) return EMPTY_STATE_VECTOR;
    return (this.heldStateVector ??= Y.encodeStateVectorFromUpdate(this.heldState));
  }

  /**
   * The frames answering `stateVector` (a step-2 frame, or pieces of a large answer ending with
   * one, see answerFrames): a newcomer's answer is shared per document state. Only what is
   * integrated is answered (see encodeIntegratedState). Throws when the state vector does not decode.
   */
  syncAnswer(stateVector: Uint8Array): readonly Uint8Array[] {
    if (!this.live && !this.heldState) return EMPTY_ANSWER;
    if (isEmptyStateVector(stateVector)) {
      return (this.fullStateFrames ??= answerFrames(this.live ? encodeIntegratedState(this.live) : this.heldState!, this.pieceBytes));
    }
    // The same non-empty state vector again (readers repeating a step 1): encoded once per state.
    const key = Buffer.from(stateVector.buffer, stateVector.byteOffset, stateVector.byteLength).toString('latin1');
    if (this.lastAnswer?.key === key) return this.lastAnswer.frames;
    const diff = this.live ? encodeIntegratedState(this.live, stateVector) : Y.diffUpdate(this.heldState!, stateVector);
    const frames = answerFrames(diff, this.pieceBytes);
    this.lastAnswer = { key, frames };
    return frames;
  }

  /** Lets go of everything (the room ended). */
  destroy(): void {
    this.ended = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.live?.destroy();
    this.live = null;
  }

  /** Holds `update` (the whole state, known to decode) as bytes; the state is then not live. */
  private holdBytes(update: Uint8Array | null): void {
    this.lastAnswer = null;
    if (update === null || isEmptyUpdate(update)) {
      this.fullStateFrames = null;
      this.heldState = null;
    } else if (update.length <= this.pieceBytes) {
      const frame = stateFrame(update);
      this.fullStateFrames = [frame];
      this.heldState = frame.subarray(frame.length - update.length);
    } else {
      this.fullStateFrames = null; // cut into pieces when a newcomer first asks
      this.heldState = update;
    }
    this.heldStateVector = null;
  }

  /** Builds the live document from the bytes held. */
  private hydrate(): Y.Doc {
    const frames = this.fullStateFrames;
    const doc = this.hydrateFrom(this.heldState ? [this.heldState] : []);
    if (doc.store.pendingStructs === null && doc.store.pendingDs === null) this.fullStateFrames = frames; // same state
    return doc;
  }

  /** Builds the live document from stored updates; one that fails to apply is logged and skipped. */
  private hydrateFrom(updates: readonly Uint8Array[]): Y.Doc {
    const doc = new Y.Doc();
    doc.transact(() => {
      for (const [i, u] of updates.entries()) {
        try {
          Y.applyUpdate(doc, u, LOAD_ORIGIN);
        } catch (err) {
          // One bad stored entry must not make the whole document unloadable.
          this.logger.error('room.stored_update_skipped', { doc: this.docId, index: i, error: String(err) });
        }
      }
    }, LOAD_ORIGIN);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.fullStateFrames = null;
      this.lastAnswer = null;
      this.lastChangeAt = performance.now();
      if (origin !== LOAD_ORIGIN) this.events.changed(update, origin);
    });
    this.live = doc;
    this.lastAnswer = null;
    this.heldState = null;
    this.heldStateVector = null;
    this.fullStateFrames = null;
    this.lastChangeAt = performance.now();
    this.watchIdle(this.dehydrateAfterMs);
    return doc;
  }

  /** Checks in `ms` whether the live document has been idle long enough to go back to bytes. */
  private watchIdle(ms: number): void {
    const after = this.dehydrateAfterMs;
    if (this.idleTimer || this.pinned || after <= 0) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      const live = this.live;
      if (!live || this.pinned || this.ended) return;
      const idleFor = performance.now() - this.lastChangeAt;
      if (idleFor < after) return this.watchIdle(after - idleFor);
      if (!this.events.canIdle() || live.store.pendingStructs !== null || live.store.pendingDs !== null) return this.watchIdle(after);
      this.dehydrate(live);
    }, Math.max(1, Math.ceil(ms)));
    this.idleTimer.unref?.();
  }

  /** Drops the live document, keeping its whole state as bytes (everything in it is stored). */
  private dehydrate(live: Y.Doc): void {
    const update = encodeIntegratedState(live); // nothing is pending here
    this.live = null;
    live.destroy();
    this.holdBytes(update);
    this.logger.debug('room.dehydrated', { doc: this.docId, bytes: update.length });
  }
}

/**
 * The state vector of a stored update, or null when it does not decode (then it is applied, and
 * skipped if it fails, see hydrateFrom). Reading the state vector walks every struct, and the
 * bounded walk covers the delete set, so this checks what a full decode would at about half its
 * cost (a 1.2 MB document: one pass instead of a decode and then a state-vector pass).
 */
function stateVectorIfDecodes(update: Uint8Array): Uint8Array | null {
  try {
    assertBoundedUpdate(update);
    return Y.encodeStateVectorFromUpdate(update);
  } catch {
    return null;
  }
}
