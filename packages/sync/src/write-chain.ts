import { ClockWatermark } from './clock-watermark.js';
import type { ResolvedSyncOptions } from './options.js';
import type { RoomMember } from './room-member.js';

/** An update accepted into the document and not yet stored. */
export interface PendingUpdate {
  update: Uint8Array;
  /** Its sender (null: made by the server). */
  origin: RoomMember | null;
}

/** What the write chain asks of its room. */
export interface WriteChainRoom {
  /** A batch is durably stored under clocks `first`...: relay it and run the change hooks. */
  stored(batch: readonly PendingUpdate[], first: number): void;
  /** The document's integrated state as one update (what a compaction stores). */
  snapshot(): Uint8Array;
  /** Storage failed: the room gives up (see Room.fail). */
  fail(reason: string): void;
  /** Whether the room has failed or unloaded (writes then stop). */
  ended(): boolean;
}

/** Where a write chain starts: nothing to wait for. */
const SETTLED: Promise<void> = Promise.resolve();

/**
 * A document's writes, in order: accepted updates wait in `pending`; one append at a time stores
 * them (updates arriving while a write is in flight go together into the next one); a stored
 * batch is handed back to the room to relay; after enough appends the log is compacted into one
 * snapshot. It also keeps the store clock through which everything is applied here.
 */
export class WriteChain {
  /** Store clocks applied to this room's document (its own appends and, in a cluster, relays). */
  readonly applied = new ClockWatermark();
  private pending: PendingUpdate[] = [];
  private unstored = 0;
  private flushScheduled = false;
  private chain: Promise<void> = SETTLED;
  private compactUpdates = 0;
  private compactBytes = 0;
  /** Bytes of the document's last snapshot (or of its stored log when it loaded). */
  private snapshotBytes = 0;

  constructor(
    private readonly docId: string,
    private readonly options: ResolvedSyncOptions,
    private readonly room: WriteChainRoom,
  ) {}

  /** The store held `entries` updates (`bytes` in all) up to `clock` when the document loaded. */
  loaded(clock: number, entries: number, bytes: number): void {
    this.applied.jumpTo(clock);
    this.compactUpdates = Math.max(0, entries - 1);
    this.snapshotBytes = bytes;
  }

  /**
   * Whether the log is due for compaction: past `compactAfterUpdates` or `compactAfterBytes`, and
   * holding at least a quarter of the last snapshot's bytes. A compaction encodes and writes the
   * whole document, so on a large document it waits until the log has grown in proportion: its
   * cost per stored byte stays constant (a 20 MB document uploaded in 400 KB updates is compacted
   * a handful of times, not after every other update), and a document loads from at most a
   * snapshot and a log of a quarter of its size (or the thresholds).
   */
  private get compactionDue(): boolean {
    const { compactAfterUpdates, compactAfterBytes } = this.options;
    const past = this.compactUpdates >= compactAfterUpdates || this.compactBytes >= compactAfterBytes;
    return past && this.compactBytes * 4 >= this.snapshotBytes;
  }

  /** Queues an accepted update for the next append. */
  push(update: Uint8Array, origin: RoomMember | null): void {
    this.pending.push({ update, origin });
    this.unstored++;
    this.scheduleFlush();
  }

  /** How many updates are queued (to drop, with `dropFrom`, what a failed apply queued). */
  get queued(): number {
    return this.pending.length;
  }

  /** Forgets the updates queued after the first `count` (they belong to an apply that failed). */
  dropFrom(count: number): void {
    this.unstored -= this.pending.length - count;
    this.pending.length = count;
  }

  /** Nothing is queued, unstored or about to be written. */
  get idle(): boolean {
    return this.pending.length === 0 && this.unstored === 0 && !this.flushScheduled;
  }

  /** Resolves once every update queued so far is stored (or the room ended). */
  async whenStored(): Promise<void> {
    while (this.unstored > 0 && !this.room.ended()) await this.chain;
  }

  /** Compacts once the writes in flight are done (the room is about to unload). */
  compactNow(): Promise<void> {
    return (this.chain = this.chain.then(() => this.compact()));
  }

  /** Drops what is queued (the room ended). */
  clear(): void {
    this.pending = [];
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.chain = this.chain
      .then(() => this.flush())
      .catch((err) => {
        this.options.logger.error('room.flush_failed', { doc: this.docId, error: String(err) });
        this.room.fail('internal error');
      });
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0 || this.room.ended()) return;
    const { store, logger } = this.options;
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
      this.room.fail('storage failed');
      return;
    }
    this.unstored -= batch.length;
    for (const { update } of batch) {
      this.compactUpdates++;
      this.compactBytes += update.length;
    }
    this.room.stored(batch, first);
    if (this.compactionDue) await this.compact();
  }

  /** Replaces the stored log with one snapshot, when every applied update is stored. */
  private async compact(): Promise<void> {
    // Only through the clock below which every stored update (this node's or another's) is applied.
    if (this.unstored > 0 || this.compactUpdates === 0 || this.applied.through === 0) return;
    // The state holds exactly what is integrated; structs Yjs holds pending were never stored.
    const snapshot = this.room.snapshot();
    const through = this.applied.through;
    const [updates, bytes] = [this.compactUpdates, this.compactBytes];
    try {
      await this.options.store.compact(this.docId, snapshot, through);
      this.compactUpdates -= updates;
      this.compactBytes -= bytes;
      this.snapshotBytes = snapshot.length;
      this.options.logger.debug('room.compacted', { doc: this.docId, through, bytes: snapshot.length });
    } catch (err) {
      this.options.logger.warn('room.compact_failed', { doc: this.docId, error: String(err) });
    }
  }
}
