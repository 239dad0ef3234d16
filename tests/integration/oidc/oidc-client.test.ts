import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOidcClient, OidcError, parseOidcConfig, PendingSignInSeal, type OidcClient } from '@tandem/server';
import { startOidcProvider, type TestOidcProvider, walkProvider } from '../../helpers/oidc-provider.js';

/** Where the provider sends the browser back; never served: the test reads the redirect. */
const REDIRECT = 'http://127.0.0.1:9/api/auth/oidc/callback';

describe('the OpenID Connect relying party against a real provider', () => {
  let provider: TestOidcProvider;
  let rp: OidcClient;

  beforeAll(async () => {
    provider = await startOidcProvider([
      { login: 'ada', email: 'Ada@Example.com', name: 'Ada Lovelace' },
      { login: 'eve', email: 'eve@example.com', name: 'Eve', emailVerified: false },
    ]);
    provider.serve([REDIRECT]);
    rp = createOidcClient(parseOidcConfig(provider.env('Test IdP'))!);
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
    const query = await walkProvider(url, 'ada', REDIRECT);
    expect(await rp.finish(query, pending)).toEqual({ provider: provider.issuer, subject: 'ada', email: 'Ada@Example.com', name: 'Ada Lovelace' });
    expect(provider.grants()).toBe(1);
  });

  it('refuses a callback for another browser (state), a wrong verifier, a reused code and an unverified email', async () => {
    const first = await rp.start(REDIRECT, '/');
    const query = await walkProvider(first.url, 'ada', REDIRECT);
    const other = await rp.start(REDIRECT, '/');
    await expect(rp.finish(query, other.pending)).rejects.toThrow(OidcError);
    await expect(rp.finish(query, { ...first.pending, verifier: other.pending.verifier })).rejects.toThrow(/could not be completed/);
    expect((await rp.finish(query, first.pending)).subject).toBe('ada');
    await expect(rp.finish(query, first.pending)).rejects.toThrow(OidcError); // a code is good for one exchange
    const eve = await rp.start(REDIRECT, '/');
    await expect(rp.finish(await walkProvider(eve.url, 'eve', REDIRECT), eve.pending)).rejects.toThrow('Test IdP says the email address eve@example.com is not verified');
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
