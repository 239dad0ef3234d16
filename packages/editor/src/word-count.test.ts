import { describe, expect, it } from 'vitest';
import { schema } from './schema.js';
import { Fragment, Slice } from 'prosemirror-model';
import { countWords, incrementalCounter } from './word-count.js';

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

describe('incrementalCounter', () => {
  it('gives the full count after edits, recounting only what changed', () => {
    const count = incrementalCounter();
    let doc = schema.node('doc', null, Array.from({ length: 300 }, (_, i) => schema.node('paragraph', null, schema.text(`Block ${i} has five words`))));
    expect(count(doc)).toEqual(countWords(doc));
    // edit one block, remove another, add one: same figures as a full count
    const edited = schema.node('paragraph', null, schema.text('Now it says four'));
    doc = doc.replace(doc.resolve(0).posAtIndex(10, 0), doc.resolve(0).posAtIndex(12, 0), new Slice(Fragment.from([edited, schema.node('paragraph', null, schema.text('two words'))]), 0, 0));
    expect(count(doc)).toEqual(countWords(doc));
    expect(count(schema.node('doc', null, [schema.node('paragraph')]))).toEqual({ words: 0, characters: 0 });
  });
});
