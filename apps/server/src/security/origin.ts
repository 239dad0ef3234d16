/**
 * True when a WebSocket upgrade from `origin` may proceed: requests without an Origin header (not
 * from a browser) and the server's own origin (same host and port as the `Host` header) always
 * may; any other origin only when listed exactly (scheme, host, port) or when `allowed` is `'*'`.
 * This stops cross-site WebSocket hijacking.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[] | '*'): boolean {
  if (origin === undefined) return true;
  if (allowed === '*') return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (host !== undefined && url.host === host.toLowerCase() && /^https?:$/.test(url.protocol)) return true;
  return allowed.includes(url.origin);
}
