import { Plugin } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';

/** Shows the text (a string, or a function read on every render) in an empty document, as a hint where to start typing. */
export function placeholderPlugin(placeholder: string | (() => string)): Plugin {
  return new Plugin({
    props: {
      decorations(state) {
        const text = typeof placeholder === 'function' ? placeholder() : placeholder;
        const doc = state.doc;
        const only = doc.childCount === 1 ? doc.firstChild : null;
        if (!text || !only || !only.isTextblock || only.content.size > 0 || only.type.name !== 'paragraph') return null;
        return DecorationSet.create(doc, [
          Decoration.node(0, only.nodeSize, { class: 'tandem-placeholder', 'data-placeholder': text }),
        ]);
      },
    },
  });
}
