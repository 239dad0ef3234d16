import { stampPresenceName } from './presence-stamp.js';
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
  /** Entries refused because their connection already holds the most client ids allowed. */
  overLimit: number;
  /** Entries refused because the states' size would pass the connection's or the document's budget. */
  overBudget: number;
  /** The entries that changed something (what `frame` carries). */
  entries: AwarenessEntry[];
}

const never = (): boolean => false;
const everyone = (): boolean => true;

/** Size budgets and identity binding of a document's presence. */
export interface AwarenessLimits<Owner> {
  /** Bytes of state one owner may hold in total, over all its client ids. */
  maxBytesPerOwner?: number;
  /** Bytes of state the document may hold in total. */
  maxBytes?: number;
  /**
   * Who is behind an owner across reconnects (user id), `#<n>` for one that has none (bound while
   * connected), or null for owners never bound (another node relaying its own sessions' states).
   */
  keyOf?: (owner: Owner) => string | null;
}

/**
 * The presence states of one document, with the connection that owns each client id. A client id
 * belongs to the first connection that used it: no other connection can overwrite or remove it.
 * When a connection leaves, its client ids are removed for everyone; a client id stays bound, for
 * the relay's life, to the identity that first used it (see `keyOf`), so a later connection of
 * someone else cannot take over a user's presence while they are away. The states' sizes are
 * bounded per owner and per document.
 */
export class AwarenessRelay<Owner> {
  // Allocated on first use: most documents in memory hold no presence at all.
  private statesMap: Map<number, Presence<Owner>> | null = null;
  private heldMap: Map<Owner, number> | null = null;
  private lastNames: WeakMap<object, string> | null = null;
  /** Which identity each client id is bound to (see AwarenessLimits.keyOf). */
  private boundMap: Map<number, string> | null = null;
  private bytesOf: Map<Owner, number> | null = null;
  private totalBytes = 0;

  constructor(
    /**
     * Whether a client id held by `holder` may pass to another owner that sends a newer state for
     * it (a client that moved here from another node); default: never.
     */
    private readonly yields: (holder: Owner) => boolean = never,
    /** How many client ids one connection may hold. */
    private readonly maxClientsPerOwner = Number.POSITIVE_INFINITY,
    private readonly limits: AwarenessLimits<Owner> = {},
  ) {}

  /**
   * Applies an encoded awareness update sent by `owner`. Throws DecodeError when malformed.
   * With `name`, every state it sets gets `user.name = name` (stamped from the owner's token).
   */
  apply(update: Uint8Array, owner: Owner, name: string | null = null): AwarenessResult {
    const states = (this.statesMap ??= new Map());
    const held = (this.heldMap ??= new Map());
    const accepted: AwarenessEntry[] = [];
    let foreign = 0;
    let overLimit = 0;
    let overBudget = 0;
    const key = this.limits.keyOf?.(owner) ?? null;
    const maxOwner = this.limits.maxBytesPerOwner ?? Number.POSITIVE_INFINITY;
    const maxAll = this.limits.maxBytes ?? Number.POSITIVE_INFINITY;
    for (const read of readAwarenessUpdate(update)) {
      const entry = { ...read, state: stampPresenceName(read.state, name) };
      const current = states.get(entry.clientId);
      const bound = this.boundMap?.get(entry.clientId);
      if (key !== null && bound !== undefined && bound !== key) {
        foreign++;
        continue;
      }
      if (current && current.owner !== owner) {
        // Stock clients echo the states they receive; only a newer clock means the client moved.
        if (!this.yields(current.owner) || entry.clock <= current.clock) {
          foreign++;
          continue;
        }
        this.count(current.owner, -1);
        this.count(owner, 1);
        this.addBytes(current.owner, -current.state.length);
        this.addBytes(owner, current.state.length);
        current.owner = owner;
      }
      if (!current && entry.state !== 'null' && (held.get(owner) ?? 0) >= this.maxClientsPerOwner) {
        overLimit++;
        continue;
      }
      const removal = entry.state === 'null';
      if (current && entry.clock < current.clock) continue;
      if (current && entry.clock === current.clock && !removal) continue;
      if (!removal) {
        const grows = entry.state.length - (current?.state.length ?? 0);
        if (grows > 0 && ((this.bytesOf?.get(owner) ?? 0) + grows > maxOwner || this.totalBytes + grows > maxAll)) {
          overBudget++;
          continue;
        }
      }
      if (removal) this.forget(entry.clientId);
      else {
        if (!current) this.count(owner, 1);
        this.addBytes(owner, entry.state.length - (current?.owner === owner ? current.state.length : 0));
        states.set(entry.clientId, { clock: entry.clock, state: entry.state, owner });
        if (key !== null) (this.boundMap ??= new Map()).set(entry.clientId, key);
        this.rememberName(owner, entry.state);
      }
      if (removal && !current) continue;
      accepted.push(entry);
    }
    return { frame: accepted.length ? writeAwareness(writeAwarenessUpdate(accepted)) : null, foreign, overLimit, overBudget, entries: accepted };
  }

