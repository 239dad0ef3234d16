import type { Role } from '@tandem/protocol';
import { CloseCode } from '@tandem/protocol';

/** An open socket whose access came from a person's role or a share link (token sockets are not watched). */
export interface WatchedSocket {
  readonly docId: string;
  /** The signed-in person, when the socket authenticated with a session. */
  readonly userId: string | null;
  /** The share-link secret it came with, if any. */
  readonly share: string | null;
  /** The role it was given when it opened. */
  readonly role: Role;
  /** Closes the socket for cause. */
  shut(code: number, reason: string): void;
}

/** A change one node announces to every node (over Redis in a cluster). */
export type AccessEvent = { kind: 'doc'; docId: string } | { kind: 'user'; userId: string; code: number; reason: string };

/** Carries access events between nodes; the local one only calls back. */
export interface AccessBus {
  publish(event: AccessEvent): void;
  close(): Promise<void>;
}

/** What a watched socket's role is now (null: no access any more). */
export type Recheck = (socket: WatchedSocket) => Promise<Role | null>;

/**
 * The open sockets that depend on people's roles and share links, by document, so that taking
 * access away closes them at once: after a change to a document's access every socket on it is
 * checked again and closed with 4403 (no access any more) or 4409 (another role: reconnect to
 * learn it); signing out everywhere or being disabled closes a person's sockets with 4401.
 * Changes are announced on the bus so every node does the same.
 */
export class LiveAccess {
  private readonly byDoc = new Map<string, Set<WatchedSocket>>();
  private bus: AccessBus | null = null;
  private recheck: Recheck | null = null;

  /** Connects the role check and the bus (set once at start-up). */
  connect(recheck: Recheck, bus: AccessBus): void {
    this.recheck = recheck;
    this.bus = bus;
  }

  add(socket: WatchedSocket): void {
    let set = this.byDoc.get(socket.docId);
    if (!set) this.byDoc.set(socket.docId, (set = new Set()));
    set.add(socket);
  }

  delete(socket: WatchedSocket): void {
    const set = this.byDoc.get(socket.docId);
    if (!set) return;
    set.delete(socket);
    if (set.size === 0) this.byDoc.delete(socket.docId);
  }

  /** Announces that a document's access changed (a member, a role, its share link). */
  docChanged(docId: string): void {
    this.announce({ kind: 'doc', docId });
  }

  /** Announces that a person's sockets must close (signed out everywhere, disabled). */
  userChanged(userId: string, code: number, reason: string): void {
    this.announce({ kind: 'user', userId, code, reason });
  }

  private announce(event: AccessEvent): void {
    if (this.bus) this.bus.publish(event);
    else void this.apply(event);
  }

  /** Acts on an event on this node (the bus calls this for every event, its own included). */
  async apply(event: AccessEvent): Promise<void> {
    if (event.kind === 'user') {
      for (const set of this.byDoc.values()) {
        for (const socket of [...set]) if (socket.userId === event.userId) socket.shut(event.code, event.reason);
      }
      return;
    }
    const set = this.byDoc.get(event.docId);
    if (!set || !this.recheck) return;
    await Promise.all(
      [...set].map(async (socket) => {
        let role: Role | null;
        try {
          role = await this.recheck!(socket);
        } catch {
          role = null;
        }
        if (role === null) socket.shut(CloseCode.forbidden, 'access removed');
        else if (role !== socket.role) socket.shut(CloseCode.accessChanged, 'access changed');
      }),
    );
  }

  /** Sockets watched on this node (for tests and metrics). */
  get size(): number {
    let n = 0;
    for (const set of this.byDoc.values()) n += set.size;
    return n;
  }
}

/** The bus of a single node: events apply here only. */
export function localAccessBus(live: LiveAccess): AccessBus {
  return {
    publish: (event) => void live.apply(event),
    close: async () => {},
  };
}
