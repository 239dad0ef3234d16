import { timingSafeEqual } from 'node:crypto';
import type { AccountStore, User } from '@tandem/accounts-store';
import { higherRole, type Role } from '@tandem/protocol';
import type { AuthMode } from '../config/accounts-config.js';
import { type AccessControl, AccessError } from './access.js';
import type { DocClaims } from './claims.js';

/** Who is asking, as found on a request or a socket upgrade (before any document is named). */
export interface Caller {
  /** The signed-in person (a valid session cookie), or null. */
  user: User | null;
  /** A bearer token (`Authorization` or `?token=`), unverified. */
  token: string | null;
  /** A share-link secret (`?share=` or `X-Tandem-Share`), unverified. */
  share: string | null;
}

/** What a caller may do with one document, and why. */
export interface DocGrant {
  role: Role;
  /** The verified token's claims, when a token gave (or added to) the role. */
  claims: DocClaims | null;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Decides a caller's role on a document. Open mode: everyone is owner, unless AUTH_SECRET is set
 * (then a token is needed, as before accounts existed). Accounts mode: the best of the ADMIN_TOKEN
 * or an admin's session (owner of everything), the person's role on the document, a valid token
 * and a valid share link. Throws AccessError: 401 when the caller is nobody, 403 otherwise. The
 * refusal is the same whether or not the document exists.
 */
export class DocRoles {
  constructor(
    readonly mode: AuthMode,
    private readonly tokens: AccessControl,
    private readonly store: AccountStore | null,
  ) {}

  /** True for the operator (ADMIN_TOKEN) and for admins; in open mode without secrets, for everyone. */
  isAdmin(caller: Caller): boolean {
    if (this.tokens.isAdmin(caller.token)) return true;
    if (this.mode === 'open') {
      try {
        this.tokens.requireAdmin(caller.token);
        return true;
      } catch {
        return false;
      }
    }
    return caller.user?.admin === true;
  }

  /** The share link's role when `secret` is the document's current link secret. */
  async linkRole(docId: string, secret: string | null): Promise<Role | null> {
    if (!secret || !this.store) return null;
    const link = await this.store.link(docId);
    return link && sameSecret(link.secret, secret) ? link.role : null;
  }

  async grantFor(caller: Caller, docId: string): Promise<DocGrant> {
    if (this.mode === 'open') {
      const granted = await this.tokens.forDocument(caller.token, docId);
      const admin = this.tokens.isAdmin(caller.token) || !this.tokens.enabled;
      return { role: admin ? 'owner' : granted.role, claims: granted.claims };
    }
    if (this.isAdmin(caller)) return { role: 'owner', claims: null };
    let role: Role | null = null;
    let claims: DocClaims | null = null;
    let tokenError: AccessError | null = null;
    if (caller.token && this.tokens.enabled) {
      try {
        const granted = await this.tokens.forDocument(caller.token, docId);
        claims = granted.claims;
        if (claims) role = granted.role;
      } catch (err) {
        if (!(err instanceof AccessError)) throw err;
        tokenError = err;
      }
    }
    if (caller.user && this.store) role = higherRole(role, await this.store.roleOf(docId, caller.user.id));
    role = higherRole(role, await this.linkRole(docId, caller.share));
    if (role) return { role, claims };
    if (tokenError && !caller.user) throw tokenError;
    if (!caller.user && !caller.share) throw new AccessError(401, 'sign in to open this document');
    throw new AccessError(403, 'you have no access to this document');
  }

  /** The caller's role on `docId`; throws AccessError (401/403) when none. */
  async roleOf(caller: Caller, docId: string): Promise<Role> {
    return (await this.grantFor(caller, docId)).role;
  }
}