  /** Removes every client id `owner` holds; returns the frame announcing it, or null. */
  removeOwner(owner: Owner): Uint8Array | null {
    const removed: AwarenessEntry[] = [];
    if (!this.statesMap) return null;
    for (const [clientId, presence] of this.statesMap) {
      if (presence.owner !== owner) continue;
      this.forget(clientId);
      removed.push({ clientId, clock: presence.clock + 1, state: 'null' });
    }
    // An owner without an identity (`#<n>`) holds its ids only while connected.
    const key = this.limits.keyOf?.(owner) ?? null;
    if (key?.startsWith('#') && this.boundMap) for (const [id, k] of this.boundMap) if (k === key) this.boundMap.delete(id);
    return removed.length ? writeAwareness(writeAwarenessUpdate(removed)) : null;
  }

  private forget(clientId: number): void {
    const presence = this.statesMap?.get(clientId);
    if (!presence) return;
    this.statesMap!.delete(clientId);
    this.count(presence.owner, -1);
    this.addBytes(presence.owner, -presence.state.length);
  }

  private addBytes(owner: Owner, delta: number): void {
    if (delta === 0) return;
    const bytes = (this.bytesOf ??= new Map());
    const n = (bytes.get(owner) ?? 0) + delta;
    if (n <= 0) bytes.delete(owner);
    else bytes.set(owner, n);
    this.totalBytes += delta;
  }

  private count(owner: Owner, delta: number): void {
    const held = (this.heldMap ??= new Map());
    const n = (held.get(owner) ?? 0) + delta;
    if (n <= 0) held.delete(owner);
    else held.set(owner, n);
  }

  /**
   * A frame holding every known state (for a newcomer or a query), or only those whose owner
   * passes `filter`; null when there is none.
   */
  snapshotFrame(filter: (owner: Owner) => boolean = everyone): Uint8Array | null {
    if (!this.statesMap?.size) return null;
    const entries = [...this.statesMap]
      .filter(([, p]) => filter(p.owner))
      .map(([clientId, p]) => ({ clientId, clock: p.clock, state: p.state }));
    return entries.length ? writeAwareness(writeAwarenessUpdate(entries)) : null;
  }

  /**
   * The `user.name` `owner` last showed collaborators in its presence (kept after it left, so an
   * edit stored just after its owner closed the tab is still credited), or null.
   */
  nameOf(owner: Owner): string | null {
    return this.lastNames?.get(owner as object) ?? null;
  }

  private rememberName(owner: Owner, state: string): void {
    if (typeof owner !== 'object' || owner === null) return;
    try {
      const name = (JSON.parse(state) as { user?: { name?: unknown } } | null)?.user?.name;
      if (typeof name === 'string' && name.trim()) (this.lastNames ??= new WeakMap()).set(owner, name.trim().slice(0, 100));
    } catch {
      // states are checked to be JSON before they get here
    }
  }

  /** How many client ids have a state. */
  get size(): number {
    return this.statesMap?.size ?? 0;
  }
}
