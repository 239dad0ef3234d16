import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a token was refused; stable strings that logs and tests can match on. */
export type TokenErrorCode = 'malformed' | 'unsupported-alg' | 'bad-signature' | 'expired' | 'not-yet-valid' | 'bad-claims';

/** A token that is missing, malformed, badly signed, expired or whose claims are not allowed. */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  constructor(readonly code: TokenErrorCode) {
    super(`invalid token: ${code}`);
  }
}

const HEADER = { alg: 'HS256', typ: 'JWT' } as const;
/** Longest token accepted; anything longer is refused before any work is done on it. */
const MAX_TOKEN_LENGTH = 4096;

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function hmac(secret: string, input: string): Buffer {
  return createHmac('sha256', secret).update(input).digest();
}

function parseJsonPart(part: string): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw new TokenError('malformed');
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TokenError('malformed');
    return value as Record<string, unknown>;
  } catch {
    throw new TokenError('malformed');
  }
}

/** Signs `payload` as a compact HS256 JWT, readable by any JWT library that knows the secret. */
export function signJwt(payload: Record<string, unknown>, secret: string): string {
  const input = `${b64url(JSON.stringify(HEADER))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${b64url(hmac(secret, input))}`;
}

/**
 * Verifies a compact HS256 JWT (constant-time signature check; only `HS256` is accepted, never
 * `none`) and its time claims: `exp` is required and must be in the future, `nbf` (when present)
 * in the past. Returns the payload; throws TokenError otherwise.
 */
export function verifyJwt(token: string, secret: string, nowSeconds = Date.now() / 1000): Record<string, unknown> {
  if (token.length > MAX_TOKEN_LENGTH) throw new TokenError('malformed');
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenError('malformed');
  const [head, body, sig] = parts as [string, string, string];
  const header = parseJsonPart(head);
  if (header.alg !== 'HS256') throw new TokenError('unsupported-alg');
  if (!/^[A-Za-z0-9_-]+$/.test(sig)) throw new TokenError('malformed');
  const expected = hmac(secret, `${head}.${body}`);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new TokenError('bad-signature');
  const payload = parseJsonPart(body);
  if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) throw new TokenError('bad-claims');
  if (payload.exp <= nowSeconds) throw new TokenError('expired');
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > nowSeconds)) {
    throw new TokenError('not-yet-valid');
  }
  return payload;
}
