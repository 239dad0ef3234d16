import { Hono } from 'hono';
import type { DocStore } from '@tandem/store';
import type { SyncServer } from '@tandem/sync';
import * as Y from 'yjs';

/** Where the editor keeps the title in the shared document (see @tandem/editor `META_MAP`/`TITLE_KEY`). */
const META_MAP = 'meta';
const TITLE_KEY = 'title';
const MAX_CACHED = 1000;

/** A document as the home page lists it. */
export interface RecentDoc {
  id: string;
  title: string;
  updatedAt: string;
}

function titleIn(doc: Y.Doc): string {
  const title = doc.getMap(META_MAP).get(TITLE_KEY);
  return typeof title === 'string' ? title : '';
}

/**
 * `GET /api/recent?limit=N` (1-100, default 20): the most recently changed documents with their
 * shared titles, for the home page. Titles are read from loaded rooms, else from the store, and
 * remembered per document version.
 */
export function recentDocsApi(store: DocStore, sync: SyncServer): Hono {
  const cache = new Map<string, { updatedAt: number; title: string }>();
  const titleOf = async (id: string, updatedAt: number): Promise<string> => {
    const room = sync.room(id);
    if (room?.state === 'ready') return titleIn(room.doc);
    const hit = cache.get(id);
    if (hit?.updatedAt === updatedAt) return hit.title;
    const stored = await store.load(id);
    const doc = new Y.Doc();
    try {
      for (const update of stored?.updates ?? []) Y.applyUpdate(doc, update);
      const title = titleIn(doc);
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
      cache.set(id, { updatedAt, title });
      return title;
    } finally {
      doc.destroy();
    }
  };

  return new Hono().get('/recent', async (c) => {
    const raw = Number(c.req.query('limit') ?? 20);
    const limit = Number.isInteger(raw) && raw >= 1 ? Math.min(raw, 100) : 20;
    await sync.flush();
    const infos = (await store.list()).slice(0, limit);
    const docs: RecentDoc[] = await Promise.all(
      infos.map(async (info) => ({
        id: info.id,
        title: await titleOf(info.id, info.updatedAt),
        updatedAt: new Date(info.updatedAt).toISOString(),
      })),
    );
    return c.json({ docs });
  });
}
