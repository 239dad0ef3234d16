import { describe, expect, it } from 'vitest';
import { isValidDocId, newDocId, parseDocInput } from './doc-id.js';

describe('document ids in the web app', () => {
  it('makes unguessable ids the server accepts', () => {
    const ids = new Set(Array.from({ length: 200 }, newDocId));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(isValidDocId(id)).toBe(true);
    }
  });

  it('reads an id from a bare id or any link to a document', () => {
    expect(parseDocInput('  team-notes ')).toBe('team-notes');
    expect(parseDocInput('https://docs.example.com/d/abc_123')).toBe('abc_123');
    expect(parseDocInput('http://localhost:1234/d/a.b-c?x=1#top')).toBe('a.b-c');
    expect(parseDocInput('/d/x%2Dy')).toBe('x-y');
  });

  it('refuses what the server would refuse', () => {
    for (const bad of ['', '..', 'a b', 'x'.repeat(129), '/d/%E0%A4%A', 'https://x/d/..', 'ü']) {
      expect(parseDocInput(bad), bad).toBeNull();
    }
  });
});
