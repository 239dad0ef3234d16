// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { EditorView } from 'prosemirror-view';
import { typeText, viewFrom } from './test-view.js';

describe('inline Markdown rules', () => {
  let view: EditorView;
  const typed = (text: string) => {
    view = viewFrom();
    typeText(view, text);
    const p = view.state.doc.firstChild!;
    const runs: string[] = [];
    p.forEach((node) => runs.push(`${node.marks.map((m) => m.type.name + (m.attrs.href ? `=${m.attrs.href}` : '')).join('+') || 'plain'}:${node.text}`));
    return runs;
  };
  afterEach(() => view?.destroy());

  it.each([
    ['a **bold** b', ['plain:a ', 'strong:bold', 'plain: b']],
    ['a *it* b', ['plain:a ', 'em:it', 'plain: b']],
    ['a _it_ b', ['plain:a ', 'em:it', 'plain: b']],
    ['a `x = 1` b', ['plain:a ', 'code:x = 1', 'plain: b']],
    ['a ~~gone~~ b', ['plain:a ', 'strike:gone', 'plain: b']],
    ['see [the site](example.com/page) now', ['plain:see ', 'link=https://example.com/page:the site', 'plain: now']],
    ['go https://example.com/x, ok', ['plain:go ', 'link=https://example.com/x:https://example.com/x', 'plain:, ok']],
    ['go www.example.com now', ['plain:go ', 'link=https://www.example.com:www.example.com', 'plain: now']],
  ])('%j', (text, runs) => {
    expect(typed(text)).toEqual(runs);
  });

  it('leaves lone and spaced delimiters, words with underscores and javascript: links alone', () => {
    expect(typed('2 * 3 * 4')).toEqual(['plain:2 * 3 * 4']);
    expect(typed('snake_case_name')).toEqual(['plain:snake_case_name']);
    expect(typed('[x](javascript:alert(1))')).toEqual(['plain:[x](javascript:alert(1))']);
  });
});
