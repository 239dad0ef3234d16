// @vitest-environment happy-dom
import type { Slice } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { afterEach, describe, expect, it } from 'vitest';
import { pasteRules } from './paste-rules.js';
import { schema } from './schema.js';
import { tablePlugins } from './tables.js';
import { docFrom } from './test-view.js';

describe('Markdown paste', () => {
  let view: EditorView;
  const mount = (html: string) => {
    const doc = docFrom(html);
    view = new EditorView(document.createElement('div'), {
      state: EditorState.create({ doc, selection: TextSelection.create(doc, 1), plugins: [...tablePlugins(schema), pasteRules(schema)] }),
    });
  };
  const parse = (text: string, plain = false) =>
    view.someProp('clipboardTextParser', (f) => f(text, view.state.selection.$from, plain, view)) as Slice | undefined;
  afterEach(() => view?.destroy());

  it('parses Markdown into the blocks and marks of the schema', () => {
    mount('<p></p>');
    const slice = parse('# Title\n\n- a\n- b\n\nSome **bold** [x](example.com)')!;
    expect(slice.content.toJSON().map((n: { type: string }) => n.type)).toEqual(['heading', 'bullet_list', 'paragraph']);
    expect([slice.openStart, slice.openEnd]).toEqual([0, 1]);
    const last = slice.content.lastChild!;
    expect(last.child(1).marks.map((m) => m.type.name)).toEqual(['strong']);
    expect(last.lastChild!.marks[0]!.attrs.href).toBe('https://example.com');
  });

  it('keeps the spaces around inline Markdown pasted into a sentence', () => {
    mount('<p>ab</p>');
    const slice = parse(' a **b** ')!;
    expect(slice.content.firstChild!.textContent).toBe(' a b ');
    expect([slice.openStart, slice.openEnd]).toEqual([1, 1]);
  });

  it('leaves prose, a plain-text paste and code blocks to ProseMirror, and GFM tables to the table plugin', () => {
    mount('<p></p>');
    expect(parse('Just 2 * 3 words.')).toBeUndefined();
    expect(parse('# Title', true)).toBeUndefined();
    expect(parse('| a | b |\n| - | - |\n| 1 | 2 |')!.content.firstChild!.type.name).toBe('table');
    mount('<pre><code>x</code></pre>');
    expect(parse('# Title')).toBeUndefined();
  });
});
