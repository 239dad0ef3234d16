import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as Y from 'yjs';
import { decodePosition as decode, type Thread } from '@tandem/comments';
import { docFromState } from '@tandem/history';
import { type DocStore, hasLifecycle } from '@tandem/store';
import type { SyncServer } from '@tandem/sync';
import type { AuthEnv } from '../auth/auth-services.js';
import { docAccess, docIdOf } from '../auth/guards.js';
import { contentDisposition } from '../files/file-name.js';
import { htmlWithComments, jsonWithComments } from './comments-export.js';
import { announce } from '../events/request-events.js';
import type { CommentsService } from './comments-service.js';


/** True when a thread's range still covers text in `doc` (a version's state, say). */
function onTextIn(doc: Y.Doc, thread: Thread): boolean {
  if (!thread.anchor) return false;
  const start = Y.createAbsolutePositionFromRelativePosition(decode(thread.anchor.start), doc);
  const end = Y.createAbsolutePositionFromRelativePosition(decode(thread.anchor.end), doc);
  return !!start && !!end && (start.type !== end.type || end.index > start.index);
}

/**
 * Comments in exports and versions: `GET /api/docs/:id/export?comments=1&format=html|json` (the
 * document with its threads as footnotes, or beside its content), and
 * `GET /api/docs/:id/versions/:vid/comments` (the discussion as it stood when the version was
 * kept: threads and comments made by then, each saying whether its text is in that version).
 * Comments live apart from the text, so restoring a version never touches them.
 */
export function commentsExportApi(store: DocStore, sync: SyncServer, comments: CommentsService): Hono<AuthEnv> {
  const read = docAccess('viewer');
  return new Hono<AuthEnv>()
    .get('/docs/:id/export', async (c, next) => {
      if (c.req.query('comments') !== '1' && c.req.query('comments') !== 'true') return next(); // the plain export (lifecycle-api.ts)
      await read(c, async () => {});
      const id = docIdOf(c.req.param('id'));
      const format = c.req.query('format') ?? 'json';
      if (format !== 'html' && format !== 'json') throw new HTTPException(400, { message: 'with comments, format must be html or json' });
      if (hasLifecycle(store) && (await store.trashedAt(id)) !== null) throw new HTTPException(404, { message: 'document was deleted' });
      const doc = await sync.snapshot(id);
      if (!doc) throw new HTTPException(404, { message: 'no such document' });
      try {
        const threads = await comments.threads(id);
        announce(c, { type: 'export', docId: id, data: { format, comments: true } });
        if (format === 'json') return c.json(jsonWithComments(doc, threads));
        return new Response(htmlWithComments(doc, threads, new URL(c.req.url).origin), {
          headers: { 'content-type': 'text/html; charset=utf-8', 'content-disposition': contentDisposition('attachment', `${id}-with-comments.html`) },
        });
      } finally {
        doc.destroy();
      }
    })
    .get('/docs/:id/versions/:vid/comments', read, async (c) => {
      if (!hasLifecycle(store)) throw new HTTPException(404, { message: 'this store keeps no versions' });
      const id = docIdOf(c.req.param('id'));
      const version = await store.getVersion(id, c.req.param('vid'));
      if (!version) throw new HTTPException(404, { message: 'no such version' });
      const doc = docFromState(version.state);
      try {
        const at = version.createdAt;
        const threads = (await comments.threads(id))
          .filter((t) => t.createdAt <= at)
          .map((t) => ({ ...t, comments: t.comments.filter((x) => x.createdAt <= at), onText: onTextIn(doc, t) }));
        return c.json({ version: version.id, at, threads });
      } finally {
        doc.destroy();
      }
    });
}
