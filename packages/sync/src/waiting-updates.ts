import { CloseCode } from '@tandem/protocol';
import { SyncError } from './errors.js';
import type { RoomMember } from './room-member.js';

/** An update kept aside until the change it depends on arrives. */
export interface WaitingUpdate {
  update: Uint8Array;
  origin: RoomMember;
  /** Worth another try once the document knows clock `clock` of `client`. */
  client: number;
  clock: number;
}

/**
 * A document's updates whose dependencies are missing, kept aside by the room instead of inside
 * Yjs (whose pending buffer is re-merged on every later update: a cost that grows with what is
 * pending). Bounded per document in count and bytes: past either, the sender is closed (1008)
 * and everything it has waiting is dropped; nothing waiting is ever stored or relayed. Finding
 * what may now apply costs a look at each waiting entry (at most `maxUpdates`), not a re-merge.
 */
export class WaitingUpdates {
  private entries: WaitingUpdate[] = [];
  private bytes = 0;

  constructor(
    private readonly maxUpdates: number,
    private readonly maxBytes: number,
  ) {}

  /** How many updates wait. */
  get size(): number {
    return this.entries.length;
  }

  /**
   * Keeps `entry` aside. Throws SyncError 1008 when the document's budget would be exceeded; the
   * sender's waiting updates are then dropped.
   */
  add(entry: WaitingUpdate): void {
    if (this.entries.length + 1 > this.maxUpdates || this.bytes + entry.update.length > this.maxBytes) {
      this.drop(entry.origin);
      throw new SyncError(CloseCode.policyViolation, 'too many changes waiting for changes that never arrived');
    }
    this.entries.push(entry);
    this.bytes += entry.update.length;
  }

  /** Takes out every entry whose dependency `known` now reports as known (in arrival order). */
  takeReady(known: (client: number, clock: number) => boolean): WaitingUpdate[] {
    if (this.entries.length === 0) return [];
    const ready: WaitingUpdate[] = [];
    const rest: WaitingUpdate[] = [];
    for (const e of this.entries) (known(e.client, e.clock) ? ready : rest).push(e);
    if (ready.length === 0) return ready;
    this.entries = rest;
    for (const e of ready) this.bytes -= e.update.length;
    return ready;
  }

  /** Drops everything `origin` has waiting (it left or was closed). */
  drop(origin: RoomMember): void {
    if (this.entries.length === 0) return;
    this.entries = this.entries.filter((e) => e.origin !== origin || ((this.bytes -= e.update.length), false));
  }

  /** Drops everything (the room ended). */
  clear(): void {
    this.entries = [];
    this.bytes = 0;
  }
}
