import { hkdfSync, randomBytes } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';

/** What the server must remember between sending a browser to the provider and its return. */
export interface PendingSignIn {
  /** The `state` parameter: ties the callback to this browser (login CSRF). */
  state: string;
  /** The `nonce` the ID token must carry (replay). */
  nonce: string;
  /** The PKCE code verifier (only its S256 hash went to the provider). */
  verifier: string;
  /** The redirect URI used, sent again with the code. */
  redirectUri: string;
  /** Where to go after signing in: a path on this server. */
  returnTo: string;
}

/** How long a sign-in may take at the provider before it must start again. */
export const PENDING_SIGN_IN_SECONDS = 600;

/**
 * Seals pending sign-ins into a short-lived cookie value: encrypted and authenticated (JWE, dir +
 * A256GCM, with jose), so the browser can neither read the PKCE verifier nor change any field, and
 * it expires after PENDING_SIGN_IN_SECONDS. The key is derived from `secret` (the client secret,
 * shared by every node) or random per process when there is none.
 */
export class PendingSignInSeal {
  private readonly key: Uint8Array;

  constructor(secret: string | null) {
    const material = secret ?? randomBytes(32).toString('base64url');
    this.key = new Uint8Array(hkdfSync('sha256', material, 'tandem', 'tandem oidc pending sign-in', 32));
  }

  seal(pending: PendingSignIn, nowSeconds = Math.floor(Date.now() / 1000)): Promise<string> {
    return new EncryptJWT({ ...pending })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + PENDING_SIGN_IN_SECONDS)
      .encrypt(this.key);
  }

  /** The pending sign-in in `sealed`, or null when it is missing, altered, foreign or expired. */
  async open(sealed: string | undefined, nowSeconds = Math.floor(Date.now() / 1000)): Promise<PendingSignIn | null> {
    if (!sealed || sealed.length > 4096) return null;
    try {
      const { payload } = await jwtDecrypt(sealed, this.key, { currentDate: new Date(nowSeconds * 1000), requiredClaims: ['exp'] });
      const fields = ['state', 'nonce', 'verifier', 'redirectUri', 'returnTo'] as const;
      if (!fields.every((f) => typeof payload[f] === 'string')) return null;
      return Object.fromEntries(fields.map((f) => [f, payload[f]])) as unknown as PendingSignIn;
    } catch {
      return null;
    }
  }
}
