import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError, type Env, readDuration } from './env-readers.js';

/** The asymmetric algorithms Tandem accepts for external tokens (besides HS256 with AUTH_SECRET). */
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'ES256', 'EdDSA', 'Ed25519'] as const;
export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];

/** A public key read from AUTH_PUBLIC_KEY_FILE and the algorithms it may verify. */
export interface TokenPublicKey {
  key: KeyObject;
  algorithms: readonly AsymmetricAlgorithm[];
}

/** How external document tokens are verified (see SECURITY.md, "Document tokens"). */
export interface TokenConfig {
  /** HS256 secret (`AUTH_SECRET`, 32+ characters); null: HS256 tokens are refused. */
  secret: string | null;
  /** JSON Web Key Set of the token issuer (`AUTH_JWKS_URL`): RS256, ES256 and EdDSA tokens. */
  jwksUrl: string | null;
  /** A PEM public key or certificate (`AUTH_PUBLIC_KEY_FILE`), instead of a JWKS. */
  publicKey: TokenPublicKey | null;
  /** Required `iss` claim (`AUTH_ISSUER`); null: not checked. */
  issuer: string | null;
  /** Required `aud` claim (`AUTH_AUDIENCE`); null: not checked. */
  audience: string | null;
  /** How far in the future `exp` may lie, seconds (`MAX_TOKEN_TTL`, default 24h). */
  maxTtlSeconds: number;
}

/** True when some way of verifying tokens is configured (otherwise no token is accepted). */
export function tokensEnabled(config: TokenConfig): boolean {
  return config.secret !== null || config.jwksUrl !== null || config.publicKey !== null;
}

/** A secret of at least `minLength` characters without white space, or null when unset. */
export function readSecret(env: Env, name: string, minLength: number): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  if (raw.length < minLength || /\s/.test(raw)) {
    throw new ConfigError(name, `must be at least ${minLength} characters without spaces`);
  }
  return raw;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function readJwksUrl(env: Env): string | null {
  const raw = env.AUTH_JWKS_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('AUTH_JWKS_URL', `must be an https:// URL of a JSON Web Key Set, got ${JSON.stringify(raw)}`);
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError('AUTH_JWKS_URL', `must be an https:// URL (http:// only on localhost), got ${JSON.stringify(raw)}`);
  }
  return url.href;
}

/** Reads a PEM public key or X.509 certificate and works out which algorithm it verifies. */
function readPublicKey(env: Env): TokenPublicKey | null {
  const file = env.AUTH_PUBLIC_KEY_FILE?.trim();
  if (!file) return null;
  const fail = (why: string) => new ConfigError('AUTH_PUBLIC_KEY_FILE', `${why} (${JSON.stringify(file)})`);
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch {
    throw fail('must be a readable PEM file');
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) throw fail('must hold a public key, not a private key');
  let key: KeyObject;
  try {
    key = pem.includes('-----BEGIN CERTIFICATE-----') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
  } catch {
    throw fail('must be a PEM public key ("BEGIN PUBLIC KEY") or certificate');
  }
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
      if ((details.modulusLength ?? 0) < 2048) throw fail('must be an RSA key of at least 2048 bits');
      return { key, algorithms: ['RS256'] };
    case 'ec':
      if (details.namedCurve !== 'prime256v1') throw fail('must be an EC key on P-256 (ES256)');
      return { key, algorithms: ['ES256'] };
    case 'ed25519':
      return { key, algorithms: ['EdDSA', 'Ed25519'] };
    default:
      throw fail(`must be an RSA (RS256), P-256 (ES256) or Ed25519 (EdDSA) key, got ${key.asymmetricKeyType ?? 'an unknown type'}`);
  }
}

function readClaimValue(env: Env, name: string): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  if (raw.length > 512 || /\s/.test(raw)) throw new ConfigError(name, 'must be 1-512 characters without spaces');
  return raw;
}

const MIN_TTL_MS = 60_000;
const MAX_TTL_MS = 366 * 86_400_000;

/** Reads the token settings; throws ConfigError naming the first bad variable. */
export function parseTokenConfig(env: Env): TokenConfig {
  const config: TokenConfig = {
    secret: readSecret(env, 'AUTH_SECRET', 32),
    jwksUrl: readJwksUrl(env),
    publicKey: readPublicKey(env),
    issuer: readClaimValue(env, 'AUTH_ISSUER'),
    audience: readClaimValue(env, 'AUTH_AUDIENCE'),
    maxTtlSeconds: 0,
  };
  if (config.jwksUrl && config.publicKey) {
    throw new ConfigError('AUTH_PUBLIC_KEY_FILE', 'cannot be set together with AUTH_JWKS_URL: choose one source of public keys');
  }
  const ttlMs = readDuration(env, 'MAX_TOKEN_TTL', '24h');
  if (ttlMs < MIN_TTL_MS || ttlMs > MAX_TTL_MS) {
    throw new ConfigError('MAX_TOKEN_TTL', `must be a duration from 1m to 366d, got ${JSON.stringify(env.MAX_TOKEN_TTL)}`);
  }
  config.maxTtlSeconds = Math.floor(ttlMs / 1000);
  return config;
}
