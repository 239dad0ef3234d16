import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './env-readers.js';
import { parseTokenConfig } from './token-config.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-token-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
/** A fresh key pair as PEM: `publicKey` (SPKI) and `privateKey` (PKCS#8). */
const spki = (type: 'rsa' | 'ec' | 'ed25519', options: { modulusLength?: number; namedCurve?: string }): { publicKey: string; privateKey: string } =>
  generateKeyPairSync(type as 'rsa', {
    ...(options as { modulusLength: number }),
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const fails = (env: Record<string, string>) => {
  try {
    parseTokenConfig(env);
  } catch (err) {
    return err instanceof ConfigError ? err.message : String(err);
  }
  return null;
};

describe('token configuration', () => {
  it('defaults to no keys and a 24h cap on token lifetime', () => {
    expect(parseTokenConfig({})).toEqual({ secret: null, jwksUrl: null, publicKey: null, issuer: null, audience: null, maxTtlSeconds: 86_400 });
    expect(parseTokenConfig({ MAX_TOKEN_TTL: '15m' }).maxTtlSeconds).toBe(900);
    expect(parseTokenConfig({ AUTH_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json' }).jwksUrl).toBe('https://idp.example.com/.well-known/jwks.json');
    expect(parseTokenConfig({ AUTH_JWKS_URL: 'http://127.0.0.1:8080/jwks' }).jwksUrl).toBe('http://127.0.0.1:8080/jwks');
  });

  it('reads the algorithm from the key in AUTH_PUBLIC_KEY_FILE (public key or certificate)', () => {
    const rsa = spki('rsa', { modulusLength: 2048 });
    const ec = spki('ec', { namedCurve: 'P-256' });
    const ed = spki('ed25519', {});
    expect(parseTokenConfig({ AUTH_PUBLIC_KEY_FILE: write('rsa.pem', rsa.publicKey) }).publicKey?.algorithms).toEqual(['RS256']);
    expect(parseTokenConfig({ AUTH_PUBLIC_KEY_FILE: write('ec.pem', ec.publicKey) }).publicKey?.algorithms).toEqual(['ES256']);
    expect(parseTokenConfig({ AUTH_PUBLIC_KEY_FILE: write('ed.pem', ed.publicKey) }).publicKey?.algorithms).toEqual(['EdDSA', 'Ed25519']);
  });

  it('stops start-up naming the variable and what is allowed', () => {
    expect(fails({ AUTH_SECRET: 'short' })).toMatch(/^AUTH_SECRET: must be at least 32 characters/);
    expect(fails({ AUTH_JWKS_URL: 'http://idp.example.com/jwks' })).toMatch(/^AUTH_JWKS_URL: must be an https:\/\/ URL/);
    expect(fails({ AUTH_JWKS_URL: 'not a url' })).toMatch(/^AUTH_JWKS_URL:/);
    expect(fails({ AUTH_PUBLIC_KEY_FILE: join(dir, 'missing.pem') })).toMatch(/^AUTH_PUBLIC_KEY_FILE: must be a readable PEM file/);
    expect(fails({ AUTH_PUBLIC_KEY_FILE: write('junk.pem', 'hello') })).toMatch(/^AUTH_PUBLIC_KEY_FILE: must be a PEM public key/);
    const priv = spki('ec', { namedCurve: 'P-256' }).privateKey;
    expect(fails({ AUTH_PUBLIC_KEY_FILE: write('private.pem', priv) })).toMatch(/not a private key/);
    expect(fails({ AUTH_PUBLIC_KEY_FILE: write('p384.pem', spki('ec', { namedCurve: 'P-384' }).publicKey) })).toMatch(/P-256/);
    expect(fails({ AUTH_PUBLIC_KEY_FILE: write('rsa1024.pem', spki('rsa', { modulusLength: 1024 }).publicKey) })).toMatch(/2048 bits/);
    const ed = write('ed2.pem', spki('ed25519', {}).publicKey);
    expect(fails({ AUTH_PUBLIC_KEY_FILE: ed, AUTH_JWKS_URL: 'https://idp.example.com/jwks' })).toMatch(/^AUTH_PUBLIC_KEY_FILE: cannot be set together with AUTH_JWKS_URL/);
    for (const ttl of ['forever', '10s', '400d', '-1h']) expect(fails({ MAX_TOKEN_TTL: ttl })).toMatch(/^MAX_TOKEN_TTL:/);
    expect(fails({ AUTH_ISSUER: 'has spaces in it' })).toMatch(/^AUTH_ISSUER:/);
  });
});
