import { createOidcClient, type OidcClient } from './oidc-client.js';
import type { OidcConfig } from '../config/oidc-config.js';
import { PendingSignInSeal } from './oidc-state.js';

/** What the sign-in routes need: the relying party and the seal of pending sign-ins. */
export interface OidcSignIn {
  client: OidcClient;
  seal: PendingSignInSeal;
}

/** Builds the OpenID Connect sign-in for `config`. */
export function createOidcSignIn(config: OidcConfig): OidcSignIn {
  return { client: createOidcClient(config), seal: new PendingSignInSeal(config.clientSecret) };
}
