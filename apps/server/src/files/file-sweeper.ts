import type { BlobStore } from '@tandem/blob-store';
import { docFromState, referencedFiles } from '@tandem/history';
import type { LifecycleStore } from '@tandem/store';
import type { Logger, SyncServer } from '@tandem/sync';

/** Options of the file sweeper. */
export interface FileSweeperOptions {
  blobs: BlobStore;
  store: LifecycleStore;
  sync: SyncServer;
  /** A file nothing points at is kept this long after its upload (the trash retention). */
  retentionMs: number;
  /** How often to sweep (default: hourly). */
  intervalMs?: number;
  logger?: Logger;
  now?: () => number;
}

/**
 * Deletes files that no one can reach any more: older than the retention, and pointed at neither
 * by their document's current content nor by any of its versions (so restoring a version brings
 * its images back). Files of a document deleted for good go once the retention has passed.
 */
export function createFileSweeper(options: FileSweeperOptions) {
  const { blobs, store, sync, retentionMs } = options;
  const now = options.now ?? Date.now;

  const referenced = async (docId: string): Promise<Set<string>> => {
    const refs = new Set<string>();
    const current = await sync.snapshot(docId);
    if (current) {
      for (const id of referencedFiles(current, docId)) refs.add(id);
      current.destroy();
    }
    for (const meta of await store.listVersions(docId)) {
      const version = await store.getVersion(docId, meta.id);
      if (!version) continue;
      const doc = docFromState(version.state);
      for (const id of referencedFiles(doc, docId)) refs.add(id);
      doc.destroy();
    }
    return refs;
  };

  /** Sweeps once; resolves the `docId/fileId` of every file deleted. */
  const sweep = async (): Promise<string[]> => {
    const deleted: string[] = [];
    const cutoff = now() - retentionMs;
    for (const docId of await blobs.docs()) {
      const old = (await blobs.list(docId)).filter((f) => f.createdAt <= cutoff);
      if (old.length === 0) continue;
      const refs = await referenced(docId);
      for (const file of old) {
        if (refs.has(file.id)) continue;
        await blobs.delete(docId, file.id);
        deleted.push(`${docId}/${file.id}`);
        options.logger?.info('files.collected', { doc: docId, file: file.id, size: file.size });
      }
    }
    return deleted;
  };

  let timer: NodeJS.Timeout | null = null;
  return {
    sweep,
    /** Sweeps now and then every interval. */
    start() {
      const run = () => sweep().catch((err) => options.logger?.warn('files.sweep_failed', { error: String(err) }));
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

export type FileSweeper = ReturnType<typeof createFileSweeper>;
