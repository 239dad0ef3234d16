import type { MiddlewareHandler } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { isValidDocId } from '@tandem/protocol';

/**
 * Refuses, with 400, any request whose raw path is under `/sync/` but whose document id is
 * invalid. URL normalisation would otherwise turn `/sync/..` into `/` before routing, and the
 * client would get a confusing 404 instead of a clear refusal.
 */
export function refuseInvalidSyncPaths(): MiddlewareHandler<{ Bindings: HttpBindings }> {
  return async (c, next) => {
    const raw = c.env?.incoming?.url ?? '';
    const path = raw.split('?')[0] ?? '';
    if (path === '/sync' || path.startsWith('/sync/')) {
      let id = path.slice('/sync/'.length);
      try {
        id = decodeURIComponent(id);
      } catch {
        return c.text('invalid document id', 400);
      }
      if (!isValidDocId(id)) return c.text('invalid document id', 400);
    }
    await next();
  };
}
