import { describe, expect, it } from 'vitest';
import { coversDoc, readDocClaims, TOKEN_ROLES } from './claims.js';
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
    expect(readDocClaims({ doc: 'a', role: 'comment', exp: 1 }).role).toBe('comment');
    for (const bad of [{ role: 'read', exp: 1 }, { doc: 'a', role: 'admin', exp: 1 }, { doc: 'a', role: 'toString', exp: 1 }, { doc: 'a', role: 'read', exp: Infinity }, { doc: 'a', role: 'read' }, { doc: 'a', role: 'read', exp: 1, name: 5 }, { doc: '', role: 'read', exp: 1 }]) {
      expect(() => readDocClaims(bad)).toThrow(TokenError);
    }
  });

  it('caps how far ahead exp may lie (MAX_TOKEN_TTL)', () => {
    const rules = { nowSeconds: 1000, maxTtlSeconds: 86_400 };
    expect(readDocClaims({ doc: 'a', role: 'read', exp: 1000 + 86_400 }, rules).exp).toBe(87_400);
    let refusal: unknown;
    try {
      readDocClaims({ doc: 'a', role: 'read', exp: 1000 + 86_401 }, rules);
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(TokenError);
    expect((refusal as TokenError).code).toBe('too-long-lived');
    expect((refusal as TokenError).message).toBe('invalid token: too-long-lived: exp lies more than MAX_TOKEN_TTL (1d) ahead');
    expect(() => readDocClaims({ doc: 'a', role: 'read', exp: 1000 + 3601 }, { nowSeconds: 1000, maxTtlSeconds: 3600 })).toThrow('MAX_TOKEN_TTL (1h)');
  });

  it('maps token roles to document roles', () => {
    expect(TOKEN_ROLES).toEqual({ read: 'viewer', comment: 'commenter', write: 'editor' });
  });
});
