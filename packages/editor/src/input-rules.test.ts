// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { EditorView } from 'prosemirror-view';
import { typeText, viewFrom } from './test-view.js';

describe('Markdown-style input rules', () => {
  let view: EditorView;
  const typed = (text: string) => {
    view = viewFrom();
    typeText(view, text);
    return view.state.doc;
  };
  afterEach(() => view?.destroy());

  it.each([
    ['# ', 1],
    ['## ', 2],
    ['### ', 3],
  ])('%j starts a heading of level %i', (text, level) => {
    const doc = typed(`${text}Title`);
    expect(doc.firstChild!.type.name).toBe('heading');
    expect(doc.firstChild!.attrs.level).toBe(level);
    expect(doc.textContent).toBe('Title');
  });

  it('leaves four hashes alone', () => {
    const doc = typed('#### x');
    expect(doc.firstChild!.type.name).toBe('paragraph');
    expect(doc.textContent).toBe('#### x');
  });

  it.each(['- ', '* ', '+ '])('%j starts a bulleted list', (text) => {
    const doc = typed(`${text}item`);
    expect(doc.firstChild!.type.name).toBe('bullet_list');
    expect(doc.firstChild!.firstChild!.type.name).toBe('list_item');
    expect(doc.textContent).toBe('item');
  });

  it('"1. " starts a numbered list, "4. " one that starts at 4', () => {
    expect(typed('1. one').firstChild!.type.name).toBe('ordered_list');
    const doc = typed('4. four');
    expect(doc.firstChild!.type.name).toBe('ordered_list');
    expect(doc.firstChild!.attrs.order).toBe(4);
  });

  it('"> " starts a quote', () => {
    const doc = typed('> wise words');
    expect(doc.firstChild!.type.name).toBe('blockquote');
    expect(doc.textContent).toBe('wise words');
  });

  it('three backticks start a code block', () => {
    const doc = typed('```let x');
    expect(doc.firstChild!.type.name).toBe('code_block');
    expect(doc.textContent).toBe('let x');
  });

  it('"[ ] " starts a task list and "[x] " a checked one', () => {
    let doc = typed('[ ] todo');
    expect(doc.firstChild!.type.name).toBe('task_list');
    expect(doc.firstChild!.firstChild!.attrs.checked).toBe(false);
    expect(doc.textContent).toBe('todo');
    view.destroy();
    doc = typed('[x] done');
    expect(doc.firstChild!.firstChild!.type.name).toBe('task_item');
    expect(doc.firstChild!.firstChild!.attrs.checked).toBe(true);
  });

  it('"---" becomes a horizontal rule followed by a paragraph', () => {
    const doc = typed('---');
    expect(doc.child(0).type.name).toBe('horizontal_rule');
    expect(doc.child(1).type.name).toBe('paragraph');
  });

  it('does not fire in the middle of text', () => {
    const doc = typed('a # b - c > d');
    expect(doc.childCount).toBe(1);
    expect(doc.firstChild!.type.name).toBe('paragraph');
    expect(doc.textContent).toBe('a # b - c > d');
  });
});
