import { describe, expect, it } from 'vitest';
import { deltaOf, diffText, moveIndex } from './text-diff.js';

describe('text edit arithmetic', () => {
  it('finds the one replacement between two strings', () => {
    expect(diffText('Plan', 'Plan')).toBeNull();
    expect(diffText('Plan', 'Q3 Plan')).toEqual({ index: 0, remove: 0, insert: 'Q3 ' });
    expect(diffText('Meeting notes', 'Meeting minutes')).toEqual({ index: 8, remove: 2, insert: 'minu' });
    expect(diffText('abc', '')).toEqual({ index: 0, remove: 3, insert: '' });
  });

  it('uses the caret to place an insert among repeated characters', () => {
    expect(diffText('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
    expect(diffText('aa', 'aaa', 2)).toEqual({ index: 1, remove: 0, insert: 'a' });
    expect(diffText('aa', 'aaa', 3)).toEqual({ index: 2, remove: 0, insert: 'a' });
  });

  it('never splits a surrogate pair', () => {
    const edit = diffText('x😀', 'x😁')!;
    expect(edit).toEqual({ index: 1, remove: 2, insert: '😁' });
  });

  it('moves indices through deltas: inserts before, deletes around, ties by side', () => {
    expect(moveIndex(4, [{ insert: 'Q3 ' }])).toBe(7);
    expect(moveIndex(4, [{ retain: 4 }, { insert: '!' }])).toBe(4);
    expect(moveIndex(4, [{ retain: 4 }, { insert: '!' }], true)).toBe(5);
    expect(moveIndex(4, [{ retain: 5 }, { insert: '!' }])).toBe(4);
    expect(moveIndex(4, [{ retain: 1 }, { delete: 2 }])).toBe(2);
    expect(moveIndex(4, [{ retain: 2 }, { delete: 5 }])).toBe(2);
    expect(moveIndex(4, [{ retain: 4 }, { delete: 2 }])).toBe(4);
    expect(moveIndex(3, deltaOf({ index: 0, remove: 1, insert: 'ab' }))).toBe(4);
  });
});
