import type { MiddlewareHandler } from 'hono';
import { isIP } from 'node:net';

/**
 * True when a request's `Host` names this server: an IP address or `localhost` (a rebinding page
 * cannot reach those under its own name), a name listed in `allowed` (ALLOWED_HOSTS and
 * PUBLIC_URL's host), anything when `allowed` is `'*'`, or no Host at all (not from a browser).
 * This stops DNS rebinding: a page on evil.com whose name is re-pointed at this server still
 * sends `Host: evil.com`, so its requests and upgrades are refused, and Origin = Host no longer
 * passes the origin checks on its own.
 */
export function isHostAllowed(host: string | undefined, allowed: readonly string[] | '*'): boolean {
  if (host === undefined || allowed === '*') return true;
  const name = hostName(host);
  if (name === null) return false;
  if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
  return allowed.includes(name);
}

/** The lower-case name of a Host header value without its port (`[::1]:80` -> `::1`), or null. */
export function hostName(host: string): string | null {
  const value = host.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return bracketed[1]!;
  const plain = /^([a-z0-9.-]+)(?::\d+)?$/.exec(value);
  return plain ? plain[1]!.replace(/\.$/, '') : null;
}

/** The message a refused Host gets: what to configure. */
export const UNKNOWN_HOST = 'unknown host: set PUBLIC_URL or ALLOWED_HOSTS to the names this server is reached under';

/** Refuses every request whose Host is not this server's (421 Misdirected Request), before any route. */
export function hostGuard(allowed: readonly string[] | '*'): MiddlewareHandler {
  return async (c, next) => {
    if (!isHostAllowed(c.req.header('host'), allowed)) return c.json({ error: UNKNOWN_HOST }, 421);
    await next();
  };
}
