import { type AccessInfo, type Role } from '@tandem/protocol';
import type { DocClaims } from './claims.js';
import type { AuthServices } from './auth-services.js';
import { sessionFromCookieHeader } from './cookies.js';
import { shareSecret } from './guards.js';
import { AccessError, requestToken } from './access.js';
import { isOriginAllowed } from '../security/origin.js';

/** What a sync socket may do, as the gate decided before the upgrade. */
export interface SocketAccess {
  role: Role;
  /** True for viewers and commenters: their document updates are dropped. */
  readOnly: boolean;
  /** The verified token's claims, when a token took part. */
  claims: DocClaims | null;
  /** Who it is for the access frame (a signed-in person, or a token's subject and name). */
  user: AccessInfo['user'];
  /** The signed-in person's id, when a session took part (for closing on changes). */
  userId: string | null;
  /** The share-link secret it came with, when one took part. */
  share: string | null;
}

/** The parts of an upgrade request the socket authentication reads. */
export interface UpgradeRequest {
  docId: string;
  origin: string | undefined;
  host: string | undefined;
  cookie: string | undefined;
  authorization: string | undefined;
  /** The URL's query parameters (`token`, `share`). */
  query: URLSearchParams;
}

/**
 * Decides what a sync socket upgrade may do: the session cookie (only from this server's own
 * pages or an origin listed in ALLOWED_ORIGINS, never through `*`, so a page of another site
 * cannot ride a signed-in browser's cookie: cross-site WebSocket hijacking), a share-link secret
 * (`?share=`) and a token (`?token=` or `Authorization`). Throws AccessError (401/403).
 */
export async function authenticateSocket(auth: AuthServices, req: UpgradeRequest): Promise<SocketAccess> {
  const listed = auth.allowedOrigins === '*' ? [] : auth.allowedOrigins;
  const cookieAllowed = req.origin === undefined || isOriginAllowed(req.origin, req.host, listed);
  const user = auth.accounts && cookieAllowed ? await auth.accounts.sessionUser(sessionFromCookieHeader(req.cookie)) : null;
  const caller = {
    user,
    token: requestToken(req.authorization, req.query.get('token') ?? undefined),
    share: shareSecret(req.query.get('share') ?? undefined, undefined),
  };
  // ADMIN_TOKEN is the operator's REST credential, not a way into documents: in a socket URL it
  // would sit in proxy logs, and it would edit as nobody. The operator mints a document token.
  if (caller.token !== null && auth.tokens.isAdmin(caller.token)) {
    throw new AccessError(403, 'ADMIN_TOKEN does not open documents; use a document token (pnpm token)');
  }
  const granted = await auth.roles.grantFor(caller, req.docId);
  const { claims } = granted;
  // Open mode tells sockets `editor` (the editor's own rights), though REST lets anyone do all.
  const role = auth.mode === 'open' && granted.role === 'owner' ? 'editor' : granted.role;
  const linkUsed = caller.share !== null && (await auth.roles.linkRole(req.docId, caller.share)) !== null;
  return {
    role,
    readOnly: role === 'viewer' || role === 'commenter',
    claims,
    user: user ? { id: user.id, name: user.name } : claims?.sub ? { id: claims.sub, name: claims.name ?? claims.sub } : null,
    userId: user?.id ?? null,
    share: linkUsed ? caller.share : null,
  };
}
