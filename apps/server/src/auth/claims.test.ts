import { describe, expect, it } from 'vitest';
import { coversDoc, readDocClaims } from './claims.js';
import { TokenError } from './jwt.js';

describe('document claims', () => {
  it('covers an exact id, or any id under a prefix ending in *', () => {
    expect(coversDoc('notes', 'notes')).toBe(true);
    expect(coversDoc('notes', 'notes2')).toBe(false);
    expect(coversDoc('team-*', 'team-a')).toBe(true);
    expect(coversDoc('team-*', 'team-')).toBe(true);
    expect(coversDoc('team-*', 'other')).toBe(false);
    expect(coversDoc('*', 'anything')).toBe(true);
    expect(coversDoc('team*x', 'team-x')).toBe(false);
  });

  it('requires doc, role and exp, and types sub and name', () => {
    expect(readDocClaims({ doc: 'a', role: 'write', exp: 1, sub: 'u', name: 'Ada' })).toEqual({ doc: 'a', role: 'write', exp: 1, sub: 'u', name: 'Ada' });
    expect(readDocClaims({ doc: 'a', role: 'read', exp: 1 })).toMatchObject({ sub: null, name: null });
    for (const bad of [{ role: 'read', exp: 1 }, { doc: 'a', role: 'admin', exp: 1 }, { doc: 'a', role: 'read' }, { doc: 'a', role: 'read', exp: 1, name: 5 }, { doc: '', role: 'read', exp: 1 }]) {
      expect(() => readDocClaims(bad)).toThrow(TokenError);
    }
  });
});
