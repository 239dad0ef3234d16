import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Routes that take a document's content: `POST /api/docs` and `POST /api/docs/:id/import`. */
const IMPORT_PATH = /^\/api\/docs(\/[^/]+\/import)?\/?$/;
/** File uploads, `POST /api/docs/:id/files`: limited by the files route itself (MAX_UPLOAD_BYTES). */
const UPLOAD_PATH = /^\/api\/docs\/[^/]+\/files\/?$/;

/**
 * A size limit on every request body under /api: `importBytes` on the routes that take a whole
 * document, `otherBytes` elsewhere except file uploads (which have their own limit). Counted as the body streams in (a Content-Length over the
 * limit is refused before any byte is read), so no body is buffered past its limit; over it: 413.
 */
export function bodyLimits(importBytes: number, otherBytes: number): MiddlewareHandler {
  const onError: Parameters<typeof bodyLimit>[0]['onError'] = (c) => c.json({ error: 'request body is too large' }, 413);
  const forImports = bodyLimit({ maxSize: importBytes, onError });
  const forOthers = bodyLimit({ maxSize: otherBytes, onError });
  return (c, next) => {
    if (c.req.method === 'POST' && UPLOAD_PATH.test(c.req.path)) return next();
    return (IMPORT_PATH.test(c.req.path) ? forImports : forOthers)(c, next);
  };
}
