import { describe, expect, it } from 'vitest';
import { signJwt, TokenError, verifyJwt } from './jwt.js';

const SECRET = 'a-secret-that-is-long-enough-0123456789';
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof TokenError ? err.code : String(err);
  }
  return 'accepted';
};

describe('HS256 JWT', () => {
  it('verifies what it signs and returns the payload', () => {
    const token = signJwt({ doc: 'a', role: 'read', exp: 2000 }, SECRET);
    expect(verifyJwt(token, SECRET, 1000)).toEqual({ doc: 'a', role: 'read', exp: 2000 });
  });

  it('checks signatures made by other JWT libraries (the jwt.io example token)', () => {
    const example =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    // The signature is right (so the refusal is about the missing exp), and wrong under another secret.
    expect(codeOf(() => verifyJwt(example, 'your-256-bit-secret'))).toBe('bad-claims');
    expect(codeOf(() => verifyJwt(example, 'another-secret'))).toBe('bad-signature');
  });

  it('refuses tampering, other algorithms, expiry, not-yet-valid and malformed tokens', () => {
    const token = signJwt({ doc: 'a', role: 'read', exp: 2000 }, SECRET);
    const [head, , sig] = token.split('.');
    const forged = `${head}.${Buffer.from(JSON.stringify({ doc: '*', role: 'write', exp: 2000 })).toString('base64url')}.${sig}`;
    expect(codeOf(() => verifyJwt(forged, SECRET, 1000))).toBe('bad-signature');
    expect(codeOf(() => verifyJwt(token, 'wrong-secret-wrong-secret-wrong-secret', 1000))).toBe('bad-signature');
    expect(codeOf(() => verifyJwt(token, SECRET, 2000))).toBe('expired');
    expect(codeOf(() => verifyJwt(signJwt({ exp: 2000, nbf: 1500 }, SECRET), SECRET, 1000))).toBe('not-yet-valid');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${token.split('.')[1]}.`;
    expect(codeOf(() => verifyJwt(none, SECRET, 1000))).toBe('unsupported-alg');
    const hs512 = `${Buffer.from('{"alg":"HS512"}').toString('base64url')}.${token.split('.')[1]}.${sig}`;
    expect(codeOf(() => verifyJwt(hs512, SECRET, 1000))).toBe('unsupported-alg');
    for (const bad of ['', 'x', 'a.b', 'a.b.c.d', '!!.!!.!!', `${token}x`.replace(/.$/, '*'), 'x'.repeat(5000)]) {
      expect(['malformed', 'bad-signature']).toContain(codeOf(() => verifyJwt(bad, SECRET, 1000)));
    }
  });
});
