import { CloseCode } from '@tandem/protocol';
import type { DocStore, LifecycleStore } from '@tandem/store';
import { type Logger, SyncError, type SyncHooks, type SyncServer } from '@tandem/sync';

/** Refuses connections to documents in the trash (404), before anything is loaded. */
export function trashGuard(store: LifecycleStore): SyncHooks {
  return {
    async beforeConnect({ docId }) {
      if ((await store.trashedAt(docId)) !== null) throw new SyncError(CloseCode.notFound, 'document was deleted');
    },
  };
}

/**
 * Moves a document to the trash: it stays stored (restorable) until purged, and everyone
 * connected is disconnected with 4404. Resolves the deletion time, or null when already trashed.
 */
export async function trashDoc(sync: SyncServer, store: LifecycleStore, docId: string, at = Date.now()): Promise<number | null> {
  if (!(await store.trash(docId, at))) return null;
  sync.disconnectAll(docId, CloseCode.notFound, 'document was deleted');
  return at;
}

/** Options of the trash purger. */
export interface TrashPurgerOptions {
  store: DocStore & LifecycleStore;
  /** How long a deleted document stays restorable. */
  retentionMs: number;
  /** How often to look for expired documents (default: hourly). */
  intervalMs?: number;
  logger?: Logger;
  now?: () => number;
  /** Called after a document was deleted for good (e.g. to forget who had access to it). */
  onPurged?: (docId: string) => void | Promise<void>;
}

/** Deletes for good the documents that have been in the trash longer than the retention. */
export function createTrashPurger(options: TrashPurgerOptions) {
  const now = options.now ?? Date.now;
  const purge = async (): Promise<string[]> => {
    const purged: string[] = [];
    for (const { id, deletedAt } of await options.store.listTrash()) {
      if (deletedAt + options.retentionMs > now()) continue;
      await options.store.delete(id);
      await options.onPurged?.(id);
      purged.push(id);
      options.logger?.info('trash.purged', { doc: id });
    }
    return purged;
  };
  let timer: NodeJS.Timeout | null = null;
  return {
    /** Purges now; resolves the ids deleted for good. */
    purge,
    /** Purges now and then every interval. */
    start() {
      const run = () => purge().catch((err) => options.logger?.warn('trash.purge_failed', { error: String(err) }));
      void run();
      timer = setInterval(run, options.intervalMs ?? 3_600_000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
