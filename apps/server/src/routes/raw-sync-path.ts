import type { MiddlewareHandler } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { isValidDocId } from '@tandem/document';
import { isReservedDocId } from '../comments/comments-room.js';

/**
 * The document id in a raw request target `[basePath]/sync/<id>[?query]`, decoded: `undefined`
 * when the path is not under `<basePath>/sync`, `null` when the id is not a valid document id.
 * Read from the raw target, not a normalised URL: normalisation would turn `/sync/..` into `/`.
 * `basePath` is '' or a normalised base path (`/collab`, see base-path.ts).
 */
export function syncDocIdOf(target: string | undefined, basePath = ''): string | null | undefined {
  let path = (target ?? '').split('?')[0]!;
  if (basePath) {
    if (!path.startsWith(`${basePath}/`)) return undefined;
    path = path.slice(basePath.length);
  }
  if (path !== '/sync' && !path.startsWith('/sync/')) return undefined;
  try {
    const id = decodeURIComponent(path.slice('/sync/'.length));
    return isValidDocId(id) && !isReservedDocId(id) ? id : null;
  } catch {
    return null;
  }
}

/**
 * Refuses, with 400, any HTTP request whose raw path is under `/sync/` but whose document id is
 * invalid, so the client gets a clear refusal instead of a confusing 404. (Upgrades never reach
 * Hono: sync-upgrade.ts applies the same rule to them.)
 */
export function refuseInvalidSyncPaths(basePath = ''): MiddlewareHandler<{ Bindings: HttpBindings }> {
  return async (c, next) => {
    if (syncDocIdOf(c.env?.incoming?.url, basePath) === null) return c.text('invalid document id', 400);
    await next();
  };
}
