import type * as Y from 'yjs';
import type { RoomMember } from './room-member.js';

/** What a connection asks for before it is let in. `context` is whatever the host attached. */
export interface BeforeConnectPayload {
  docId: string;
  context: unknown;
}

/** What `beforeConnect` may decide; throwing a SyncError refuses the connection instead. */
export interface ConnectDecision {
  /** The connection may read and share presence, but its updates are dropped. */
  readOnly?: boolean;
}

/** A document was loaded from the store into memory. */
export interface LoadPayload {
  docId: string;
  /**
   * The live document, built from the stored bytes when first read; a room whose document a hook
   * read keeps it live (the hook may hold on to it), one whose hooks never read it can idle as bytes.
   */
  doc: Y.Doc;
}

/** An update was durably stored and relayed. `session` is its sender (null for server-made). */
export interface ChangePayload {
  docId: string;
  update: Uint8Array;
  session: RoomMember | null;
  /** The store clock the update was stored under (other nodes use it to notice missed updates). */
  clock: number;
}

/** A local connection's presence changed, or was removed when it left. */
export interface AwarenessPayload {
  docId: string;
  /** The awareness frame relayed to the document's other local connections. */
  frame: Uint8Array;
  session: RoomMember;
}

/** A document left memory: its last connection left (`unloaded`) or it failed (`failed`). */
export interface UnloadPayload {
  docId: string;
  reason: 'unloaded' | 'failed';
}

/** Every connection of a document was closed on purpose (e.g. the document was deleted). */
export interface EvictPayload {
  docId: string;
  code: number;
  reason: string;
}

/** A connection left its document. */
export interface DisconnectPayload {
  docId: string;
  session: RoomMember;
  /** Connections still open on this document. */
  remaining: number;
}

/** The hooks a host or extension can set; each takes one payload object. */
export interface SyncHooks {
  /** Decides whether a connection may open a document, and with which rights. */
  beforeConnect?(payload: BeforeConnectPayload): ConnectDecision | void | Promise<ConnectDecision | void>;
  /** Runs once each time a document is loaded into memory, before any client sees it. */
  onLoad?(payload: LoadPayload): void | Promise<void>;
  /** Runs after each accepted update is stored and relayed. */
  onChange?(payload: ChangePayload): void;
  /** Runs after a connection has left its document. */
  onDisconnect?(payload: DisconnectPayload): void;
  /** Runs after a local connection's presence changed and was relayed to the other local ones. */
  onAwareness?(payload: AwarenessPayload): void;
  /** Runs once a loaded document has left memory. */
  onUnload?(payload: UnloadPayload): void;
  /** Runs after `disconnectAll` closed a document's connections (a cluster closes them on every node). */
  onEvict?(payload: EvictPayload): void;
}
