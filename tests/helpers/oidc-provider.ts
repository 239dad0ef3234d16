import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A person who can sign in at the test provider. */
export interface TestAccount {
  /** What is typed into the provider's login form (and becomes `sub`). */
  login: string;
  email: string;
  name: string;
  /** Defaults to true. */
  emailVerified?: boolean;
}

/** A real OpenID provider (the `oidc-provider` package) on a random loopback port. */
export interface TestOidcProvider {
  /** The issuer URL, for OIDC_ISSUER. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The env of a Tandem server signing in here (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME). */
  env(name?: string): Record<string, string>;
  /**
   * Starts answering, with the client registered for `redirectUris` (known only once the Tandem
   * server under test listens: its discovery waits for the first sign-in).
   */
  serve(redirectUris: string[]): void;
  /** Code exchanges the provider granted. */
  grants(): number;
  close(): Promise<void>;
}

/**
 * Opens the port of an OpenID provider with one confidential client, PKCE required, and its
 * built-in login and consent pages (any password; only `accounts` exist); `serve` starts it.
 */
export async function startOidcProvider(accounts: TestAccount[]): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'tandem-test';
  const clientSecret = 'tandem-test-client-secret-0123456789';
  const byLogin = new Map(accounts.map((a) => [a.login, a]));
  let grants = 0;
  const create = (redirectUris: string[]) => new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['test-provider-cookie-key-0123456789'] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const account = byLogin.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: account.email, email_verified: account.emailVerified ?? true, name: account.name };
        },
      };
    },
  });
  return {
    issuer,
    clientId,
    clientSecret,
    env: (name = 'Test IdP') => ({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret, OIDC_NAME: name }),
    serve(redirectUris) {
      const provider = create(redirectUris);
      provider.on('grant.success', () => (grants += 1));
      server.on('request', provider.callback());
    },
    grants: () => grants,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Walks the provider's login and consent pages as `login` with plain HTTP (cookies kept by hand,
 * as a script rather than a browser would), from `authorizationUrl` until the provider redirects
 * to a URL starting with `stopAt`; returns that redirect's query string (`?code=...&state=...`).
 */
export async function walkProvider(authorizationUrl: URL | string, login: string, stopAt: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = String(authorizationUrl);
  let form: Record<string, string> | null = null;
  for (let hop = 0; hop < 20; hop++) {
    const res: Response = await fetch(url, {
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
      if (next.href.startsWith(stopAt)) return next.search;
      url = next.href;
      continue;
    }
    const html: string = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form on ${url} (${res.status}): ${html.slice(0, 300)}`);
    url = new URL(action, url).href;
    form = html.includes('name="login"') ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' };
  }
  throw new Error('too many hops at the provider');
}
