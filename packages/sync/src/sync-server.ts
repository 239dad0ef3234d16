import * as Y from 'yjs';
import { isValidDocId } from '@tandem/document';
import { type AccessInfo, CloseCode, roleAtLeast } from '@tandem/protocol';
import type { Connection } from './connection.js';
import { SyncError } from './errors.js';
import type { ConnectDecision } from './hooks.js';
import { type ResolvedSyncOptions, resolveOptions, type SyncServerOptions } from './options.js';
import { Room } from './room.js';
import { Session } from './session.js';
import type { RoomMember } from './room-member.js';

/** How a connection is opened on a document. */
export interface ConnectOptions {
  docId: string;
  /** Drop this connection's updates (it still syncs and shares presence). */
  readOnly?: boolean;
  /** Anything the host wants hooks and logs to see (user, token claims, address). */
  context?: unknown;
  /** Presence name the server stamps into this connection's awareness states (from its token). */
  presenceName?: string | null;
  /**
   * The role and user sent to the client in the access frame before anything else. Defaults to
   * `viewer` for a read-only connection and `editor` otherwise; a role that cannot write makes
   * the connection read-only.
   */
  access?: AccessInfo;
}

/** Counts for health checks and metrics. */
export interface SyncStats {
  rooms: number;
  sessions: number;
}

/**
 * The sync core: one Room per loaded document, one Session per connection. It knows nothing of
 * HTTP or a WebSocket library; a host passes it Connection objects and the frames they receive.
 */
export class SyncServer {
  private readonly options: ResolvedSyncOptions;
  private readonly rooms = new Map<string, Room>();
  private closing = false;
  /** Forgets a room that unloaded or failed (one function shared by every room). */
  private readonly roomEnded = (ended: Room): void => {
    if (this.rooms.get(ended.docId) === ended) this.rooms.delete(ended.docId);
  };

  constructor(options: SyncServerOptions) {
    this.options = resolveOptions(options);
  }

  /**
   * Runs the `beforeConnect` hook for a would-be connection, before any document is loaded.
   * Throws SyncError (with an HTTP status) when it is refused.
   */
  async authorize(docId: string, context?: unknown): Promise<ConnectDecision> {
    if (!isValidDocId(docId)) throw new SyncError(CloseCode.invalidPayload, 'invalid document id');
    if (this.closing) throw new SyncError(CloseCode.tryAgainLater, 'server is shutting down');
    if (this.atDocumentLimit(docId)) throw new SyncError(CloseCode.tryAgainLater, 'too many documents loaded');
    return (await this.options.hooks.beforeConnect?.({ docId, context })) ?? {};
  }

  /** Opens a session for an accepted connection; the document loads if it is not in memory. */
  connect(conn: Connection, { docId, readOnly = false, context = null, presenceName = null, access }: ConnectOptions): Session {
    if (!isValidDocId(docId)) throw new RangeError('invalid document id');
    if (this.closing) {
      conn.close(CloseCode.goingAway, 'server is shutting down');
      throw new SyncError(CloseCode.goingAway, 'server is shutting down');
    }
    if (this.atDocumentLimit(docId)) {
      conn.close(CloseCode.tryAgainLater, 'too many documents loaded');
      throw new SyncError(CloseCode.tryAgainLater, 'too many documents loaded');
    }
    const granted: AccessInfo = access ?? { role: readOnly ? 'viewer' : 'editor', user: null };
    const dropsUpdates = readOnly || !roleAtLeast(granted.role, 'editor');
    // a connection told it may write but whose updates are dropped would lie: tell it the truth
    const told: AccessInfo = dropsUpdates && roleAtLeast(granted.role, 'editor') ? { ...granted, role: 'viewer' } : granted;
    return new Session(this.openRoom(docId), conn, dropsUpdates, context, this.options, presenceName, told);
  }

  private openRoom(docId: string): Room {
    let room = this.rooms.get(docId);
    if (!room) {
      room = new Room(docId, this.options, this.roomEnded);
      this.rooms.set(docId, room);
    }
    return room;
  }

