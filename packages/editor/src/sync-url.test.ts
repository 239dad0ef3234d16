import { describe, expect, it } from 'vitest';
import { syncUrl } from './sync-url.js';
import { colorFor, initials, normalizeUser } from './user.js';

describe('syncUrl', () => {
  it('derives the socket URL from the address a user copies', () => {
    expect(syncUrl('http://localhost:1234')).toBe('ws://localhost:1234/sync');
    expect(syncUrl('https://docs.example.com/')).toBe('wss://docs.example.com/sync');
    expect(syncUrl('https://example.com/tandem')).toBe('wss://example.com/tandem/sync');
    expect(syncUrl('wss://example.com/sync')).toBe('wss://example.com/sync');
  });
  it('refuses what is not an http(s) or ws(s) URL', () => {
    expect(() => syncUrl('docs.example.com')).toThrow(RangeError);
    expect(() => syncUrl('ftp://example.com')).toThrow(/http\(s\) or ws\(s\)/);
  });
});

describe('users', () => {
  it('gives a stable colour per seed and fills in missing parts', () => {
    expect(colorFor('ada')).toBe(colorFor('ada'));
    const seen = new Set(Array.from({ length: 50 }, (_, i) => colorFor(`user-${i}`)));
    expect(seen.size).toBeGreaterThan(5);
    expect(normalizeUser({ name: '  Ada  ' })).toEqual({ name: 'Ada', color: colorFor('Ada') });
    expect(normalizeUser(undefined).name).toBe('Anonymous');
    expect(normalizeUser({ name: 'x', color: 'red;background:url(x)' }).color).toBe(colorFor('x'));
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('bob')).toBe('BO');
  });
});
