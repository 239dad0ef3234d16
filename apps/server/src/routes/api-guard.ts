import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isValidDocId } from '@tandem/protocol';
import { type AccessControl, AccessError, requestToken } from '../auth/access.js';

/** Document routes that are admin operations: delete, rename, and taking a document out of the trash. */
function isAdminOperation(method: string, rest: string | undefined): boolean {
  if (rest === undefined) return method === 'DELETE' || method === 'PATCH';
  return method === 'POST' && rest === '/restore';
}

/**
 * Guards `/api/*` with the same rules as the sync endpoint: `/api/docs/:id[/...]` needs a token
 * covering that document (a write token for anything but GET/HEAD) or the admin token; every
 * other API path (listing, recent documents, trash, creating documents) and deleting, renaming or
 * restoring a document from the trash need the admin token. 401/403 otherwise.
 */
export function apiGuard(access: AccessControl): MiddlewareHandler {
  return async (c, next) => {
    const token = requestToken(c.req.header('authorization'), c.req.query('token'));
    const match = /^\/api\/docs\/([^/]+)(\/.*)?$/.exec(c.req.path);
    try {
      if (!match || isAdminOperation(c.req.method, match[2])) {
        access.requireAdmin(token);
      } else {
        let docId: string;
        try {
          docId = decodeURIComponent(match[1]!);
        } catch {
          docId = '';
        }
        if (!isValidDocId(docId)) throw new HTTPException(400, { message: 'invalid document id' });
        const granted = await access.forDocument(token, docId);
        if (granted.readOnly && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
          throw new AccessError(403, 'a read token cannot change the document');
        }
      }
    } catch (err) {
      if (err instanceof AccessError) throw new HTTPException(err.status, { message: err.message });
      throw err;
    }
    await next();
  };
}
