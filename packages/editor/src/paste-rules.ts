import { markdownToProseMirrorJSON, type PMNodeJSON } from '@tandem/document/formats';
import { Fragment, Node, type Schema, Slice } from 'prosemirror-model';
import { Plugin } from 'prosemirror-state';
import { isPastedUrl, normalizeLink } from './link-url.js';
import { looksLikeMarkdown } from './markdown-detect.js';

/**
 * What pasting does beyond ProseMirror's default:
 * - plain text that looks like Markdown (no HTML on the clipboard, not in a code block, not a
 *   "paste as plain text") is parsed by the same Markdown parser as imports, so headings, lists,
 *   emphasis, code, links and tables arrive formatted; other plain text pastes as before;
 * - a link address pasted over a selection links the selection instead of replacing it.
 * Runs after the table plugin (its GFM table parser answers first).
 */
export function pasteRules(schema: Schema): Plugin {
  const link = schema.marks.link!;
  return new Plugin({
    props: {
      clipboardTextParser(text, $context, plain) {
        if (plain || $context.parent.type.spec.code || !looksLikeMarkdown(text)) return undefined as unknown as Slice;
        let doc: Node;
        try {
          doc = Node.fromJSON(schema, normalizeLinks(markdownToProseMirrorJSON(text)));
        } catch {
          return undefined as unknown as Slice; // too long or too deep for the parser: pasted as plain text
        }
        let content = doc.content;
        if (content.childCount === 0) return undefined as unknown as Slice;
        if (content.childCount === 1 && content.firstChild!.type === schema.nodes.paragraph) {
          // inline Markdown pasted into a sentence keeps the spaces around it (the parser trims them)
          const lead = /^[ \t]*/.exec(text)![0];
          const trail = /[ \t]*$/.exec(text.replace(/[\r\n]+$/, ''))![0];
          const para = content.firstChild!;
          const inner = Fragment.from(lead ? schema.text(lead) : []).append(para.content).append(Fragment.from(trail ? schema.text(trail) : []));
          content = Fragment.from(para.copy(inner));
        }
        // an opening or closing paragraph joins the text around the cursor; other blocks stay whole
        const open = (node: Node | null) => (node?.type === schema.nodes.paragraph ? 1 : 0);
        return new Slice(content, open(content.firstChild), open(content.lastChild));
      },
      handlePaste(view, event) {
        const { selection } = view.state;
        const text = event.clipboardData?.getData('text/plain') ?? '';
        if (selection.empty || !isPastedUrl(text) || selection.$from.parent.type.spec.code) return false;
        const href = normalizeLink(text)!;
        const { from, to } = selection;
        view.dispatch(view.state.tr.removeMark(from, to, link).addMark(from, to, link.create({ href })).setMeta('paste', true).scrollIntoView());
        return true;
      },
    },
  });
}

/** Gives pasted links the link field's address rule (`example.com` -> https://...); a refused address loses its link. */
function normalizeLinks(node: PMNodeJSON): PMNodeJSON {
  const marks = node.marks?.flatMap((mark) => {
    if (mark.type !== 'link') return [mark];
    const href = normalizeLink(String(mark.attrs?.href ?? ''));
    return href === null ? [] : [{ ...mark, attrs: { ...mark.attrs, href } }];
  });
  return { ...node, ...(marks ? { marks } : {}), ...(node.content ? { content: node.content.map(normalizeLinks) } : {}) };
}
