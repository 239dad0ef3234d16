/**
 * What a room needs of one connection on it (a Session implements it). Rooms, hooks and options
 * know members only through this interface, so none of them imports the session.
 */
export interface RoomMember {
  /** Unique within this process. */
  readonly id: number;
  /** The member may read and share presence, but its updates are dropped. */
  readonly readOnly: boolean;
  /** Whatever the host attached (user, token claims, address). */
  readonly context: unknown;
  /**
   * Who is behind the connection across reconnects (a user id or token subject), or null when
   * unknown (an open server): the Yjs client ids and presence ids it first uses are bound to it.
   */
  readonly identity: string | null;
  /** Presence name stamped into this member's awareness states (from its token), if any. */
  readonly presenceName: string | null;
  /** Sends one frame (the member may close itself instead when it cannot keep up). */
  send(frame: Uint8Array): void;
  /** Closes the member's connection with `code`; it then leaves the room. */
  close(code: number, reason: string): void;
  /** Resolves once every frame it received so far has been handled. */
  drain(): Promise<void>;
}
