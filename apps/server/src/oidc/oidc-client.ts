import * as client from 'openid-client';
import { isLoopbackUrl, type OidcConfig } from '../config/oidc-config.js';
import type { PendingSignIn } from './oidc-state.js';

/** Who the provider says signed in, as the accounts module's `signInExternal` takes it. */
export interface OidcIdentity {
  provider: string;
  subject: string;
  email: string;
  name: string;
}

/** A sign-in that did not complete; `message` is safe to show to the person. */
export class OidcError extends Error {
  override readonly name = 'OidcError';
}

/** Where an authorization request starts, and what to remember until the provider sends the browser back. */
export interface StartedSignIn {
  url: URL;
  pending: PendingSignIn;
}

/** The relying party: authorization code flow with PKCE (S256), state and nonce, via openid-client. */
export interface OidcClient {
  /** The provider's display name (OIDC_NAME). */
  readonly name: string;
  /** The authorization URL to send the browser to, and the pending sign-in to keep. */
  start(redirectUri: string, returnTo: string): Promise<StartedSignIn>;
  /**
   * Completes a sign-in: checks state, exchanges the code with the PKCE verifier, verifies the ID
   * token (signature, issuer, audience, nonce, expiry) and reads email and name (from the ID
   * token, else the userinfo endpoint). Throws OidcError.
   */
  finish(callbackQuery: string, pending: PendingSignIn): Promise<OidcIdentity>;
}

const DISCOVERY_TIMEOUT_SECONDS = 10;

/** A path on this server to return to after sign-in (never another origin): `/` when in doubt. */
export function safeReturnPath(raw: string | undefined): string {
  if (!raw || raw.length > 2048 || !raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return '/';
  return /^[\x21-\x7e]*$/.test(raw) ? raw : '/';
}

/**
 * Creates the relying party for `config`. The provider's discovery document is fetched on first
 * use (a provider that is down does not stop the server from starting) and kept; a failed fetch
 * is retried on the next sign-in.
 */
export function createOidcClient(config: OidcConfig): OidcClient {
  const issuer = new URL(config.issuer);
  let discovered: Promise<client.Configuration> | null = null;
  const configuration = () => {
    discovered ??= client
      .discovery(
        issuer,
        config.clientId,
        undefined,
        config.clientSecret ? client.ClientSecretBasic(config.clientSecret) : client.None(),
        { timeout: DISCOVERY_TIMEOUT_SECONDS, ...(issuer.protocol === 'http:' && isLoopbackUrl(issuer) ? { execute: [client.allowInsecureRequests] } : {}) },
      )
      .catch((err: unknown) => {
        discovered = null;
        throw new OidcError(`${config.name} could not be reached (${err instanceof Error ? err.message : String(err)})`);
      });
    return discovered;
  };

  return {
    name: config.name,
    async start(redirectUri, returnTo) {
      const rp = await configuration();
      const pending: PendingSignIn = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        verifier: client.randomPKCECodeVerifier(),
        redirectUri,
        returnTo: safeReturnPath(returnTo),
      };
      const url = client.buildAuthorizationUrl(rp, {
        redirect_uri: redirectUri,
        scope: config.scopes,
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url, pending };
    },
    async finish(callbackQuery, pending) {
      const rp = await configuration();
      const current = new URL(pending.redirectUri);
      current.search = callbackQuery;
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(rp, current, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (err) {
        if (err instanceof client.AuthorizationResponseError) {
          throw new OidcError(err.error === 'access_denied' ? `sign-in was cancelled at ${config.name}` : `${config.name} refused the sign-in (${err.error})`);
        }
        throw new OidcError(`the sign-in with ${config.name} could not be completed (${err instanceof Error ? err.message : String(err)})`);
      }
      const claims = tokens.claims();
      if (!claims) throw new OidcError(`${config.name} sent no ID token`);
      let { email, email_verified: verified, name } = claims as { email?: unknown; email_verified?: unknown; name?: unknown };
      if (typeof email !== 'string' && tokens.access_token) {
        const info = await client.fetchUserInfo(rp, tokens.access_token, claims.sub);
        ({ email, email_verified: verified } = info);
        name = typeof name === 'string' ? name : info.name;
      }
      if (typeof email !== 'string' || email === '') throw new OidcError(`${config.name} did not share an email address: allow the email scope for this application`);
      if (verified === false) throw new OidcError(`${config.name} says the email address ${email} is not verified`);
      return { provider: config.issuer, subject: claims.sub, email, name: typeof name === 'string' && name ? name : '' };
    },
  };
}
