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
  /** Token requests the provider answered (code exchanges). */
  tokenRequests(): number;
  close(): Promise<void>;
}

/**
 * Starts an OpenID provider with one confidential client registered for `redirectUris`, PKCE
 * required, and its built-in login and consent pages (any password; only `accounts` exist).
 */
export async function startOidcProvider(redirectUris: string[], accounts: TestAccount[]): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'tandem-test';
  const clientSecret = 'tandem-test-client-secret-0123456789';
  const byLogin = new Map(accounts.map((a) => [a.login, a]));
  let tokenRequests = 0;
  const provider = new Provider(issuer, {
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
  provider.on('grant.success', () => (tokenRequests += 1));
  const callback = provider.callback();
  server.on('request', callback);
  return {
    issuer,
    clientId,
    clientSecret,
    tokenRequests: () => tokenRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
