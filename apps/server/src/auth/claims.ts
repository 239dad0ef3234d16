import { TokenError } from './jwt.js';

/** What a document token grants. */
export interface DocClaims {
  /** An exact document id, or a prefix ending in `*` (`team-*`; `*` alone covers every document). */
  doc: string;
  /** `read`: sync and share presence, every update dropped; `write`: edit. */
  role: 'read' | 'write';
  /** Expiry, seconds since the epoch (required). */
  exp: number;
  /** Who the token was issued to (for logs). */
  sub: string | null;
  /** Presence name the server stamps into this connection's awareness state. */
  name: string | null;
}

const MAX_NAME_LENGTH = 128;

/** Checks a verified JWT payload has the claims Tandem needs; throws TokenError('bad-claims'). */
export function readDocClaims(payload: Record<string, unknown>): DocClaims {
  const { doc, role, exp, sub, name } = payload;
  if (typeof doc !== 'string' || doc.length === 0 || doc.length > 256) throw new TokenError('bad-claims');
  if (role !== 'read' && role !== 'write') throw new TokenError('bad-claims');
  if (typeof exp !== 'number') throw new TokenError('bad-claims');
  if (sub !== undefined && typeof sub !== 'string') throw new TokenError('bad-claims');
  if (name !== undefined && (typeof name !== 'string' || name.length > MAX_NAME_LENGTH)) throw new TokenError('bad-claims');
  return { doc, role, exp, sub: sub ?? null, name: name ?? null };
}

/** True when a token's `doc` claim covers `docId`: equal, or a `*`-terminated prefix of it. */
export function coversDoc(pattern: string, docId: string): boolean {
  if (pattern.endsWith('*')) return docId.startsWith(pattern.slice(0, -1));
  return pattern === docId;
}
