import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Role } from '@tandem/protocol';
import { type DocInfo, type DocStore, hasLifecycle } from '@tandem/store';
import type { SyncServer } from '@tandem/sync';
import type { AuthEnv } from '../auth/auth-services.js';
import { docSummaries } from './doc-summaries.js';
import { isReservedDocId } from '../comments/comments-room.js';

/** A document as the home page lists it. */
export interface RecentDoc {
  id: string;
  /** The shared title ('' when none was set). */
  title: string;
  /** The first line of text, for documents without a title. */
  preview: string;
  updatedAt: string;
  /** The caller's role on it (owner in open mode and for the operator). */
  role: Role;
}

/**
 * `GET /api/recent?limit=N` (1-100, default 20): the most recently changed documents the caller
 * may open, with their shared title and first line, for the home page. In accounts mode a
 * signed-in person sees the documents they have a role on (their own and those shared with
 * them), the ADMIN_TOKEN every document, anyone else nothing (401). In open mode everything
 * (the ADMIN_TOKEN when tokens are on).
 */
export function recentDocsApi(store: DocStore, sync: SyncServer): Hono<AuthEnv> {
  const summaryOf = docSummaries(store, sync);

  return new Hono<AuthEnv>().get('/recent', async (c) => {
    const { auth, caller } = c.var;
    const raw = Number(c.req.query('limit') ?? 20);
    const limit = Number.isInteger(raw) && raw >= 1 ? Math.min(raw, 100) : 20;
    const operator = auth.tokens.isAdmin(caller.token) || (auth.mode === 'open' && auth.roles.isAdmin(caller));
    let roles: Map<string, Role> | null = null;
    if (!operator) {
      if (auth.mode === 'open') throw new HTTPException(caller.token ? 403 : 401, { message: 'this needs the admin token' });
      if (!caller.user || !auth.accounts) throw new HTTPException(401, { message: 'sign in to see your documents' });
      roles = new Map((await auth.accounts.store.docsOf(caller.user.id)).map((g) => [g.docId, g.role]));
    }
    await sync.flush();
    const trashed = new Set(hasLifecycle(store) ? (await store.listTrash()).map((t) => t.id) : []);
    let infos: DocInfo[] = (await store.list()).filter((info) => !trashed.has(info.id) && !isReservedDocId(info.id));
    if (roles) {
      const known = new Set(infos.map((i) => i.id));
      // Documents created but never edited are in the access list and not yet in the store.
      const blank = [...roles.keys()].filter((id) => !known.has(id) && !trashed.has(id));
      infos = infos.filter((info) => roles!.has(info.id));
      infos.push(...blank.map((id) => ({ id, size: 0, entries: 0, createdAt: 0, updatedAt: 0 })));
    }
    const docs: RecentDoc[] = await Promise.all(
      infos.slice(0, limit).map(async (info) => ({
        id: info.id,
        ...(await summaryOf(info.id, info.updatedAt)),
        updatedAt: new Date(info.updatedAt).toISOString(),
        role: roles?.get(info.id) ?? 'owner',
      })),
    );
    return c.json({ docs });
  });
}
