/**
 * Who a local (IndexedDB) copy belongs to, so that one person's or role's copy never reaches
 * another's editor in the same browser: the page's own `identity` when it gives one (a signed-in
 * user id), else the token's subject and role (read from the JWT payload, not verified: the server
 * verifies; this only keeps copies apart), else `open` (no token) or `token` (an opaque token).
 */
export function storageIdentity(token: string | undefined, identity?: string): string {
  if (identity) return `user:${identity}`;
  if (!token) return 'open';
  const payload = token.split('.')[1];
  if (!payload) return 'token';
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='))) as {
      sub?: unknown;
      role?: unknown;
    };
    const sub = typeof json.sub === 'string' ? json.sub : '';
    const role = typeof json.role === 'string' ? json.role : '';
    return `token:${sub}:${role}`;
  } catch {
    return 'token';
  }
}

/** Name of the IndexedDB database holding the copy of `doc` from `wsUrl` for `identity`. */
export function storageName(wsUrl: string, doc: string, identity: string): string {
  return `tandem:${wsUrl}:${doc}:${identity}`;
}
