import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOidcClient, OidcError, parseOidcConfig, PendingSignInSeal, type OidcClient } from '@tandem/server';
import { startOidcProvider, type TestOidcProvider } from '../../helpers/oidc-provider.js';

/** Where the provider sends the browser back; never served: the test reads the redirect. */
const REDIRECT = 'http://127.0.0.1:9/api/auth/oidc/callback';

/**
 * Walks a browser's way through the provider's login and consent pages with plain HTTP
 * (cookies kept by hand), and returns the query string the provider redirects back with.
 */
async function signInAtProvider(authorizationUrl: URL, login: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = authorizationUrl.href;
  let form: Record<string, string> | null = null;
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: cookieHeader(), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      jar.set(k!, v.join('='));
    }
    form = null;
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(REDIRECT)) return next.search;
      url = next.href;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form on ${url} (${res.status}): ${html.slice(0, 300)}`);
    url = new URL(action, url).href;
    form = html.includes('name="login"') ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' };
  }
  throw new Error('too many hops at the provider');
}

describe('the OpenID Connect relying party against a real provider', () => {
  let provider: TestOidcProvider;
  let rp: OidcClient;

  beforeAll(async () => {
    provider = await startOidcProvider([REDIRECT], [
      { login: 'ada', email: 'Ada@Example.com', name: 'Ada Lovelace' },
      { login: 'eve', email: 'eve@example.com', name: 'Eve', emailVerified: false },
    ]);
    rp = createOidcClient(parseOidcConfig({ OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret, OIDC_NAME: 'Test IdP' })!);
  });
  afterAll(() => provider.close());

  it('signs in with the authorization code, PKCE (S256), state and nonce', async () => {
    const { url, pending } = await rp.start(REDIRECT, '/d/notes');
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).not.toBe(pending.verifier);
    expect(url.searchParams.get('state')).toBe(pending.state);
    expect(url.searchParams.get('nonce')).toBe(pending.nonce);
    expect(pending.returnTo).toBe('/d/notes');
    const query = await signInAtProvider(url, 'ada');
    expect(await rp.finish(query, pending)).toEqual({ provider: provider.issuer, subject: 'ada', email: 'Ada@Example.com', name: 'Ada Lovelace' });
  });

  it('refuses a callback for another browser (state), a wrong verifier, a reused code and an unverified email', async () => {
    const first = await rp.start(REDIRECT, '/');
    const query = await signInAtProvider(first.url, 'ada');
    const other = await rp.start(REDIRECT, '/');
    await expect(rp.finish(query, other.pending)).rejects.toThrow(OidcError);
    await expect(rp.finish(query, { ...first.pending, verifier: other.pending.verifier })).rejects.toThrow(/could not be completed/);
    expect((await rp.finish(query, first.pending)).subject).toBe('ada');
    await expect(rp.finish(query, first.pending)).rejects.toThrow(OidcError); // a code is good for one exchange
    const eve = await rp.start(REDIRECT, '/');
    await expect(rp.finish(await signInAtProvider(eve.url, 'eve'), eve.pending)).rejects.toThrow('Test IdP says the email address eve@example.com is not verified');
    await expect(rp.finish('?error=access_denied&state=' + eve.pending.state + '&iss=' + encodeURIComponent(provider.issuer), eve.pending)).rejects.toThrow('sign-in was cancelled at Test IdP');
  });

  it('keeps the pending sign-in sealed: altered, foreign or expired cookies open to nothing', async () => {
    const seal = new PendingSignInSeal('client-secret');
    const { pending } = await rp.start(REDIRECT, '/x');
    const sealed = await seal.seal(pending, 1000);
    expect(sealed).not.toContain(pending.verifier);
    expect(await seal.open(sealed, 1001)).toEqual(pending);
    expect(await seal.open(sealed, 1000 + 601)).toBeNull();
    expect(await seal.open(`${sealed.slice(0, -2)}AA`, 1001)).toBeNull();
    expect(await new PendingSignInSeal('another-secret').open(sealed, 1001)).toBeNull();
    expect(await seal.open(undefined)).toBeNull();
  });

  it('returns only to paths on this server', async () => {
    for (const [given, kept] of [['/d/a?x=1', '/d/a?x=1'], ['//evil.example', '/'], ['https://evil.example/', '/'], ['/\\evil', '/'], ['', '/']]) {
      expect((await rp.start(REDIRECT, given!)).pending.returnTo).toBe(kept);
    }
  });
});
