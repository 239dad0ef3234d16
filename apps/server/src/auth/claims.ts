import { TokenError } from './jwt.js';

/** The roles a token's `role` claim may name, and the document role each grants. */
export const TOKEN_ROLES = { read: 'viewer', comment: 'commenter', write: 'editor' } as const;
export type TokenRole = keyof typeof TOKEN_ROLES;

/** What a document token grants. */
export interface DocClaims {
  /** An exact document id, or a prefix ending in `*` (`team-*`; `*` alone covers every document). */
  doc: string;
  /** `read`: sync and share presence, every update dropped; `comment`: a reader who may comment; `write`: edit. */
  role: TokenRole;
  /** Expiry, seconds since the epoch (required). */
  exp: number;
  /** Who the token was issued to (for logs). */
  sub: string | null;
  /** Presence name the server stamps into this connection's awareness state. */
  name: string | null;
}

/** How claims are checked beyond their shape. */
export interface ClaimRules {
  /** The clock, seconds since the epoch. */
  nowSeconds: number;
  /** How far ahead `exp` may lie (MAX_TOKEN_TTL), seconds. */
  maxTtlSeconds: number;
}

const MAX_NAME_LENGTH = 128;

/** Readable form of a number of seconds for refusal messages (`86400` -> `24h`). */
function formatSeconds(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/**
 * Checks a verified JWT payload has the claims Tandem needs (throws TokenError('bad-claims')) and,
 * with `rules`, that `exp` lies no further ahead than MAX_TOKEN_TTL (TokenError('too-long-lived')):
 * a token minted for a year cannot outlive its holder's rights by a year.
 */
export function readDocClaims(payload: Record<string, unknown>, rules?: ClaimRules): DocClaims {
  const { doc, role, exp, sub, name } = payload;
  if (typeof doc !== 'string' || doc.length === 0 || doc.length > 256) throw new TokenError('bad-claims', 'doc must be a document id or prefix*');
  if (typeof role !== 'string' || !Object.hasOwn(TOKEN_ROLES, role)) throw new TokenError('bad-claims', 'role must be read, comment or write');
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new TokenError('bad-claims', 'exp is required');
  if (sub !== undefined && typeof sub !== 'string') throw new TokenError('bad-claims', 'sub must be a string');
  if (name !== undefined && (typeof name !== 'string' || name.length > MAX_NAME_LENGTH)) {
    throw new TokenError('bad-claims', `name must be a string of at most ${MAX_NAME_LENGTH} characters`);
  }
  if (rules && exp - rules.nowSeconds > rules.maxTtlSeconds) {
    throw new TokenError('too-long-lived', `exp lies more than MAX_TOKEN_TTL (${formatSeconds(rules.maxTtlSeconds)}) ahead`);
  }
  return { doc, role: role as TokenRole, exp, sub: sub ?? null, name: name ?? null };
}

/** True when a token's `doc` claim covers `docId`: equal, or a `*`-terminated prefix of it. */
export function coversDoc(pattern: string, docId: string): boolean {
  if (pattern.endsWith('*')) return docId.startsWith(pattern.slice(0, -1));
  return pattern === docId;
}
