import type { Me } from './api.js';
import { h } from './dom.js';

/**
 * "Sign in with <provider>" for the sign-in, sign-up and first-account pages when the server has
 * an OpenID Connect provider (`me.oidc`), followed by an "or" divider above the password form.
 * A full-page link, not a fetch: the browser must go to the provider and come back.
 */
export function oidcSignIn(me: Me, returnTo: string): HTMLElement | null {
  if (!me.oidc.enabled) return null;
  const href = `/api/auth/oidc/start?return=${encodeURIComponent(returnTo)}`;
  return h(
    'div',
    { class: 'oidc-sign-in' },
    h('a', { class: 'button wide oidc-button', href, 'data-testid': 'oidc-sign-in' }, `Sign in with ${me.oidc.name ?? 'your organisation'}`),
    h('p', { class: 'divider' }, h('span', {}, 'or')),
  );
}

/** Why the last external sign-in failed (the server sends the browser back with `auth_error`), or ''. */
export function externalSignInError(search = location.search): string {
  const message = new URLSearchParams(search).get('auth_error')?.slice(0, 300);
  return message ? `${message[0]!.toUpperCase()}${message.slice(1)}` : '';
}