  /** True when `docId` is not loaded and loading it would exceed `maxDocuments`. */
  private atDocumentLimit(docId: string): boolean {
    return !this.rooms.has(docId) && this.rooms.size >= this.options.maxDocuments;
  }

  /**
   * Applies a change made by the server (restore, import, rename) to a document, loading it if
   * needed: it is stored, then relayed to everyone connected, like any client's update. Resolves
   * once it is stored; the document unloads again if nobody is connected.
   */
  async change(docId: string, change: (doc: Y.Doc) => void): Promise<void> {
    if (!isValidDocId(docId)) throw new RangeError('invalid document id');
    if (this.closing) throw new SyncError(CloseCode.tryAgainLater, 'server is shutting down');
    // Server-side changes (imports, restores) load documents too: the same cap as connections.
    if (this.atDocumentLimit(docId)) throw new SyncError(CloseCode.tryAgainLater, 'too many documents loaded');
    const room = this.openRoom(docId);
    room.hold();
    try {
      await room.ready;
      room.transact(change);
      await room.whenStored();
      if (room.state !== 'ready') throw new SyncError(CloseCode.internalError, 'the change could not be stored');
    } finally {
      room.release();
    }
  }

  /**
   * A private copy of a document's current stored state (everything accepted is stored first),
   * or null when the document was never stored. The caller owns (and may destroy) the copy.
   */
  async snapshot(docId: string): Promise<Y.Doc | null> {
    if (!isValidDocId(docId)) throw new RangeError('invalid document id');
    const room = this.rooms.get(docId);
    const copy = new Y.Doc();
    if (room && room.state === 'ready') {
      await room.whenStored();
      Y.applyUpdate(copy, room.encodedState());
      return copy;
    }
    const stored = await this.options.store.load(docId);
    if (!stored) return null;
    copy.transact(() => {
      for (const u of stored.updates) Y.applyUpdate(copy, u);
    });
    return copy;
  }

  /** Closes every connection to `docId` with `code` (for example when it is deleted). */
  disconnectAll(docId: string, code: number, reason: string): void {
    const room = this.rooms.get(docId);
    if (room) for (const s of [...room.sessions]) s.close(code, reason);
    try {
      this.options.hooks.onEvict?.({ docId, code, reason });
    } catch (err) {
      this.options.logger.error('hook.failed', { hook: 'onEvict', doc: docId, error: String(err) });
    }
  }

  /** Every loaded document's room (for extensions that visit them all, such as a cluster relay). */
  loadedRooms(): Room[] {
    return [...this.rooms.values()];
  }

  /** The room of a loaded document, if any. */
  room(docId: string): Room | undefined {
    return this.rooms.get(docId);
  }

  /** The room a member (a session this server opened) is in. */
  roomOf(member: RoomMember): Room | undefined {
    return member instanceof Session ? member.room : undefined;
  }

  /** How many documents and connections are live. */
  stats(): SyncStats {
    let sessions = 0;
    for (const room of this.rooms.values()) sessions += room.sessions.size;
    return { rooms: this.rooms.size, sessions };
  }

  /** Resolves once every update accepted so far, in every room, is stored. */
  async flush(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((r) => r.whenStored()));
  }

  /**
   * Stops taking connections, waits for pending writes, then closes every session with 1001
   * (going away) so clients reconnect, to this server once it is back or to another node.
   */
  async shutdown(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.rooms.values()].map((r) => r.close(CloseCode.goingAway, 'server is shutting down')));
    this.options.outbound.stop();
  }

  /** Bytes queued to send across every connection (bounded by maxOutboundBytes). */
  get outboundQueued(): number {
    return this.options.outbound.queued;
  }
}

/** Creates the sync core over a store; see SyncServerOptions for the rest. */
export function createSyncServer(options: SyncServerOptions): SyncServer {
  return new SyncServer(options);
}
