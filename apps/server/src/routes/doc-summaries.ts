import type { DocStore } from '@tandem/store';
import type { SyncServer } from '@tandem/sync';
import * as Y from 'yjs';
import { getTitle } from '@tandem/document';
import { toPlainText } from '@tandem/history';

const PREVIEW_CHARS = 120;
const MAX_CACHED = 1000;

/** A document's shared title ('' when none) and first line of text, for listings. */
export interface Summary {
  title: string;
  preview: string;
}

function summarize(doc: Y.Doc): Summary {
  const firstLine = toPlainText(doc).split('\n').find((line) => line.trim() !== '') ?? '';
  return { title: getTitle(doc), preview: firstLine.trim().slice(0, PREVIEW_CHARS) };
}

/**
 * Reads documents' summaries for listings: from loaded rooms, else from the store, remembered
 * per document version (`updatedAt`).
 */
export function docSummaries(store: DocStore, sync: SyncServer): (id: string, updatedAt: number) => Promise<Summary> {
  const cache = new Map<string, { updatedAt: number; summary: Summary }>();
  return async (id, updatedAt) => {
    const room = sync.room(id);
    // A live room's document may hold unstored edits; a room held as bytes has everything stored,
    // so the store path below serves it without building (and keeping) its document.
    if (room?.state === 'ready' && room.hydrated) return summarize(room.doc);
    const hit = cache.get(id);
    if (hit?.updatedAt === updatedAt) return hit.summary;
    const stored = await store.load(id);
    const doc = new Y.Doc();
    try {
      for (const update of stored?.updates ?? []) Y.applyUpdate(doc, update);
      const summary = summarize(doc);
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
      cache.set(id, { updatedAt, summary });
      return summary;
    } finally {
      doc.destroy();
    }
  };
}
