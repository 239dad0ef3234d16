import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, type TestOidcProvider, walkProvider } from '../helpers/oidc-provider.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ARTIFACTS, launchBrowser, newUser } from './browser.js';

const SHOTS = process.env.SHOTS_DIR ?? ARTIFACTS;

describe('sign in with an OpenID Connect provider (real provider, real Chromium)', () => {
  let provider: TestOidcProvider;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    provider = await startOidcProvider([
      { login: 'ada', email: 'ada@example.com', name: 'Ada Lovelace' },
      { login: 'grace', email: 'grace@example.com', name: 'Grace Hopper' },
    ]);
    server = await startTestServer({ AUTH_MODE: 'accounts', ...provider.env('Test IdP') });
    provider.serve([`${server.url}/api/auth/oidc/callback`]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    await provider?.close();
  });

  /** Goes through the provider's login and consent pages as `login`, from wherever the browser was sent. */
  async function atProvider(page: import('playwright-core').Page, login: string): Promise<void> {
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.origin === server.url);
  }

  const me = (page: import('playwright-core').Page) =>
    page.evaluate(async () => (await fetch('/api/auth/me')).json()) as Promise<{ user: { email: string; name: string; admin: boolean } | null; oidc: { enabled: boolean; name?: string } }>;

  it('says which provider it offers', async () => {
    const res = await fetch(`${server.url}/api/auth/me`);
    expect(await res.json()).toMatchObject({ mode: 'accounts', user: null, oidc: { enabled: true, name: 'Test IdP' } });
  });

  it('signs a new person in from the sign-in page through the provider and lands on the home page, signed in', async () => {
    const ada = await newUser(browser, 'Ada');
    try {
      await ada.page.route(/fonts\.googleapis\.com/, (route) => route.abort()); // the provider's page asks for a web font
      await ada.page.goto(`${server.url}/`);
      // a fresh server: the first-account page offers the provider too (its first person becomes admin)
      const button = ada.page.getByTestId('oidc-sign-in');
      await expect.poll(() => button.textContent()).toBe('Sign in with Test IdP');
      await ada.page.screenshot({ path: join(SHOTS, 'oidc-first-run-button.png') });
      await button.click();
      await atProvider(ada.page, 'ada');
      expect(new URL(ada.page.url()).pathname).toBe('/');
      const cookies = await ada.context.cookies(server.url);
      const session = cookies.find((c) => c.name === 'tandem_session');
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      expect(cookies.find((c) => c.name === 'tandem_oidc')).toBeUndefined();
      expect((await me(ada.page)).user).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace', admin: true });
      await ada.page.getByRole('button', { name: 'New document' }).waitFor();
      await ada.page.screenshot({ path: join(SHOTS, 'oidc-signed-in-home.png') });
      expect(ada.errors).toEqual([]);
    } finally {
      await ada.context.close();
    }
    expect(provider.grants()).toBe(1);
  });

  it('returns to the page the sign-in started from, and the next sign-in finds the same account', async () => {
    const again = await newUser(browser, 'Ada again');
    try {
      await again.page.route(/fonts\.googleapis\.com/, (route) => route.abort());
      await again.page.goto(`${server.url}/signin?next=${encodeURIComponent('/?from=oidc')}`);
      await again.page.screenshot({ path: join(SHOTS, 'oidc-sign-in-page.png') });
      await again.page.getByTestId('oidc-sign-in').click();
      await atProvider(again.page, 'ada');
      expect(again.page.url()).toBe(`${server.url}/?from=oidc`);
      expect((await me(again.page)).user).toMatchObject({ email: 'ada@example.com', admin: true });
    } finally {
      await again.context.close();
    }
    const grace = await newUser(browser, 'Grace');
    try {
      await grace.page.route(/fonts\.googleapis\.com/, (route) => route.abort());
      await grace.page.goto(`${server.url}/api/auth/oidc/start?return=https://evil.example/`);
      await atProvider(grace.page, 'grace');
      expect(grace.page.url()).toBe(`${server.url}/`);
      expect((await me(grace.page)).user).toMatchObject({ email: 'grace@example.com', admin: false });
    } finally {
      await grace.context.close();
    }
  });

  it('refuses a callback that this browser did not start (login CSRF)', async () => {
    // Mallory starts a sign-in with a script, signs in at the provider as herself, stops before
    // the redirect back and hands the callback URL to a victim, hoping to sign them in as her.
    const start = await fetch(`${server.url}/api/auth/oidc/start`, { redirect: 'manual' });
    const malloryCookie = /tandem_oidc=[^;]+/.exec(start.headers.get('set-cookie') ?? '')?.[0];
    expect(malloryCookie).toBeDefined();
    const callback = `${server.url}/api/auth/oidc/callback${await walkProvider(start.headers.get('location')!, 'grace', `${server.url}/api/auth/oidc/callback`)}`;
    const victim = await newUser(browser, 'Victim');
    try {
      await victim.page.goto(callback);
      const landed = new URL(victim.page.url());
      expect(landed.pathname).toBe('/');
      expect(landed.searchParams.get('auth_error')).toMatch(/expired or was started in another browser/);
      // the sign-in page says why, and offers the provider again
      await expect.poll(() => victim.page.getByTestId('auth-error').textContent()).toBe('The sign-in with Test IdP expired or was started in another browser: try again');
      await victim.page.getByTestId('oidc-sign-in').waitFor();
      expect((await me(victim.page)).user).toBeNull();
      expect((await victim.context.cookies(server.url)).find((c) => c.name === 'tandem_session')).toBeUndefined();
      await victim.page.screenshot({ path: join(SHOTS, 'oidc-refused-callback.png') });
    } finally {
      await victim.context.close();
    }
    // the same callback with the cookie of the browser that started it does sign in: the binding was the refusal
    const own = await fetch(callback, { redirect: 'manual', headers: { cookie: malloryCookie! } });
    expect(own.status).toBe(302);
    expect(own.headers.get('set-cookie')).toMatch(/tandem_session=[^;]+/);
  });
});
