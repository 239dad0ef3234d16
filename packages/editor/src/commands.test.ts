// @vitest-environment happy-dom
import { toggleMark } from 'prosemirror-commands';
import { DOMSerializer } from 'prosemirror-model';
import type { Command, EditorState } from 'prosemirror-state';
import { TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import {
  activeLink,
  insertHorizontalRule,
  isBlockActive,
  isMarkActive,
  setLink,
  setTaskChecked,
  toggleBlockquote,
  toggleCodeBlock,
  toggleHeading,
  toggleList,
} from './commands.js';
import { buildKeys } from './keymap.js';
import { schema } from './schema.js';
import { stateFrom } from './test-view.js';

const n = schema.nodes;
const m = schema.marks;

/** Runs `command`, failing the test when it does not apply. */
function run(state: EditorState, command: Command): EditorState {
  let next = state;
  const applied = command(state, (tr) => (next = state.apply(tr)));
  expect(applied, 'command applies').toBe(true);
  return next;
}

const html = (state: EditorState) => {
  const div = document.createElement('div');
  div.append(DOMSerializer.fromSchema(schema).serializeFragment(state.doc.content));
  return div.innerHTML;
};

const selectText = (state: EditorState, text: string) => {
  let from = -1;
  state.doc.descendants((node, pos) => {
    const i = node.isText ? node.text!.indexOf(text) : -1;
    if (i >= 0 && from < 0) from = pos + i;
  });
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, from, from + text.length)));
};

describe('commands', () => {
  it('toggles marks and reports them active', () => {
    let state = selectText(stateFrom('<p>make this bold</p>'), 'this');
    expect(isMarkActive(state, m.strong!)).toBe(false);
    state = run(state, toggleMark(m.strong!));
    expect(isMarkActive(state, m.strong!)).toBe(true);
    expect(html(state)).toBe('<p>make <strong>this</strong> bold</p>');
    state = run(state, toggleMark(m.strong!));
    expect(html(state)).toBe('<p>make this bold</p>');
  });

  it('toggles headings on and off', () => {
    let state = run(stateFrom('<p>text</p>'), toggleHeading(schema, 2));
    expect(isBlockActive(state, n.heading!, { level: 2 })).toBe(true);
    expect(isBlockActive(state, n.heading!, { level: 1 })).toBe(false);
    state = run(state, toggleHeading(schema, 2));
    expect(html(state)).toBe('<p>text</p>');
  });

  it('wraps in a list, converts between list kinds, and lifts out again', () => {
    let state = run(stateFrom('<p>item</p>'), toggleList(schema, n.bullet_list!));
    expect(html(state)).toBe('<ul><li><p>item</p></li></ul>');
    state = run(state, toggleList(schema, n.ordered_list!));
    expect(html(state)).toBe('<ol><li><p>item</p></li></ol>');
    state = run(state, toggleList(schema, n.task_list!));
    expect(html(state)).toBe('<ul data-task-list=""><li data-task-item="" data-checked="false"><p>item</p></li></ul>');
    state = run(state, toggleList(schema, n.bullet_list!));
    expect(html(state)).toBe('<ul><li><p>item</p></li></ul>');
    state = run(state, toggleList(schema, n.bullet_list!));
    expect(html(state)).toBe('<p>item</p>');
  });

  it('Tab nests a list item and Shift-Tab lifts it back', () => {
    const keys = buildKeys(schema);
    let state = stateFrom('<ul><li><p>one</p></li><li><p>two</p></li></ul>', 'two');
    state = run(state, keys.Tab!);
    expect(html(state)).toBe('<ul><li><p>one</p><ul><li><p>two</p></li></ul></li></ul>');
    state = run(state, keys['Shift-Tab']!);
    expect(html(state)).toBe('<ul><li><p>one</p></li><li><p>two</p></li></ul>');
    // outside a list Tab is left to the browser, so focus can move on; inside one it is kept
    expect(keys.Tab!(stateFrom('<p>x</p>'), undefined)).toBe(false);
    expect(keys.Tab!(stateFrom('<ul><li><p>first</p></li></ul>', 'first'), undefined)).toBe(true);
  });

  it('Tab nests task items too, and Enter starts an unchecked one', () => {
    const keys = buildKeys(schema);
    let state = stateFrom('<ul data-task-list><li data-task-item data-checked="true"><p>a</p></li><li data-task-item><p>b</p></li></ul>', 'b');
    state = run(state, keys.Tab!);
    expect(html(state)).toContain('<li data-task-item="" data-checked="true"><p>a</p><ul data-task-list="">');
    state = run(stateFrom('<ul data-task-list><li data-task-item data-checked="true"><p>a</p></li></ul>', 'a'), keys.Enter!);
    expect(html(state)).toBe('<ul data-task-list=""><li data-task-item="" data-checked="true"><p>a</p></li><li data-task-item="" data-checked="false"><p></p></li></ul>');
  });

  it('toggles quotes and code blocks', () => {
    let state = run(stateFrom('<p>q</p>'), toggleBlockquote(schema));
    expect(html(state)).toBe('<blockquote><p>q</p></blockquote>');
    state = run(state, toggleBlockquote(schema));
    expect(html(state)).toBe('<p>q</p>');
    state = run(state, toggleCodeBlock(schema));
    expect(html(state)).toBe('<pre><code>q</code></pre>');
    state = run(state, toggleCodeBlock(schema));
    expect(html(state)).toBe('<p>q</p>');
  });

  it('sets, reads and removes links, and never stores a script link', () => {
    let state = selectText(stateFrom('<p>see docs here</p>'), 'docs');
    state = run(state, setLink(schema, 'https://example.com/docs'));
    expect(activeLink(state, schema)).toBe('https://example.com/docs');
    state = run(state, setLink(schema, 'javascript:alert(1)'));
    expect(activeLink(state, schema)).toBe('#');
    state = run(state, setLink(schema, ''));
    expect(activeLink(state, schema)).toBeNull();
    expect(html(state)).toBe('<p>see docs here</p>');
    // with nothing selected, the address is inserted as linked text
    state = run(stateFrom('<p>see</p>'), setLink(schema, 'https://a.example'));
    expect(html(state)).toContain('<a href="https://a.example"');
    expect(state.doc.textContent).toBe('seehttps://a.example');
  });

  it('inserts a rule and a hard break, and checks tasks', () => {
    let state = run(stateFrom('<p>a</p>'), insertHorizontalRule(schema));
    expect(state.doc.content.child(1).type).toBe(n.horizontal_rule);
    state = run(stateFrom('<p>ab</p>', 'a'), buildKeys(schema)['Shift-Enter']!);
    expect(html(state)).toBe('<p>a<br>b</p>');
    state = stateFrom('<ul data-task-list><li data-task-item><p>t</p></li></ul>');
    state = run(state, setTaskChecked(1, true));
    expect(state.doc.firstChild!.firstChild!.attrs.checked).toBe(true);
    expect(setTaskChecked(0, true)(state)).toBe(false);
  });
});
