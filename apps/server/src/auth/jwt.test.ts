import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTokenConfig } from '../config/token-config.js';
import { createTokenVerifier, signJwt, TokenError } from './jwt.js';

const SECRET = 'a-secret-that-is-long-enough-0123456789';
const hs256 = createTokenVerifier(parseTokenConfig({ AUTH_SECRET: SECRET }));
const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (err) {
    return err instanceof TokenError ? err.code : String(err);
  }
  return 'accepted';
};
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An HS256 token signed by hand (not by jose), to check the verifier against independent code. */
const handSigned = (header: object, payload: object, secret: string) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

describe('HS256 tokens (AUTH_SECRET)', () => {
  it('verifies what it signs and returns the payload', async () => {
    const token = await signJwt({ doc: 'a', role: 'read', exp: 2000 }, SECRET);
    expect(await hs256.verify(token, 1000)).toEqual({ doc: 'a', role: 'read', exp: 2000 });
    expect(await hs256.verify(handSigned({ alg: 'HS256' }, { doc: 'b', exp: 2000 }, SECRET), 1000)).toEqual({ doc: 'b', exp: 2000 });
  });

  it('checks signatures made by other JWT libraries (the jwt.io example token)', async () => {
    const example =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    const withSecret = (secret: string) => createTokenVerifier({ ...parseTokenConfig({}), secret });
    // The signature is right (so the refusal is about the missing exp), and wrong under another secret.
    expect(await codeOf(withSecret('your-256-bit-secret').verify(example))).toBe('bad-claims');
    expect(await codeOf(withSecret('another-secret').verify(example))).toBe('bad-signature');
  });

  it('refuses tampering, other algorithms, expiry, not-yet-valid, malformed and too long tokens', async () => {
    const token = await signJwt({ doc: 'a', role: 'read', exp: 2000 }, SECRET);
    const [head, , sig] = token.split('.');
    const forged = `${head}.${b64({ doc: '*', role: 'write', exp: 2000 })}.${sig}`;
    expect(await codeOf(hs256.verify(forged, 1000))).toBe('bad-signature');
    expect(await codeOf(hs256.verify(await signJwt({ exp: 2000 }, 'wrong-secret-wrong-secret-wrong-secret'), 1000))).toBe('bad-signature');
    expect(await codeOf(hs256.verify(token, 2000))).toBe('expired');
    expect(await codeOf(hs256.verify(await signJwt({ exp: 2000, nbf: 1500 }, SECRET), 1000))).toBe('not-yet-valid');
    expect(await codeOf(hs256.verify(await signJwt({ doc: 'a' }, SECRET), 1000))).toBe('bad-claims');
    expect(await codeOf(hs256.verify(await signJwt({ exp: '2000' }, SECRET), 1000))).toBe('bad-claims');
    const none = `${b64({ alg: 'none' })}.${token.split('.')[1]}.`;
    expect(await codeOf(hs256.verify(none, 1000))).toBe('unsupported-alg');
    expect(await codeOf(hs256.verify(handSigned({ alg: 'HS512' }, { exp: 2000 }, SECRET), 1000))).toBe('unsupported-alg');
    expect(await codeOf(hs256.verify(handSigned({ alg: 'RS256' }, { exp: 2000 }, SECRET), 1000))).toBe('unsupported-alg');
    for (const bad of ['', 'x', 'a.b', 'a.b.c', 'a.b.c.d', '!!.!!.!!', `${token}x`.replace(/.$/, '*'), `${b64([1])}.${b64([2])}.${sig}`]) {
      expect(['malformed', 'bad-signature']).toContain(await codeOf(hs256.verify(bad, 1000)));
    }
    expect(await codeOf(hs256.verify('x'.repeat(5000), 1000))).toBe('malformed');
    expect((await codeOf(hs256.verify(`${token}${'a'.repeat(4096)}`, 1000)))).toBe('malformed');
  });

  it('refuses every token when no key is configured', async () => {
    const none = createTokenVerifier(parseTokenConfig({}));
    expect(none.enabled).toBe(false);
    expect(await codeOf(none.verify(await signJwt({ exp: 2000 }, SECRET), 1000))).toBe('unsupported-alg');
  });
});

