import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type DocInfo, type DocStore, hasLifecycle } from '@tandem/store';
import type { SyncServer } from '@tandem/sync';
import type { AuthEnv } from '../auth/auth-services.js';
import { adminOnly, docAccess, docIdOf } from '../auth/guards.js';
import { isReservedDocId } from '../comments/comments-room.js';

/** A document as the REST API shows it. */
export interface DocSummary {
  id: string;
  size: number;
  updatedAt: string;
  createdAt: string;
  /** Connections open on it right now on this node. */
  connections: number;
}

function summary(info: DocInfo, sync: SyncServer): DocSummary {
  return {
    id: info.id,
    size: info.size,
    createdAt: new Date(info.createdAt).toISOString(),
    updatedAt: new Date(info.updatedAt).toISOString(),
    connections: sync.room(info.id)?.sessions.size ?? 0,
  };
}

/** `GET /api/docs` (every document, newest change first; admins) and `GET /api/docs/:id` (one, or 404; viewers). */
export function docsApi(store: DocStore, sync: SyncServer): Hono<AuthEnv> {
  return new Hono<AuthEnv>()
    .get('/docs', adminOnly(), async (c) => {
      await sync.flush();
      const trashed = new Set(hasLifecycle(store) ? (await store.listTrash()).map((t) => t.id) : []);
      const docs = (await store.list()).filter((info) => !trashed.has(info.id) && !isReservedDocId(info.id)).map((info) => summary(info, sync));
      return c.json({ docs });
    })
    .get('/docs/:id', docAccess('viewer'), async (c) => {
      const id = docIdOf(c.req.param('id'));
      await sync.room(id)?.whenStored();
      const info = hasLifecycle(store) && (await store.trashedAt(id)) !== null ? null : await store.info(id);
      if (!info) throw new HTTPException(404, { message: 'no such document' });
      return c.json(summary(info, sync));
    });
}
