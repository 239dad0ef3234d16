import { describe, expect, it } from 'vitest';
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP, SignInThrottle, WINDOW_MS } from './throttle.js';
import { passwordProblem, verifyPassword, hashPassword } from './passwords.js';

describe('SignInThrottle', () => {
  it('refuses an account after its failures until the window ends; a success starts again', () => {
    let now = 1_000_000;
    const t = new SignInThrottle(() => now);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      expect(t.retryAfter('a@x.org', `10.0.0.${i}`)).toBe(0);
      t.failed('a@x.org', `10.0.0.${i}`);
    }
    expect(t.retryAfter('a@x.org', '10.9.9.9')).toBe(WINDOW_MS);
    expect(t.retryAfter('b@x.org', '10.9.9.9')).toBe(0);
    now += WINDOW_MS - 1;
    expect(t.retryAfter('a@x.org', '10.9.9.9')).toBe(1);
    now += 1;
    expect(t.retryAfter('a@x.org', '10.9.9.9')).toBe(0);
    t.failed('c@x.org', '1.1.1.1');
    t.succeeded('c@x.org');
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) t.failed('c@x.org', '1.1.1.1');
    expect(t.retryAfter('c@x.org', '1.1.1.1')).toBe(0);
  });

  it('refuses an IP that sprays many accounts', () => {
    const t = new SignInThrottle(() => 0);
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) t.failed(`user${i}@x.org`, '6.6.6.6');
    expect(t.retryAfter('fresh@x.org', '6.6.6.6')).toBeGreaterThan(0);
    expect(t.retryAfter('fresh@x.org', '7.7.7.7')).toBe(0);
  });
});

describe('passwords', () => {
  it('hash with argon2id and verify; no hash matches nothing', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'correct horse')).toBe(true);
    expect(await verifyPassword(hash, 'wrong horse')).toBe(false);
    expect(await verifyPassword(null, 'correct horse')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
    expect(passwordProblem('short')).toMatch(/at least 8/);
    expect(passwordProblem('long enough')).toBeNull();
  });
});
