import { describe, expect, it } from 'vitest';
import { looksLikeMarkdown } from './markdown-detect.js';

describe('looksLikeMarkdown', () => {
  it('recognises Markdown blocks', () => {
    expect(looksLikeMarkdown('# Plan\n\nSome text')).toBe(true);
    expect(looksLikeMarkdown('Intro\n\n```js\nconst a = 1;\n```')).toBe(true);
    expect(looksLikeMarkdown('- one\n- two')).toBe(true);
    expect(looksLikeMarkdown('1. first\n2. second')).toBe(true);
    expect(looksLikeMarkdown('- [ ] buy milk')).toBe(true);
    expect(looksLikeMarkdown('> quoted words')).toBe(true);
    expect(looksLikeMarkdown('| a | b |\n| --- | --- |\n| 1 | 2 |')).toBe(true);
  });

  it('recognises inline Markdown', () => {
    expect(looksLikeMarkdown('A **bold** claim')).toBe(true);
    expect(looksLikeMarkdown('an *emphasised* word.')).toBe(true);
    expect(looksLikeMarkdown('run `pnpm build` first')).toBe(true);
    expect(looksLikeMarkdown('see [the docs](https://example.com)')).toBe(true);
    expect(looksLikeMarkdown('~~old~~ new')).toBe(true);
    expect(looksLikeMarkdown('a __strong__ one')).toBe(true);
  });

  it('leaves plain prose alone', () => {
    for (const prose of [
      'Dear Ada, thanks for the notes. See you on Monday.',
      'Prices: 2 * 3 = 6 and 4*5 = 20.',
      'snake_case_names and file_name.txt stay as they are',
      '- a single dash line',
      '#hashtag and C# are not headings',
      'Q3 revenue rose 12%. (Details in the appendix.)',
      'https://example.com/page',
      'The year 2026. It was a good one.',
    ]) {
      expect(looksLikeMarkdown(prose), prose).toBe(false);
    }
  });
});
