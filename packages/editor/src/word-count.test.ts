import { describe, expect, it } from 'vitest';
import { schema } from './schema.js';
import { countWords } from './word-count.js';

describe('countWords', () => {
  it('counts words across blocks and characters without line breaks', () => {
    const doc = schema.node('doc', null, [
      schema.node('paragraph', null, schema.text("It's a well-known café, 42 times.")),
      schema.node('paragraph', null, schema.text('Zweite Zeile')),
    ]);
    expect(countWords(doc)).toEqual({ words: 8, characters: 45 });
    expect(countWords(schema.node('doc', null, [schema.node('paragraph')]))).toEqual({ words: 0, characters: 0 });
  });
});
