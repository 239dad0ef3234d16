import { createHash, timingSafeEqual } from 'node:crypto';
import type { Role } from '@tandem/protocol';
import type { TokenConfig } from '../config/token-config.js';
import { type DocClaims, coversDoc, readDocClaims, TOKEN_ROLES } from './claims.js';
import { createTokenVerifier, TokenError } from './jwt.js';

/** A refusal at the edge: 401 (no usable token) or 403 (the token does not cover the request). */
export class AccessError extends Error {
  override readonly name = 'AccessError';
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

/** What a request may do with one document. */
export interface DocAccess {
  /** The document role granted: a token's `read` -> viewer, `comment` -> commenter, `write` -> editor. */
  role: Extract<Role, 'viewer' | 'commenter' | 'editor'>;
  /** True unless the role may edit the document's content (viewer, commenter). */
  readOnly: boolean;
  /** The verified claims, or null when the server runs open or for the admin token. */
  claims: DocClaims | null;
}

/** Decides, per request, what a bearer token allows. */
export interface AccessControl {
  /** True when a token key is set (AUTH_SECRET, AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE); otherwise every document is open to everyone. */
  readonly enabled: boolean;
  /** What `token` allows on `docId`; rejects with AccessError (401/403) when it allows nothing. */
  forDocument(token: string | null, docId: string): Promise<DocAccess>;
  /** True when `token` is the ADMIN_TOKEN (listing and admin operations). */
  isAdmin(token: string | null): boolean;
  /**
   * Allows listing and admin operations to the ADMIN_TOKEN; throws AccessError (401 without a
   * token, 403 with another one). A server with neither token keys nor ADMIN_TOKEN is open.
   */
  requireAdmin(token: string | null): void;
}

/** Settings of access control (token keys and ADMIN_TOKEN). */
export interface AccessOptions {
  tokens: TokenConfig;
  adminToken: string | null;
  /** Clock in milliseconds (tests inject one). */
  now?: () => number;
}

function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Creates the access control for the given secrets. */
export function createAccessControl({ tokens, adminToken, now = Date.now }: AccessOptions): AccessControl {
  const isAdmin = (token: string | null) => adminToken !== null && token !== null && sameSecret(token, adminToken);
  const verifier = createTokenVerifier(tokens);
  const open: DocAccess = { role: 'editor', readOnly: false, claims: null };
  return {
    enabled: verifier.enabled,
    isAdmin,
    requireAdmin(token) {
      if (!verifier.enabled && adminToken === null) return;
      if (isAdmin(token)) return;
      if (!token) throw new AccessError(401, 'an admin token is required');
      throw new AccessError(403, 'this needs the admin token');
    },
    async forDocument(token, docId) {
      if (!verifier.enabled) return open;
      if (isAdmin(token)) return open;
      if (!token) throw new AccessError(401, 'a token is required');
      let claims: DocClaims;
      try {
        const nowSeconds = now() / 1000;
        claims = readDocClaims(await verifier.verify(token, nowSeconds), { nowSeconds, maxTtlSeconds: tokens.maxTtlSeconds });
      } catch (err) {
        if (err instanceof TokenError) throw new AccessError(401, err.message);
        throw err;
      }
      if (!coversDoc(claims.doc, docId)) throw new AccessError(403, 'the token does not cover this document');
      const role = TOKEN_ROLES[claims.role];
      return { role, readOnly: role !== 'editor', claims };
    },
  };
}

/**
 * The bearer token of a request: the `Authorization: Bearer` header, else the `token` query
 * parameter (what the stock y-websocket client's `params` option sends).
 */
export function requestToken(authorization: string | undefined, query: string | undefined): string | null {
  const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (match) return match[1]!;
  return query && query.length > 0 ? query : null;
}