describe('asymmetric tokens (AUTH_PUBLIC_KEY_FILE)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const keyFile = async (alg: 'RS256' | 'ES256' | 'EdDSA') => {
    const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
    const pem = await exportSPKI(publicKey);
    const file = join(dir, `${alg}.pem`);
    writeFileSync(file, pem);
    return { file, pem, privateKey };
  };

  for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
    it(`verifies ${alg} tokens with a PEM public key and refuses other algorithms`, async () => {
      const { file, pem, privateKey } = await keyFile(alg);
      const verifier = createTokenVerifier(parseTokenConfig({ AUTH_PUBLIC_KEY_FILE: file }));
      expect(verifier.enabled).toBe(true);
      const token = await new SignJWT({ doc: 'a', role: 'write' }).setProtectedHeader({ alg }).setExpirationTime(2000).sign(privateKey);
      expect(await verifier.verify(token, 1000)).toMatchObject({ doc: 'a', role: 'write', exp: 2000 });
      expect(await codeOf(verifier.verify(token, 2001))).toBe('expired');
      // the classic key confusion: an HS256 token "signed" with the public key's text as the secret
      expect(await codeOf(verifier.verify(handSigned({ alg: 'HS256' }, { doc: 'a', exp: 2000 }, pem), 1000))).toBe('unsupported-alg');
      const other = await keyFile(alg === 'ES256' ? 'RS256' : 'ES256');
      const otherAlg = alg === 'ES256' ? 'RS256' : 'ES256';
      const wrongAlg = await new SignJWT({ exp: 2000 }).setProtectedHeader({ alg: otherAlg }).sign(other.privateKey);
      expect(await codeOf(verifier.verify(wrongAlg, 1000))).toBe('unsupported-alg');
      const [head, body] = token.split('.');
      const foreign = (await new SignJWT({ exp: 2000 }).setProtectedHeader({ alg }).sign((await generateKeyPair(alg)).privateKey)).split('.')[2];
      expect(await codeOf(verifier.verify(`${head}.${body}.${foreign}`, 1000))).toBe('bad-signature');
    });
  }

  it('accepts HS256 and asymmetric tokens side by side, each with its own key', async () => {
    const { file, privateKey } = await keyFile('ES256');
    const both = createTokenVerifier(parseTokenConfig({ AUTH_SECRET: SECRET, AUTH_PUBLIC_KEY_FILE: file }));
    expect(await both.verify(await signJwt({ exp: 2000, doc: 'h' }, SECRET), 1000)).toMatchObject({ doc: 'h' });
    const es = await new SignJWT({ doc: 'e' }).setProtectedHeader({ alg: 'ES256' }).setExpirationTime(2000).sign(privateKey);
    expect(await both.verify(es, 1000)).toMatchObject({ doc: 'e' });
  });

  it('checks iss and aud when AUTH_ISSUER and AUTH_AUDIENCE are set', async () => {
    const { file, privateKey } = await keyFile('EdDSA');
    const verifier = createTokenVerifier(parseTokenConfig({ AUTH_PUBLIC_KEY_FILE: file, AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'tandem' }));
    const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA' }).setExpirationTime(2000).sign(privateKey);
    expect(await verifier.verify(await sign({ iss: 'https://idp.example', aud: 'tandem' }), 1000)).toMatchObject({ aud: 'tandem' });
    expect(await codeOf(verifier.verify(await sign({ iss: 'https://evil.example', aud: 'tandem' }), 1000))).toBe('bad-claims');
    expect(await codeOf(verifier.verify(await sign({ iss: 'https://idp.example', aud: 'other-app' }), 1000))).toBe('bad-claims');
    expect(await codeOf(verifier.verify(await sign({ aud: 'tandem' }), 1000))).toBe('bad-claims');
  });
});
