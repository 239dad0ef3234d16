import { Hono } from 'hono';
import { type DocStore, hasLifecycle } from '@tandem/store';
import type { SyncServer } from '@tandem/sync';
import * as Y from 'yjs';
import { titleOf, toPlainText } from '@tandem/history';

const PREVIEW_CHARS = 120;
const MAX_CACHED = 1000;

/** A document as the home page lists it. */
export interface RecentDoc {
  id: string;
  /** The shared title ('' when none was set). */
  title: string;
  /** The first line of text, for documents without a title. */
  preview: string;
  updatedAt: string;
}

type Summary = Pick<RecentDoc, 'title' | 'preview'>;

function summarize(doc: Y.Doc): Summary {
  const firstLine = toPlainText(doc).split('\n').find((line) => line.trim() !== '') ?? '';
  return { title: titleOf(doc), preview: firstLine.trim().slice(0, PREVIEW_CHARS) };
}

/**
 * `GET /api/recent?limit=N` (1-100, default 20): the most recently changed documents with their
 * shared title and first line, for the home page. Read from loaded rooms, else from the store,
 * and remembered per document version.
 */
export function recentDocsApi(store: DocStore, sync: SyncServer): Hono {
  const cache = new Map<string, { updatedAt: number; summary: Summary }>();
  const summaryOf = async (id: string, updatedAt: number): Promise<Summary> => {
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

  return new Hono().get('/recent', async (c) => {
    const raw = Number(c.req.query('limit') ?? 20);
    const limit = Number.isInteger(raw) && raw >= 1 ? Math.min(raw, 100) : 20;
    await sync.flush();
    const trashed = new Set(hasLifecycle(store) ? (await store.listTrash()).map((t) => t.id) : []);
    const infos = (await store.list()).filter((info) => !trashed.has(info.id)).slice(0, limit);
    const docs: RecentDoc[] = await Promise.all(
      infos.map(async (info) => ({
        id: info.id,
        ...(await summaryOf(info.id, info.updatedAt)),
        updatedAt: new Date(info.updatedAt).toISOString(),
      })),
    );
    return c.json({ docs });
  });
}
