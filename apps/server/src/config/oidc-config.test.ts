import { describe, expect, it } from 'vitest';
import { ConfigError } from './env-readers.js';
import { parseOidcConfig } from './oidc-config.js';

const fails = (env: Record<string, string>) => {
  try {
    parseOidcConfig(env);
  } catch (err) {
    return err instanceof ConfigError ? err.message : String(err);
  }
  return null;
};

describe('OpenID Connect configuration', () => {
  it('is off without OIDC_ISSUER and reads every variable with it', () => {
    expect(parseOidcConfig({})).toBeNull();
    expect(parseOidcConfig({ OIDC_ISSUER: 'https://login.example.com/realms/staff', OIDC_CLIENT_ID: 'tandem', OIDC_CLIENT_SECRET: 's3cret' })).toEqual({
      issuer: 'https://login.example.com/realms/staff',
      clientId: 'tandem',
      clientSecret: 's3cret',
      name: 'login.example.com',
      scopes: 'openid email profile',
    });
    expect(parseOidcConfig({ OIDC_ISSUER: 'http://127.0.0.1:9000', OIDC_CLIENT_ID: 'x', OIDC_NAME: 'Acme SSO', OIDC_SCOPES: 'openid email' })).toMatchObject({
      clientSecret: null,
      name: 'Acme SSO',
      scopes: 'openid email',
    });
  });

  it('stops start-up naming the variable and what is allowed', () => {
    expect(fails({ OIDC_ISSUER: 'http://login.example.com' })).toMatch(/^OIDC_ISSUER: must be an https:\/\/ URL/);
    expect(fails({ OIDC_ISSUER: 'login.example.com' })).toMatch(/^OIDC_ISSUER:/);
    expect(fails({ OIDC_ISSUER: 'https://login.example.com?x=1', OIDC_CLIENT_ID: 'a' })).toMatch(/^OIDC_ISSUER: must be an issuer URL without query/);
    expect(fails({ OIDC_ISSUER: 'https://login.example.com' })).toMatch(/^OIDC_CLIENT_ID: must be set/);
    expect(fails({ OIDC_CLIENT_ID: 'tandem' })).toMatch(/^OIDC_CLIENT_ID: needs OIDC_ISSUER/);
    expect(fails({ OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'has space' })).toMatch(/^OIDC_CLIENT_ID:/);
    expect(fails({ OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'a', OIDC_SCOPES: 'email profile' })).toMatch(/^OIDC_SCOPES: must be space-separated scopes including openid/);
    expect(fails({ OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'a', OIDC_NAME: 'x'.repeat(65) })).toMatch(/^OIDC_NAME:/);
  });
});
