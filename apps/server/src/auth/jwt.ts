import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify, SignJWT, type JWSHeaderParameters, type FlattenedJWSInput } from 'jose';
import { ASYMMETRIC_ALGORITHMS, type TokenConfig, tokensEnabled } from '../config/token-config.js';

/** Why a token was refused; stable strings that logs and tests can match on. */
export type TokenErrorCode =
  | 'malformed'
  | 'unsupported-alg'
  | 'bad-signature'
  | 'unknown-key'
  | 'keys-unavailable'
  | 'expired'
  | 'not-yet-valid'
  | 'too-long-lived'
  | 'bad-claims';

/** A token that is missing, malformed, badly signed, expired or whose claims are not allowed. */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  constructor(
    readonly code: TokenErrorCode,
    /** What the client is told besides the code (never secrets or key material). */
    readonly reason?: string,
  ) {
    super(`invalid token: ${reason ? `${code}: ${reason}` : code}`);
  }
}

/** Longest token accepted; anything longer is refused before any work is done on it. */
export const MAX_TOKEN_LENGTH = 4096;

/** How the remote JWKS is fetched: time-out, cache age and the pause before a refetch for an unknown `kid`. */
export const JWKS_FETCH = { timeoutDuration: 5_000, cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 } as const;

/** Verifies external document tokens: signature, algorithm and time claims. */
export interface TokenVerifier {
  /** True when some key is configured; otherwise every token is refused. */
  readonly enabled: boolean;
  /** The verified payload; throws TokenError. `nowSeconds` is the clock (tests inject one). */
  verify(token: string, nowSeconds?: number): Promise<JWTPayload>;
}

type KeyInput = Parameters<typeof jwtVerify>[1];

/** Maps what jose throws to Tandem's stable refusal codes. */
function toTokenError(err: unknown): TokenError {
  if (err instanceof TokenError) return err;
  if (err instanceof errors.JWTExpired) return new TokenError('expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') return new TokenError('not-yet-valid');
    return new TokenError('bad-claims', `${err.claim} ${err.reason}`);
  }
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported) return new TokenError('unsupported-alg');
  if (err instanceof errors.JWSSignatureVerificationFailed) return new TokenError('bad-signature');
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) return new TokenError('unknown-key');
  if (err instanceof errors.JOSEError) return new TokenError('malformed');
  throw err;
}

/**
 * Creates the verifier for `config`: HS256 with AUTH_SECRET; RS256, ES256 and EdDSA with the
 * JWKS at AUTH_JWKS_URL (fetched on first use, cached, refetched for an unknown `kid` at most
 * every 30 s, 5 s time-out) or the key in AUTH_PUBLIC_KEY_FILE. `alg` picks the key: a token whose
 * algorithm has no configured key is refused (so an HS256 token can never be checked against a
 * public key). `exp` is required and must lie ahead, `nbf` behind; `iss`/`aud` are checked when
 * AUTH_ISSUER/AUTH_AUDIENCE are set.
 */
export function createTokenVerifier(config: TokenConfig): TokenVerifier {
  const secret = config.secret === null ? null : new TextEncoder().encode(config.secret);
  const jwks = config.jwksUrl === null ? null : createRemoteJWKSet(new URL(config.jwksUrl), JWKS_FETCH);
  const asymmetric: readonly string[] = config.publicKey?.algorithms ?? (jwks ? ASYMMETRIC_ALGORITHMS : []);
  const algorithms = [...(secret ? ['HS256'] : []), ...asymmetric];

  // jose's KeyInput includes a key-function type; this resolver returns a key itself
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  const keyFor = async (header: JWSHeaderParameters, input: FlattenedJWSInput): Promise<Exclude<KeyInput, Function>> => {
    if (header.alg === 'HS256' && secret) return secret;
    if (!asymmetric.includes(header.alg ?? '')) throw new TokenError('unsupported-alg');
    if (config.publicKey) return config.publicKey.key;
    try {
      return await jwks!(header, input);
    } catch (err) {
      if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) throw new TokenError('unknown-key');
      throw new TokenError('keys-unavailable', 'the signing keys could not be fetched');
    }
  };

  return {
    enabled: tokensEnabled(config),
    async verify(token, nowSeconds = Date.now() / 1000) {
      if (token.length > MAX_TOKEN_LENGTH) throw new TokenError('malformed', `longer than ${MAX_TOKEN_LENGTH} characters`);
      if (algorithms.length === 0) throw new TokenError('unsupported-alg', 'this server accepts no tokens');
      try {
        const { payload } = await jwtVerify(token, keyFor, {
          algorithms,
          requiredClaims: ['exp'],
          currentDate: new Date(nowSeconds * 1000),
          ...(config.issuer ? { issuer: config.issuer } : {}),
          ...(config.audience ? { audience: config.audience } : {}),
        });
        return payload;
      } catch (err) {
        throw toTokenError(err);
      }
    },
  };
}

/** Signs `payload` as a compact HS256 JWT (what `pnpm token` prints), readable by any JWT library that knows the secret. */
export async function signJwt(payload: Record<string, unknown>, secret: string): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}
