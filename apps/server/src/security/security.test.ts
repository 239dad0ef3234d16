import { describe, expect, it } from 'vitest';
import { clientIp } from './client-ip.js';
import { ConnectionLimits } from './connection-limits.js';
import { onExpiry } from './expiry-timer.js';
import { isOriginAllowed } from './origin.js';
import { RateLimiter } from './rate-limiter.js';

describe('origin check', () => {
  it('allows no Origin, its own host, and listed origins exactly', () => {
    const listed = ['https://app.example.com'];
    expect(isOriginAllowed(undefined, 'tandem:1234', listed)).toBe(true);
    expect(isOriginAllowed('http://tandem:1234', 'tandem:1234', listed)).toBe(true);
    expect(isOriginAllowed('https://app.example.com', 'tandem:1234', listed)).toBe(true);
    expect(isOriginAllowed('http://app.example.com', 'tandem:1234', listed)).toBe(false);
    expect(isOriginAllowed('https://app.example.com.evil.com', 'tandem:1234', listed)).toBe(false);
    expect(isOriginAllowed('http://tandem:9999', 'tandem:1234', listed)).toBe(false);
    expect(isOriginAllowed('null', 'tandem:1234', listed)).toBe(false);
    expect(isOriginAllowed('https://anything.test', 'tandem:1234', '*')).toBe(true);
  });
});

describe('client ip', () => {
  it('believes X-Forwarded-For only from trusted proxies, read from the right', () => {
    expect(clientIp('::ffff:10.0.0.5', '1.1.1.1', [])).toBe('10.0.0.5');
    expect(clientIp('10.0.0.5', '1.1.1.1', ['10.0.0.9'])).toBe('10.0.0.5');
    expect(clientIp('10.0.0.9', '6.6.6.6, 1.1.1.1', ['10.0.0.9'])).toBe('1.1.1.1');
    expect(clientIp('10.0.0.9', '1.1.1.1, 10.0.0.8', ['10.0.0.9', '10.0.0.8'])).toBe('1.1.1.1');
    expect(clientIp('10.0.0.9', undefined, ['10.0.0.9'])).toBe('10.0.0.9');
  });
});

describe('connection limits', () => {
  it('caps connections in total and per IP, and frees a slot on release', () => {
    const limits = new ConnectionLimits(3, 2);
    expect([limits.acquire('a'), limits.acquire('a'), limits.acquire('a')]).toEqual([null, null, 'per-ip']);
    expect([limits.acquire('b'), limits.acquire('c')]).toEqual([null, 'total']);
    limits.release('a');
    expect(limits.check('c')).toBeNull();
    limits.release('zzz'); // unknown: no effect
    expect(limits.size).toBe(2);
  });
});

describe('rate limiter', () => {
  it('counts messages and bytes per one-second window', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 100, () => now);
    const a = { windowStart: 0, messages: 0, bytes: 0 };
    const b = { windowStart: 0, messages: 0, bytes: 0 };
    expect([limiter.allow(a, 10), limiter.allow(a, 10), limiter.allow(a, 10), limiter.allow(a, 10)]).toEqual([true, true, true, false]);
    expect(limiter.allow(b, 10)).toBe(true); // each connection counts in its own window
    now = 1000;
    expect(limiter.allow(a, 100)).toBe(true);
    expect(limiter.allow(a, 1)).toBe(false);
  });
});

describe('expiry timer', () => {
  it('fires at once for a past expiry, later for a future one, never once cancelled', async () => {
    let fired = 0;
    onExpiry(Date.now() - 1, () => fired++);
    expect(fired).toBe(1);
    onExpiry(Date.now() + 30, () => fired++);
    const cancel = onExpiry(Date.now() + 30, () => fired++);
    cancel();
    await new Promise((r) => setTimeout(r, 80));
    expect(fired).toBe(2);
  });
});
