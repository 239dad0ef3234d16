import { inputRules } from 'prosemirror-inputrules';
import { type Node, DOMParser as PMDOMParser } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { buildInputRules } from './input-rules.js';
import { buildKeymaps } from './keymap.js';
import { schema } from './schema.js';

/** A document parsed from HTML, for tests. */
export function docFrom(html: string): Node {
  const div = document.createElement('div');
  div.innerHTML = html;
  return PMDOMParser.fromSchema(schema).parse(div);
}

/** An editor state over `html` with the cursor at the end of the text `at` (or the document's end). */
export function stateFrom(html: string, at?: string): EditorState {
  const doc = docFrom(html);
  let pos = doc.content.size - 1;
  if (at !== undefined) {
    doc.descendants((node, p) => {
      const i = node.isText ? node.text!.indexOf(at) : -1;
      if (i >= 0) pos = p + i + at.length;
    });
  }
  return EditorState.create({ doc, selection: TextSelection.create(doc, pos), plugins: [inputRules({ rules: buildInputRules(schema) }), ...buildKeymaps(schema)] });
}

/** A real ProseMirror view (in happy-dom) with the editor's input rules and keymaps. */
export function viewFrom(html = '<p></p>'): EditorView {
  return new EditorView(document.createElement('div'), { state: stateFrom(html) });
}

/** Types `text` one character at a time the way the browser would, so input rules run. */
export function typeText(view: EditorView, text: string): void {
  for (const ch of text) {
    const { from, to } = view.state.selection;
    const deflt = () => view.state.tr.insertText(ch, from, to);
    if (!view.someProp('handleTextInput', (f) => f(view, from, to, ch, deflt))) view.dispatch(deflt());
  }
}
