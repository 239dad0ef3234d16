import { ConfigError, type Env } from './env-readers.js';

/** Sign-in with an OpenID Connect identity provider (see README, "Sign in with your identity provider"). */
export interface OidcConfig {
  /** The provider's issuer URL (`OIDC_ISSUER`); its discovery document is at `/.well-known/openid-configuration`. */
  issuer: string;
  /** The client id Tandem is registered under at the provider (`OIDC_CLIENT_ID`). */
  clientId: string;
  /** The client secret (`OIDC_CLIENT_SECRET`); null: a public client (PKCE only). */
  clientSecret: string | null;
  /** What the sign-in button says after "Sign in with" (`OIDC_NAME`, default the issuer's host name). */
  name: string;
  /** Scopes asked for (`OIDC_SCOPES`, default `openid email profile`). */
  scopes: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True when `url` names this machine (plain http is allowed only there). */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

function readIssuer(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('OIDC_ISSUER', `must be the https:// issuer URL of your identity provider, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(url))) {
    throw new ConfigError('OIDC_ISSUER', `must be an https:// URL (http:// only on localhost), got ${JSON.stringify(raw)}`);
  }
  if (url.search || url.hash) throw new ConfigError('OIDC_ISSUER', `must be an issuer URL without query or fragment, got ${JSON.stringify(raw)}`);
  return raw;
}

/** Reads the OpenID Connect settings: null when OIDC_ISSUER is unset; throws ConfigError naming the first bad variable. */
export function parseOidcConfig(env: Env): OidcConfig | null {
  const issuer = env.OIDC_ISSUER?.trim();
  const clientId = env.OIDC_CLIENT_ID?.trim();
  if (!issuer) {
    for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_NAME', 'OIDC_SCOPES']) {
      if (env[name]?.trim()) throw new ConfigError(name, 'needs OIDC_ISSUER as well');
    }
    return null;
  }
  const issuerUrl = readIssuer(issuer);
  if (!clientId) throw new ConfigError('OIDC_CLIENT_ID', 'must be set (the client id registered at the provider) when OIDC_ISSUER is set');
  if (clientId.length > 256 || /\s/.test(clientId)) throw new ConfigError('OIDC_CLIENT_ID', 'must be 1-256 characters without spaces');
  const secret = env.OIDC_CLIENT_SECRET;
  if (secret !== undefined && secret !== '' && (secret.length > 1024 || /\s/.test(secret))) {
    throw new ConfigError('OIDC_CLIENT_SECRET', 'must be at most 1024 characters without spaces');
  }
  const name = env.OIDC_NAME?.trim() || new URL(issuerUrl).hostname;
  if (name.length > 64) throw new ConfigError('OIDC_NAME', 'must be at most 64 characters');
  const scopes = env.OIDC_SCOPES?.trim() || 'openid email profile';
  if (!/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/.test(scopes) || !scopes.split(' ').includes('openid')) {
    throw new ConfigError('OIDC_SCOPES', `must be space-separated scopes including openid, got ${JSON.stringify(env.OIDC_SCOPES)}`);
  }
  return { issuer: issuerUrl, clientId, clientSecret: secret ? secret : null, name, scopes };
}
