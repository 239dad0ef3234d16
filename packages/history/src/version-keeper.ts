import type { LifecycleStore, VersionMeta } from '@tandem/store';
import type { Logger, RoomMember, SyncHooks, SyncServer } from '@tandem/sync';

/** Options of the automatic version keeper. */
export interface VersionKeeperOptions {
  store: LifecycleStore;
  /** The sync server whose documents are versioned (a getter: the keeper's hooks are built first). */
  sync: () => SyncServer;
  /** A burst of edits counts as settled after this long without a change (default 30 s). */
  settleMs?: number;
  /** At most one automatic version per this long of editing (default 5 min). */
  minIntervalMs?: number;
  /** The display name of a session's user, for the version's authors (default: none). */
  authorOf?: (session: RoomMember) => string | null;
  logger?: Logger;
  now?: () => number;
}

interface DocActivity {
  dirty: boolean;
  authors: Set<string>;
  lastVersionAt: number;
  timer: NodeJS.Timeout | null;
}

/** Keeps automatic versions; its `hooks` go into the sync server's hooks. */
export interface VersionKeeper {
  hooks: SyncHooks;
  /** Keeps a version of `docId` now if it changed since the last one. */
  keep(docId: string): Promise<VersionMeta | null>;
  /** Clears timers (on shutdown), keeping a version of every changed document first. */
  close(): Promise<void>;
}

/**
 * Keeps a version of a document when a burst of edits settles (at most one per `minIntervalMs`)
 * and when its last collaborator leaves, with the names of who edited since the previous one.
 */
export function createVersionKeeper(options: VersionKeeperOptions): VersionKeeper {
  const settleMs = options.settleMs ?? 30_000;
  const minIntervalMs = options.minIntervalMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const docs = new Map<string, DocActivity>();
  const inFlight = new Set<Promise<unknown>>();

  const activity = (docId: string): DocActivity => {
    let a = docs.get(docId);
    if (!a) {
      a = { dirty: false, authors: new Set(), lastVersionAt: 0, timer: null };
      docs.set(docId, a);
    }
    return a;
  };

  const schedule = (docId: string, a: DocActivity, delay: number) => {
    if (a.timer) clearTimeout(a.timer);
    a.timer = setTimeout(() => {
      a.timer = null;
      const wait = a.lastVersionAt + minIntervalMs - now();
      if (wait > 0) schedule(docId, a, wait);
      else void track(keep(docId));
    }, delay);
    a.timer.unref();
  };

  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => {});
    return p;
  };

  async function keep(docId: string): Promise<VersionMeta | null> {
    const a = docs.get(docId);
    if (!a?.dirty) return null;
    a.dirty = false;
    const authors = [...a.authors];
    a.authors.clear();
    a.lastVersionAt = now();
    try {
      // The encoded state, not a Y.Doc copy: a large document's version costs its bytes once.
      const state = await options.sync().encodedState(docId);
      if (!state) return null;
      const meta = await options.store.saveVersion(docId, { kind: 'auto', authors, state });
      options.logger?.debug('version.kept', { doc: docId, version: meta.id });
      return meta;
    } catch (err) {
      options.logger?.warn('version.keep_failed', { doc: docId, error: String(err) });
      return null;
    }
  }

  return {
    hooks: {
      onChange({ docId, session }) {
        const a = activity(docId);
        a.dirty = true;
        const author = session && options.authorOf?.(session);
        if (author) a.authors.add(author);
        schedule(docId, a, settleMs);
      },
      onDisconnect({ docId, remaining }) {
        if (remaining > 0) return;
        // Edits of the leaver still being stored count too: their onChange comes once they are.
        const stored = options.sync().room(docId)?.whenStored() ?? Promise.resolve();
        const kept = stored.then(() => {
          const a = docs.get(docId);
          if (a?.timer) clearTimeout(a.timer);
          if (a) a.timer = null;
          return keep(docId);
        });
        void track(kept).then(() => {
          const current = docs.get(docId);
          if (current && !current.dirty && !current.timer) docs.delete(docId);
        });
      },
    },
    keep: (docId) => track(keep(docId)),
    async close() {
      for (const [docId, a] of docs) {
        if (a.timer) clearTimeout(a.timer);
        a.timer = null;
        if (a.dirty) void track(keep(docId));
      }
      await Promise.all([...inFlight]);
    },
  };
}
