import * as Y from 'yjs';
import type { AwarenessRelay } from './awareness-relay.js';
import type { Logger } from './logger.js';
import type { RoomMember } from './room-member.js';
import { assertDecodableUpdate } from './update-check.js';
import type { DocStore } from '@tandem/store';
import type { ClockWatermark } from './clock-watermark.js';

/** Origin of updates another node (or the store, on catch-up) already stored: relayed, never stored again. */
export const REMOTE_ORIGIN = Symbol('tandem-remote');

/** What the cluster port reaches of its room. */
export interface ClusterPortRoom {
  readonly docId: string;
  /** True while the room serves (not loading, failed or unloaded). */
  isReady(): boolean;
  /** The live document (built on first use). */
  readonly doc: Y.Doc;
  readonly awareness: AwarenessRelay<RoomMember | string>;
  /** The presence relay if one was made (most rooms never hold presence). */
  existingAwareness(): AwarenessRelay<RoomMember | string> | null;
  /** Sends a frame to every local member. */
  broadcast(frame: Uint8Array): void;
  /** Updates were applied from another node: the room applies what waited for them. */
  remoteApplied(): void;
  /** Gives up on the room (see Room.fail). */
  fail(reason: string): void;
}

/**
 * A room's side of the relay between nodes (used by a cluster extension such as
 * @tandem/cluster-redis): updates other nodes stored, catching up from the store after missed
 * relays, and presence owned by other nodes (named by a string).
 */
export class ClusterPort {
  constructor(
    private readonly room: ClusterPortRoom,
    private readonly applied: ClockWatermark,
    private readonly store: DocStore,
    private readonly logger: Logger,
  ) {}

  /** The store clock through which every update is applied here, and how far behind this room may be. */
  get clock(): { through: number; highest: number; holeAgeMs: number } {
    return { through: this.applied.through, highest: this.applied.highest, holeAgeMs: this.applied.holeAge() };
  }

  /**
   * Applies an update another node already stored under store clock `clock`: it is relayed to every
   * local session and never stored again. Ignored unless the room is ready.
   */
  applyRemote(update: Uint8Array, clock: number): void {
    if (!this.room.isReady() || clock <= this.applied.through) return;
    assertDecodableUpdate(update);
    try {
      Y.applyUpdate(this.room.doc, update, REMOTE_ORIGIN);
    } catch (err) {
      this.logger.warn('room.remote_update_failed', { doc: this.room.docId, clock, error: String(err) });
      this.room.fail('a relayed update failed to apply');
      return;
    }
    this.applied.add(clock);
    this.room.remoteApplied();
  }

  /**
   * Catches up from the store after missed relays: applies everything stored, relaying what is new
   * to local sessions. Resolves with the store clock now applied.
   */
  async catchUp(): Promise<number> {
    if (!this.room.isReady()) return this.applied.through;
    const stored = await this.store.load(this.room.docId);
    if (!stored || !this.room.isReady()) return this.applied.through;
    const doc = this.room.doc;
    doc.transact(() => {
      for (const u of stored.updates) Y.applyUpdate(doc, u, REMOTE_ORIGIN);
    }, REMOTE_ORIGIN);
    this.applied.jumpTo(stored.clock);
    this.room.remoteApplied();
    return this.applied.through;
  }

  /** Applies an awareness update relayed by node `peer` and relays what changed to local sessions. */
  applyRemoteAwareness(update: Uint8Array, peer: string): void {
    const { frame } = this.room.awareness.apply(update, peer);
    if (frame) this.room.broadcast(frame);
  }

  /** Forgets every presence state node `peer` relayed (it left or died) and tells local sessions. */
  removeRemotePeer(peer: string): void {
    const frame = this.room.existingAwareness()?.removeOwner(peer) ?? null;
    if (frame) this.room.broadcast(frame);
  }

  /** A frame with the presence of this node's own sessions (for a node that asks), or null. */
  localAwarenessFrame(): Uint8Array | null {
    return this.room.existingAwareness()?.snapshotFrame((owner) => typeof owner !== 'string') ?? null;
  }
}
