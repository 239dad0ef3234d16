import { createHash, timingSafeEqual } from 'node:crypto';
import { type DocClaims, coversDoc, readDocClaims } from './claims.js';
import { TokenError, verifyJwt } from './jwt.js';

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
  readOnly: boolean;
  /** The verified claims, or null when the server runs open (no AUTH_SECRET). */
  claims: DocClaims | null;
}

/** Decides, per request, what a bearer token allows. */
export interface AccessControl {
  /** True when AUTH_SECRET is set; otherwise every document is open to everyone. */
  readonly enabled: boolean;
  /** What `token` allows on `docId`; throws AccessError (401/403) when it allows nothing. */
  forDocument(token: string | null, docId: string): DocAccess;
  /** True when `token` is the ADMIN_TOKEN (listing and admin operations). */
  isAdmin(token: string | null): boolean;
  /**
   * Allows listing and admin operations to the ADMIN_TOKEN; throws AccessError (401 without a
   * token, 403 with another one). A server with neither AUTH_SECRET nor ADMIN_TOKEN is open.
   */
  requireAdmin(token: string | null): void;
}

/** Settings of access control (from AUTH_SECRET and ADMIN_TOKEN). */
export interface AccessOptions {
  authSecret: string | null;
  adminToken: string | null;
  /** Clock in milliseconds (tests inject one). */
  now?: () => number;
}

function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Creates the access control for the given secrets. */
export function createAccessControl({ authSecret, adminToken, now = Date.now }: AccessOptions): AccessControl {
  const isAdmin = (token: string | null) => adminToken !== null && token !== null && sameSecret(token, adminToken);
  return {
    enabled: authSecret !== null,
    isAdmin,
    requireAdmin(token) {
      if (authSecret === null && adminToken === null) return;
      if (isAdmin(token)) return;
      if (!token) throw new AccessError(401, 'an admin token is required');
      throw new AccessError(403, 'this needs the admin token');
    },
    forDocument(token, docId) {
      if (authSecret === null) return { readOnly: false, claims: null };
      if (isAdmin(token)) return { readOnly: false, claims: null };
      if (!token) throw new AccessError(401, 'a token is required');
      let claims: DocClaims;
      try {
        claims = readDocClaims(verifyJwt(token, authSecret, now() / 1000));
      } catch (err) {
        if (err instanceof TokenError) throw new AccessError(401, err.message);
        throw err;
      }
      if (!coversDoc(claims.doc, docId)) throw new AccessError(403, 'the token does not cover this document');
      return { readOnly: claims.role === 'read', claims };
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
