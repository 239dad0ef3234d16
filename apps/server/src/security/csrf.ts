import type { MiddlewareHandler } from 'hono';
import { isOriginAllowed } from './origin.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses cross-site state changes (CSRF): a POST, PUT, PATCH or DELETE that a browser sent from
 * a page of another site (`Sec-Fetch-Site: cross-site` or `same-site`, or an `Origin` that is
 * neither this server nor listed in ALLOWED_ORIGINS) gets 403 before any route runs. Requests
 * without those headers are not from a browser page and pass (their credentials are their own).
 * `ALLOWED_ORIGINS=*` lets any origin call with a bearer token, never with the session cookie.
 */
export function csrfGuard(allowed: readonly string[] | '*', sessionCookie: string): MiddlewareHandler {
  const listed = allowed === '*' ? [] : allowed;
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    const host = c.req.header('host');
    const withCookie = (c.req.header('cookie') ?? '').includes(`${sessionCookie}=`);
    const ownOrListed = origin !== undefined && origin !== 'null' && isOriginAllowed(origin, host, listed);
    const anyAllowed = allowed === '*' && !withCookie;
    const crossSite = site !== undefined && site !== 'same-origin' && site !== 'none';
    if ((origin !== undefined && !ownOrListed && !anyAllowed) || (crossSite && !ownOrListed && !anyAllowed)) {
      return c.json({ error: 'cross-site request refused' }, 403);
    }
    await next();
  };
}
