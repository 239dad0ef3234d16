// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { linkRangeAt } from './link-bubble.js';
import { schema } from './schema.js';
import { docFrom } from './test-view.js';

describe('linkRangeAt', () => {
  it('finds the whole run of a link around a position, across other marks', () => {
    const doc = docFrom('<p>go <a href="https://a.example">to <b>the</b> site</a> now</p>');
    const link = schema.marks.link!;
    for (const pos of [4, 8, 15]) expect(linkRangeAt(doc.resolve(pos), link), `at ${pos}`).toMatchObject({ from: 4, to: 15, href: 'https://a.example' });
    expect(linkRangeAt(doc.resolve(2), link)).toBeNull();
    expect(linkRangeAt(doc.resolve(5), link, 10)).toMatchObject({ from: 4, to: 15 });
    expect(linkRangeAt(doc.resolve(5), link, 17)).toBeNull(); // the selection leaves the link
  });
});
