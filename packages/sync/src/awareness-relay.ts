import { type AwarenessEntry, readAwarenessUpdate, writeAwareness, writeAwarenessUpdate } from '@tandem/protocol';

/** One client's presence as the server holds it. */
interface Presence<Owner> {
  clock: number;
  state: string;
  owner: Owner;
}

/** What applying a connection's awareness update produced. */
export interface AwarenessResult {
  /** The frame to send to every other connection, or null when nothing changed. */
  frame: Uint8Array | null;
  /** Entries refused because another connection owns that client id. */
  foreign: number;
  /** The entries that changed something (what `frame` carries). */
  entries: AwarenessEntry[];
}

/**
 * The presence states of one document, with the connection that owns each client id. A client id
 * belongs to the first connection that used it: no other connection can overwrite or remove it.
 * When a connection leaves, its client ids are removed for everyone.
 */
export class AwarenessRelay<Owner> {
  private readonly states = new Map<number, Presence<Owner>>();

  /** Applies an encoded awareness update sent by `owner`. Throws DecodeError when malformed. */
  apply(update: Uint8Array, owner: Owner): AwarenessResult {
    const accepted: AwarenessEntry[] = [];
    let foreign = 0;
    for (const entry of readAwarenessUpdate(update)) {
      const current = this.states.get(entry.clientId);
      if (current && current.owner !== owner) {
        foreign++;
        continue;
      }
      const removal = entry.state === 'null';
      if (current && entry.clock < current.clock) continue;
      if (current && entry.clock === current.clock && !removal) continue;
      if (removal) this.states.delete(entry.clientId);
      else this.states.set(entry.clientId, { clock: entry.clock, state: entry.state, owner });
      if (removal && !current) continue;
      accepted.push(entry);
    }
    return { frame: accepted.length ? writeAwareness(writeAwarenessUpdate(accepted)) : null, foreign, entries: accepted };
  }

  /** Removes every client id `owner` holds; returns the frame announcing it, or null. */
  removeOwner(owner: Owner): Uint8Array | null {
    const removed: AwarenessEntry[] = [];
    for (const [clientId, presence] of this.states) {
      if (presence.owner !== owner) continue;
      this.states.delete(clientId);
      removed.push({ clientId, clock: presence.clock + 1, state: 'null' });
    }
    return removed.length ? writeAwareness(writeAwarenessUpdate(removed)) : null;
  }

  /** A frame holding every known state (for a newcomer or a query), or null when there is none. */
  snapshotFrame(): Uint8Array | null {
    if (this.states.size === 0) return null;
    const entries = [...this.states].map(([clientId, p]) => ({ clientId, clock: p.clock, state: p.state }));
    return writeAwareness(writeAwarenessUpdate(entries));
  }

  /** How many client ids have a state. */
  get size(): number {
    return this.states.size;
  }
}
