import { describe, expect, it } from 'vitest';
import { isValidDocId } from './doc-id.js';

describe('document ids', () => {
  it('accepts 1-128 characters of [A-Za-z0-9._-]', () => {
    for (const id of ['a', 'my-doc_1.v2', 'x'.repeat(128), 'a..b']) expect(isValidDocId(id)).toBe(true);
  });
  it('refuses anything else', () => {
    for (const id of ['', 'x'.repeat(129), '../x', '..', '.', 'a/b', '%2e%2e', 'a\0b', 'a b', 'ü']) {
      expect(isValidDocId(id)).toBe(false);
    }
  });
});
