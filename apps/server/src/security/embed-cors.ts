import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/**
 * CORS for `GET /api/docs/:id` from the embedding sites (ALLOWED_ORIGINS, the same list that may
 * open sync sockets): an embedded editor whose socket is refused at the upgrade asks this route,
 * with the same credentials, why (401/403/404), and stops instead of retrying forever. Only that
 * read is shared; every other route stays same-origin.
 */
export function embedCors(allowed: readonly string[] | '*'): MiddlewareHandler {
  return cors({
    origin: (origin) => (allowed === '*' || allowed.includes(origin) ? origin : null),
    credentials: true,
    allowMethods: ['GET'],
    allowHeaders: ['authorization', 'x-tandem-share'],
    maxAge: 600,
  });
}
